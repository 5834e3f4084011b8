import assert from "node:assert/strict";
import { failing, makeCourse, passing } from "../grader/_fixture.ts";
import { commandLine, descendants, hasProc } from "../site/_child.ts";
import { resultsJson, statuses } from "../course/mod.ts";
import { openGrader } from "../grader/grade.ts";
import { exerciseUrl } from "../site/_course.ts";
import { createGrading } from "./grading.ts";

const loop = "export function answer(): number {\n  for (;;) {}\n}\n";

/** Resolves once a `deno test` runs in the course folder `root` (at once without /proc). */
async function testRunStarted(root: string): Promise<void> {
  const real = await Deno.realPath(root);
  const deadline = Date.now() + 60_000;
  while (hasProc) {
    if (Date.now() > deadline) throw new Error("No test run started");
    for (const pid of (await descendants(Deno.pid)).keys()) {
      const cwd = await Deno.readLink(`/proc/${pid}/cwd`).catch(() => "");
      if (cwd === real && / test /.test(await commandLine(pid))) return;
    }
    // /proc has no event to await: look again shortly.
    await new Promise((done) => setTimeout(done, 20));
  }
}

Deno.test("createGrading() grades every exercise and reports them as the grader's --json does", async () => {
  await using fixture = await makeCourse([
    { id: "first", starter: passing },
    { id: "second", starter: failing },
  ]);
  const { promise: idle, resolve } = Promise.withResolvers<void>();
  const grading = createGrading(
    fixture.course,
    await openGrader(fixture.course),
    {
      onIdle: resolve,
    },
  );
  grading.request(["first", "second"]);
  assert.deepEqual(grading.state().grading, ["first", "second"]);
  await idle;
  const state = grading.state();
  assert.equal(state.passed, 1);
  assert.equal(state.total, 2);
  assert.equal(state.next, "second");
  assert.deepEqual(state.grading, []);
  assert.deepEqual(
    state.results.map((r) => [r.id, r.status, r.file]),
    [
      ["first", "passed", "exercises/01_fixture/first.ts"],
      ["second", "failed", "exercises/01_fixture/second.ts"],
    ],
  );
  assert.deepEqual(
    state.results,
    resultsJson(fixture.course, grading.results()).results.map((r) => ({
      ...r,
      url: exerciseUrl(r.id),
    })),
    "the live state carries the grader's --json shape, with page URLs",
  );
  assert.deepEqual(state.statuses, statuses);
  await grading.stop();
});

Deno.test("createGrading() drops a run made stale by a newer save and keeps the newer result", async () => {
  await using fixture = await makeCourse([{ id: "answer", starter: loop }]);
  const { promise: idle, resolve } = Promise.withResolvers<void>();
  const seen: string[] = [];
  const grading = createGrading(
    fixture.course,
    await openGrader(fixture.course),
    {
      onResult: (result) => seen.push(result.status),
      onIdle: resolve,
    },
  );
  grading.request(["answer"]);
  await testRunStarted(fixture.course.root);
  await fixture.write("exercises/01_fixture/answer.ts", passing);
  grading.request(["answer"], { first: true });
  await idle;
  assert.deepEqual(seen, ["passed"], "the stale run should leave no result");
  await grading.stop();
});

Deno.test("createGrading() stop() ends a run that would hang, and grades nothing more", async () => {
  await using fixture = await makeCourse([
    { id: "hangs", starter: loop },
    { id: "after", starter: passing },
  ]);
  const seen: string[] = [];
  const grading = createGrading(
    fixture.course,
    await openGrader(fixture.course),
    {
      concurrency: 1,
      onResult: (result) => seen.push(result.id),
    },
  );
  grading.request(["hangs", "after"]);
  await testRunStarted(fixture.course.root);
  const started = performance.now();
  await grading.stop();
  assert.ok(performance.now() - started < 10_000, "stop() came late");
  grading.request(["after"]);
  assert.deepEqual(seen, [], "a result arrived after stop()");
  assert.deepEqual(grading.state().grading, []);
});
