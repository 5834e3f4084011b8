/**
 * A failing collection test explains itself: the grader's sandbox opens the
 * inspector before learner code runs, so `assertCollected` can say what keeps
 * a value alive, while learner code still has no `sys` permission.
 *
 * @module
 */

import assert from "node:assert/strict";
import { makeCourse } from "./_fixture.ts";
import { gradeAll } from "./grade.ts";

const leakTest = `import { assertCollected } from "@course/gc";
import { Registry, track } from "./leaky.ts";

function trackOne(registry: Registry): WeakRef<object> {
  const widget = { name: "widget" };
  track(registry, widget);
  return new WeakRef(widget);
}

Deno.test("a tracked widget can be collected", async () => {
  const registry = new Registry();
  const ref = trackOne(registry);
  await assertCollected(ref, {
    message: "The widget was still reachable after 10 collections.",
    name: "the widget",
  });
  registry.clear();
});
`;

Deno.test("a failing collection test names what keeps the value alive, and learner code still has no sys permission", async () => {
  await using fixture = await makeCourse([
    {
      id: "leaky",
      starter: `export class Registry {
  #widgets = new Set<() => object>();
  add(widget: object): void {
    this.#widgets.add(() => widget);
  }
  clear(): void {
    this.#widgets.clear();
  }
}

export function track(registry: Registry, widget: object): void {
  registry.add(widget);
}
`,
      test: leakTest,
      requirements: ["a tracked widget can be collected"],
    },
    {
      id: "curious",
      starter: `export function answer(): number {
  return Deno.hostname().length > 0 ? 41 : 42;
}
`,
    },
  ]);
  const [leaky, curious] = await gradeAll(
    fixture.course,
    fixture.course.exercises,
    { typeCheck: false, timeoutMs: 30_000 },
  );
  assert.equal(leaky?.status, "failed", leaky?.summary);
  assert.match(
    leaky?.summary ?? "",
    /^"a tracked widget can be collected" failed: The widget was still reachable after 10 collections\./,
  );
  assert.doesNotMatch(leaky?.summary ?? "", /still reachable:/);
  assert.match(leaky?.explanation ?? "", /^The widget is still reachable:\n/);
  assert.match(leaky?.explanation ?? "", /field #widgets \(Set\)/);
  // The test's own frame, with its line, though the sandbox hides the tests'
  // frames from the stack traces learner code reads.
  assert.match(
    leaky?.explanation ?? "",
    /a local variable of the function at exercises\/01_fixture\/leaky_test\.ts:10, paused at an await/,
  );
  // The line of the function, as the learner's file has it (TypeScript, not
  // the JavaScript it was compiled to).
  assert.match(
    leaky?.explanation ?? "",
    /→ an entry: the function at exercises\/01_fixture\/leaky\.ts:4\n.*closure keeps `widget`/,
  );
  assert.equal(curious?.status, "failed", curious?.summary);
  assert.match(curious?.summary ?? "", /tried to read system information/);
});

Deno.test("only the first failing collection of a run is explained, so that many failures stay within the time limit", async () => {
  const twice = leakTest.replace(
    'Deno.test("a tracked widget can be collected"',
    `Deno.test("a second widget is explained no more", async () => {
  const registry = new Registry();
  const ref = trackOne(registry);
  await assertCollected(ref, { message: "The second widget was kept." });
  registry.clear();
});

Deno.test("a tracked widget can be collected"`,
  );
  await using fixture = await makeCourse([{
    id: "leaky",
    starter:
      `export class Registry {\n  #widgets = new Set<object>();\n  add(widget: object): void {\n    this.#widgets.add(widget);\n  }\n  clear(): void {\n    this.#widgets.clear();\n  }\n}\n\nexport function track(registry: Registry, widget: object): void {\n  registry.add(widget);\n}\n`,
    test: twice,
    requirements: [
      "a second widget is explained no more",
      "a tracked widget can be collected",
    ],
  }]);
  const [result] = await gradeAll(fixture.course, fixture.course.exercises, {
    typeCheck: false,
    timeoutMs: 30_000,
    failFast: false,
  });
  assert.equal(result?.status, "failed");
  assert.deepEqual(result?.tests?.map((t) => t.outcome), ["failed", "failed"]);
  assert.match(result?.explanation ?? "", /is still reachable:/);
  assert.match(
    result?.output ?? "",
    /only the first failing collection of a run is explained/,
  );
});
