/**
 * Learner code that tries to fool the grader or leave its sandbox: each case
 * is graded in a fixture course and must end as described, in one plain line,
 * having gained nothing.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  defaultRequirement,
  type FixtureExercise,
  makeCourse,
  passing,
} from "./_fixture.ts";
import { gradeAll } from "./grade.ts";
import { runExercise } from "./run.ts";

/**
 * Grades the exercises in a fixture course, with `files` (paths from the
 * course root) written beside them; returns the results by id.
 */
async function gradeFixture(
  exercises: FixtureExercise[],
  files: Record<string, string> = {},
) {
  await using fixture = await makeCourse(exercises);
  for (const [path, text] of Object.entries(files)) {
    await fixture.write(path, text);
  }
  const results = await gradeAll(fixture.course, fixture.course.exercises, {
    typeCheck: false,
    timeoutMs: 20_000,
  });
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

/** Grades each starter as its own exercise; returns the results by id. */
function gradeEach(starters: Record<string, string>) {
  return gradeFixture(
    Object.entries(starters).map(([id, starter]) => ({ id, starter })),
  );
}

/** Asserts that each of `ids` passed. */
function assertPassed(
  results: Record<string, { status: string; summary: string }>,
  ids: string[],
): void {
  for (const id of ids) {
    assert.equal(
      results[id]?.status,
      "passed",
      `${id}: ${results[id]?.summary}`,
    );
  }
}

const answer42 = "export function answer(): number {\n  return 42;\n}\n";
const answer41 = "export function answer(): number {\n  return 41;\n}\n";

Deno.test("a learner file that ends the run early, or replaces or wraps Deno.test, is graded error", async () => {
  const results = await gradeEach({
    exit_at_load: `${answer42}Deno.exit(0);\n`,
    close_at_load: `${answer42}(globalThis as { close(): void }).close();\n`,
    process_exit:
      `import process from "node:process";\n${answer41}process.exit(0);\n`,
    exit_later: `${answer41}setTimeout(() => Deno.exit(0), 0);\n`,
    replace_test: `${answer41}(Deno as { test: unknown }).test = () => {};\n`,
    wrap_test: `${answer41}const real = Deno.test;
(Deno as { test: unknown }).test = (name: string, fn: () => unknown) =>
  real(name, async () => { try { await fn(); } catch { /* swallowed */ } });\n`,
    own_test: `${answer41}Deno.test("${defaultRequirement}", () => {});\n`,
    only_test: `${answer41}Deno.test({ name: "mine", only: true, fn() {} });\n`,
    raw_ops:
      `${answer41}const internal = (Deno as unknown as Record<symbol, { core?: { ops: Record<string, () => void> } }>)[(Deno as unknown as { internal: symbol }).internal];
internal?.core?.ops.op_test_event_step_result_ok?.();\n`,
  });
  for (const [id, result] of Object.entries(results)) {
    assert.notEqual(result.status, "passed", `${id}: ${result.summary}`);
    assert.ok(result.summary.length > 0, `${id} has no explanation`);
    assert.doesNotMatch(result.summary, /Stack backtrace|\n\s+at .*ext:/, id);
  }
  for (const id of ["exit_at_load", "close_at_load", "exit_later"]) {
    assert.equal(
      results[id]?.status,
      "error",
      `${id}: ${results[id]?.summary}`,
    );
    assert.match(
      results[id]?.summary ?? "",
      /Deno\.exit\(\) or close\(\)/,
      `${id} should ask about Deno.exit or close()`,
    );
  }
  assert.match(results.own_test?.summary ?? "", /may not call Deno\.test/);
  assert.match(results.replace_test?.summary ?? "", /Cannot assign|read.only/);
});

Deno.test("learner code cannot patch the assertions, the built-ins or the global names the tests use", async () => {
  const results = await gradeEach({
    assert_patched: `import assert from "node:assert/strict";
try { (assert as unknown as { equal: unknown }).equal = () => {}; } catch { /* refused */ }
${answer41}`,
    weakref_rebound:
      `try { (globalThis as { WeakRef: unknown }).WeakRef = class {}; } catch { /* refused */ }
${answer41}`,
    prototype_patched:
      `try { Object.defineProperty(Array.prototype, "includes", { value: () => true }); } catch { /* refused */ }
${answer41}`,
    deref_patched:
      `try { WeakRef.prototype.deref = () => undefined; } catch { /* refused */ }
${answer41}`,
  });
  for (const [id, result] of Object.entries(results)) {
    assert.equal(result.status, "failed", `${id}: ${result.summary}`);
    assert.match(result.summary, /answer\(\) should return 42/, id);
  }
});

Deno.test("learner code cannot change the web globals the tests rely on: performance, events, URL, error reporting", async () => {
  // Each line tries one change; the answer is 42 only if none took effect.
  const attempts = [
    "performance.now = () => 0",
    "(globalThis as any).performance = { now: () => 0 }",
    "Object.defineProperty(globalThis, 'performance', { value: { now: () => 0 } })",
    "Object.defineProperty(Performance.prototype, 'now', { value: () => 0 })",
    "EventTarget.prototype.addEventListener = () => {}",
    "Event.prototype.preventDefault = () => {}",
    "Object.defineProperty(ErrorEvent.prototype, 'error', { get: () => undefined })",
    "Object.defineProperty(MessageEvent.prototype, 'data', { get: () => 'x' })",
    "(globalThis as any).addEventListener = () => {}",
    "(globalThis as any).reportError = () => {}",
    "(globalThis as any).EventTarget = class {}",
    "(globalThis as any).URL = class {}",
    "(globalThis as any).SuppressedError = class {}",
  ];
  const results = await gradeEach({
    web_globals: `// deno-lint-ignore-file no-explicit-any
const read = () => [
  performance.now, globalThis.performance, EventTarget.prototype.addEventListener,
  Event.prototype.preventDefault,
  Object.getOwnPropertyDescriptor(ErrorEvent.prototype, "error")?.get,
  Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data")?.get,
  globalThis.addEventListener, globalThis.reportError, EventTarget, URL,
  SuppressedError,
];
const before = read();
${attempts.map((line) => `try { ${line}; } catch { /* refused */ }`).join("\n")}
const after = read();
const changed = before.some((value, i) => value !== after[i]) ||
  performance.now() === 0;
export function answer(): number {
  return changed ? 41 : 42;
}
`,
  });
  assertPassed(results, ["web_globals"]);
});

Deno.test("an error listener of the learner's own cannot hide an uncaught error from the tests", async () => {
  const { swallow: result } = await gradeFixture([{
    id: "swallow",
    starter: `globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  event.stopImmediatePropagation();
});
export function answer(): number {
  setTimeout(() => { throw new Error("thrown later"); }, 0);
  return 42;
}
`,
    test: `import assert from "node:assert/strict";
import { onUncaughtError } from "@course/gc/_graded.ts";
import { answer } from "./swallow.ts";

Deno.test("${defaultRequirement}", async () => {
  const errors: unknown[] = [];
  const stop = onUncaughtError((event) => {
    event.preventDefault();
    errors.push(event.error);
  });
  assert.equal(answer(), 42);
  await new Promise((resolve) => setTimeout(resolve, 20));
  stop();
  assert.deepEqual(errors, [], "answer() threw an error later");
});
`,
  }]);
  assert.equal(result?.status, "failed", result?.summary);
  assert.match(result?.summary ?? "", /answer\(\) threw an error later/);
});

Deno.test("learner code sees no gc(), no test file on its stack and none of the runtime's internals, as in a normal program", async () => {
  const results = await gradeEach({
    gc_probe: `export function answer(): number {
  const g = globalThis as Record<string, unknown>;
  return typeof g.gc === "function" || "gc" in g ? 41 : 42;
}\n`,
    stack_probe: `export function answer(): number {
  const stack = new Error("probe").stack ?? "";
  return /_test|ext:|40_test/.test(stack) ? 41 : 42;
}\n`,
    // The runtime's internals (which could, say, empty the global scope's
    // listeners) are out of reach.
    internals_probe: `export function answer(): number {
  const deno = Deno as unknown as Record<symbol, Record<string, unknown>>;
  const internal = (Deno as unknown as { internal: symbol }).internal;
  try {
    return typeof deno[internal]?.setEventTargetData === "function" ? 41 : 42;
  } catch {
    return 42;
  }
}\n`,
    // Nothing of the grader's among the global object's symbol keys.
    symbol_probe: `export function answer(): number {
  const keys = Object.getOwnPropertySymbols(globalThis).map(String);
  return keys.some((key) => /gc|course|grad/i.test(key)) ? 41 : 42;
}\n`,
  });
  assertPassed(results, [
    "symbol_probe",
    "gc_probe",
    "stack_probe",
    "internals_probe",
  ]);
});

Deno.test("learner code called through the given code sees neither it nor the tests on its stack", async () => {
  // A learner's test of given classes could otherwise tell them apart by
  // the lines of the given code that called it.
  const results = await gradeFixture([{
    id: "called",
    starter: `export function answer(): number {
  const stack = new Error("probe").stack ?? "";
  return /_given|_test|fast-check|node_modules|ext:|node:/.test(stack) ? 41 : 42;
}
`,
    test: `import assert from "node:assert/strict";
import { callAnswer } from "./_given.ts";
import { answer } from "./called.ts";

Deno.test("${defaultRequirement}", () => {
  assert.equal(callAnswer(answer), 42, "answer() should return 42");
});
`,
  }], {
    "exercises/01_fixture/_given.ts":
      "export const callAnswer = (f: () => number): number => [0].map(() => f())[0]!;\n",
  });
  assertPassed(results, ["called"]);
});

Deno.test("learner code cannot take over the course's gc(), nor reach built-ins the module graph check would refuse", async () => {
  await using fixture = await makeCourse([
    {
      // A leak that a gc() of its own would hide from the tests.
      id: "own_gc",
      starter: `const kept: object[] = [];
export function keep(value: object): void {
  kept.push(value);
}
Object.defineProperty(globalThis, "gc", {
  value: () => { kept.length = 0; },
  configurable: true,
});
`,
      test: `import { assertCollected } from "@course/gc";
import { keep } from "./own_gc.ts";

function kept(): WeakRef<object> {
  const value = {};
  keep(value);
  return new WeakRef(value);
}

Deno.test("keep() keeps nothing alive", async () => {
  await assertCollected(kept(), { message: "The value was kept." });
});
`,
      requirements: ["keep() keeps nothing alive"],
    },
    ...Object.entries({
      vm_module: `(globalThis as any).process.getBuiltinModule("node:vm");`,
      fs_module: `(globalThis as any).process.getBuiltinModule("fs");`,
      binding: `(globalThis as any).process.binding("fs");`,
      replaced_loader:
        `(globalThis as any).process.getBuiltinModule = () => ({});`,
    }).map(([id, line]) => ({ id, starter: `${line}\n${answer42}` })),
  ]);
  const results = Object.fromEntries(
    (await gradeAll(fixture.course, fixture.course.exercises, {
      typeCheck: false,
      timeoutMs: 20_000,
    })).map((r) => [r.id, r]),
  );
  assert.equal(results.own_gc?.status, "failed", results.own_gc?.summary);
  assert.match(results.own_gc?.summary ?? "", /The value was kept\./);
  for (const id of ["vm_module", "fs_module", "binding", "replaced_loader"]) {
    assert.notEqual(results[id]?.status, "passed", id);
    assert.match(
      results[id]?.summary ?? "",
      /may not use|Cannot (assign|redefine)|read.only/,
      `${id}: ${results[id]?.summary}`,
    );
  }
});

Deno.test("ordinary code still runs under the sandbox: overrides on instances, node modules, timers, microtasks", async () => {
  const results = await gradeEach({
    ordinary: `import { EventEmitter } from "node:events";
const o: { toString(): string } = {};
o.toString = () => "mine";
class Custom extends Error {}
const e = new Custom("x");
e.name = "Custom";
const emitter = new EventEmitter();
let heard = 0;
emitter.on("x", () => heard++);
emitter.emit("x");
await new Promise((resolve) => setTimeout(resolve, 1));
await new Promise<void>((resolve) => queueMicrotask(resolve));
const copy = structuredClone({ n: 1 });
clearInterval(setInterval(() => {}, 1000));
clearTimeout(setTimeout(() => {}, 1000));
new FinalizationRegistry(() => {}).register({}, "held");
new WeakRef({}).deref();
export function answer(): number {
  return String(o) === "mine" && heard === 1 && copy.n === 1 ? 42 : 0;
}\n`,
  });
  assert.equal(results.ordinary?.status, "passed", results.ordinary?.summary);
});

Deno.test("imports outside the exercises are refused before anything runs", async () => {
  const secret = await Deno.makeTempFile({ suffix: ".txt" });
  await Deno.writeTextFile(secret, "TOP-SECRET");
  const jsonSecret = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(jsonSecret, '{"secret":"TOP-SECRET"}');
  try {
    const results = await gradeEach({
      text_import:
        `import s from "${secret}" with { type: "text" };\nconsole.log(s);\n${answer42}`,
      json_import:
        `import s from "${jsonSecret}" with { type: "json" };\nconsole.log(s);\n${answer42}`,
      dynamic_import:
        `export async function peek() { return await import("${secret}", { with: { type: "text" } }); }\n${answer42}`,
      course_file:
        `import c from "../../course.json" with { type: "json" };\nconsole.log(c);\n${answer42}`,
      npm_import:
        `export async function pad() { return await import("npm:left-pad@1.3.0"); }\n${answer42}`,
      remote_import:
        `import "https://deno.land/x/anything/mod.ts";\n${answer42}`,
    });
    for (const [id, result] of Object.entries(results)) {
      assert.equal(result.status, "error", `${id}: ${result.summary}`);
      assert.match(
        result.summary,
        /imports ".+", which exercises may not use/,
        id,
      );
      assert.equal(result.summary.split("\n").length, 1, id);
      assert.doesNotMatch(result.output + result.summary, /TOP-SECRET/, id);
    }
  } finally {
    await Deno.remove(secret);
    await Deno.remove(jsonSecret);
  }
});

Deno.test("grading never downloads and never changes the lockfile", async () => {
  await using fixture = await makeCourse([{
    id: "npm",
    starter:
      `export async function pad() { return await import("npm:left-pad@1.3.0"); }\n${answer42}`,
  }]);
  const lock = '{\n  "version": "5"\n}\n';
  await fixture.write("deno.lock", lock);
  const result = await runExercise(
    fixture.course,
    fixture.course.exercises[0]!,
    { typeCheck: false },
  );
  assert.equal(result.status, "error");
  assert.equal(
    await Deno.readTextFile(join(fixture.course.root, "deno.lock")),
    lock,
  );
});

Deno.test("an exercise file that is a link out of the course is refused", async () => {
  const outside = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(outside, passing);
  try {
    await using fixture = await makeCourse([{
      id: "linked",
      starter: passing,
    }]);
    const file = join(fixture.course.root, "exercises/01_fixture/linked.ts");
    await Deno.remove(file);
    await Deno.symlink(outside, file);
    const result = await runExercise(
      fixture.course,
      fixture.course.exercises[0]!,
      { typeCheck: false },
    );
    assert.equal(result.status, "error");
    assert.match(result.summary, /is a link to a file outside exercises\//);
  } finally {
    await Deno.remove(outside);
  }
});

Deno.test(
  "memory beyond V8's heap (array buffers, WebAssembly) is bounded and reported",
  {
    ignore: Deno.build.os !== "linux",
  },
  async () => {
    const started = performance.now();
    const results = await gradeEach({
      buffers: `const kept: Uint8Array[] = [];
for (let i = 0; i < 16; i++) kept.push(new Uint8Array(256 * 1024 * 1024).fill(1));
${answer42}`,
      wasm:
        `const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
for (let i = 0; i < 64; i++) { memory.grow(1024); new Uint8Array(memory.buffer).fill(1); }
${answer42}`,
    });
    for (const [id, result] of Object.entries(results)) {
      assert.equal(result.status, "error", `${id}: ${result.summary}`);
      assert.match(result.summary, /^Ran out of memory/, id);
    }
    assert.ok(performance.now() - started < 30_000, "memory was not bounded");
  },
);

Deno.test("exercise code cannot reach the tests' imports through a file of its own named like a test", async () => {
  await using fixture = await makeCourse([{
    id: "sneaky",
    starter:
      `import { peek } from "./_peek_test.ts";\nexport function answer(): number {\n  return peek();\n}\n`,
  }]);
  await fixture.write(
    "exercises/01_fixture/_peek_test.ts",
    `import { collect } from "@course/gc";\nimport fc from "fast-check";\nexport function peek(): number {\n  return typeof fc === "object" && typeof collect === "function" ? 42 : 0;\n}\n`,
  );
  await fixture.write(
    "deno.json",
    JSON.stringify({
      imports: {
        "@course/gc": import.meta.resolve("../gc/mod.ts"),
        "fast-check": "npm:fast-check@4.11.0",
      },
    }),
  );
  const result = await runExercise(
    fixture.course,
    fixture.course.exercises[0]!,
    { typeCheck: false },
  );
  assert.equal(result.status, "error", result.summary);
  assert.match(
    result.summary,
    /_peek_test\.ts(, which is the tests' own code| imports "(fast-check|@course\/gc)")/,
  );
});

Deno.test("a syntax error that learner code prints about a file outside the exercises makes the grader read nothing there", async () => {
  // The grader reads the file a syntax error names, to point at an unclosed
  // bracket: only files in exercises/ are read, not a course file beside it
  // nor a folder whose name starts the same way.
  const secret = "export function s() {\n  if (true) {\n\n\n\n\n\n\n";
  const fake = (shown: string) =>
    `console.error("error: SyntaxError: Unexpected token");
console.error("    at ${shown}:9:1");
Deno.exit(1);
${answer42}`;
  const results = await gradeFixture([
    { id: "beside", starter: fake("private/secret.ts") },
    { id: "sibling", starter: fake("exercises-private/secret.ts") },
    { id: "inside", starter: fake("exercises/01_fixture/_secret.ts") },
  ], {
    "private/secret.ts": secret,
    "exercises-private/secret.ts": secret,
    "exercises/01_fixture/_secret.ts": secret,
  });
  for (const id of ["beside", "sibling", "inside"]) {
    assert.equal(results[id]?.status, "error", results[id]?.summary);
    assert.match(results[id]?.summary ?? "", /^Syntax error at /, id);
  }
  assert.doesNotMatch(results.beside?.summary ?? "", /no matching/);
  assert.doesNotMatch(results.sibling?.summary ?? "", /no matching/);
  assert.match(results.inside?.summary ?? "", /seems to have no matching/);
});

Deno.test("exercise code may import @course/gc only where its exercise lists it", async () => {
  // Code that can ask whether gc() works could leak only outside the grader.
  const starter =
    `import { requireGc } from "@course/gc";\nexport function answer(): number {\n  try {\n    requireGc();\n    return 42;\n  } catch {\n    return 41;\n  }\n}\n`;
  const results = await gradeFixture([
    { id: "unlisted", starter },
    { id: "listed", starter, imports: ["@course/gc"] },
  ]);
  assert.equal(results.unlisted?.status, "error", results.unlisted?.summary);
  assert.match(
    results.unlisted?.summary ?? "",
    /^exercises\/01_fixture\/unlisted\.ts imports "@course\/gc", which this exercise's code may not use/,
  );
  assertPassed(results, ["listed"]);
});

Deno.test("exercise code may not import the tests' shared helpers", async () => {
  const results = await gradeEach({
    helpers: `import * as testing from "../_testing.ts";
console.log(Object.keys(testing).length);
${answer42}`,
  });
  assert.equal(results.helpers?.status, "error", results.helpers?.summary);
  assert.match(
    results.helpers?.summary ?? "",
    /imports exercises\/_testing\.ts, which is the tests' own code/,
  );
});

Deno.test("learner code cannot reach the inspector session, register test hooks, or build code from strings", async () => {
  const results = await gradeEach({
    emitter_patched: `import { EventEmitter } from "node:events";
EventEmitter.prototype.emit = function () { return true; };
${answer41}`,
    inspector_imported:
      `import { Session } from "node:inspector";\nconsole.log(Session);\n${answer41}`,
    hook:
      `(Deno.test as unknown as { beforeEach(fn: () => void): void }).beforeEach(() => {});\n${answer41}`,
    computed_import:
      `const name = ["fast", "check"].join("-");\nexport const fc = await import(name);\n${answer41}`,
    // A regular expression that a scanner could take for the start of a
    // string, hiding the code after it.
    hidden_import:
      `const quote = /'/;\nexport const fc = await import(["fast", "check"].join("-")); // '\n${answer41}`,
    encoded_path: `import "./a%2Fb.ts";\n${answer41}`,
    from_strings: `export function answer(): number {
  return (new Function("return 42") as () => number)();
}\n`,
    worker: `export function answer(): number {
  new Worker(new URL("./other.ts", import.meta.url).href, { type: "module" });
  return 42;
}\n`,
    main_module: `export function answer(): number {
  return Deno.mainModule.endsWith("_test.ts") ? 41 : 42;
}\n`,
  });
  for (const id of Object.keys(results)) {
    if (id === "main_module") continue;
    assert.notEqual(
      results[id]?.status,
      "passed",
      `${id}: ${results[id]?.summary}`,
    );
  }
  for (const id of ["computed_import", "hidden_import"]) {
    assert.equal(results[id]?.status, "error", results[id]?.summary);
    assert.match(
      results[id]?.summary ?? "",
      /has an import\(\) whose path is not written out/,
    );
  }
  assert.equal(results.encoded_path?.status, "error");
  assert.match(
    results.encoded_path?.summary ?? "",
    /^An import names "exercises\/01_fixture\/a%2Fb\.ts", a path the grader cannot read/,
  );
  assert.match(
    results.inspector_imported?.summary ?? "",
    /imports "node:inspector", which exercises may not use/,
  );
  assert.match(results.hook?.summary ?? "", /test hooks/);
  assert.equal(
    results.main_module?.status,
    "passed",
    results.main_module?.summary,
  );
});

Deno.test("an import the grader cannot list is refused, and control characters in it are not printed", async () => {
  await using fixture = await makeCourse([{
    id: "many",
    starter:
      `import "./_many.ts";\nimport s from "/etc/hostname" with { type: "text" };\nconsole.log("OUTSIDE", s);\n${answer42}`,
  }, {
    id: "noisy",
    starter: `import "npm:\\u001b]0;PWNED\\u0007\\u001b[2Jred";\n${answer42}`,
  }]);
  await fixture.write("exercises/01_fixture/_empty.ts", "export {};\n");
  await fixture.write(
    "exercises/01_fixture/_many.ts",
    Array.from({ length: 2000 }, (_, i) => `import "./_empty.ts#${i}";`)
      .join("\n") + "\n",
  );
  const [many, noisy] = await gradeAll(
    fixture.course,
    fixture.course.exercises,
    {
      typeCheck: false,
      timeoutMs: 30_000,
    },
  );
  assert.equal(many?.status, "error", many?.summary);
  assert.doesNotMatch((many?.output ?? "") + (many?.summary ?? ""), /OUTSIDE/);
  assert.equal(noisy?.status, "error");
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(noisy?.summary ?? "", /[\x00-\x08\x0b-\x1f\x7f]/);
});
