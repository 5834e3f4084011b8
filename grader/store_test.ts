import assert from "node:assert/strict";
import { join } from "node:path";
import { commitAll, failing, makeCourse, passing } from "./_fixture.ts";
import { openGrader } from "./grade.ts";

const helper = "export const value = 42;\n";
const usesHelper =
  'import { value } from "./_helper.ts";\nexport function answer(): number {\n  return value;\n}\n';

async function twoExercises() {
  const fixture = await makeCourse([
    { id: "first", starter: usesHelper },
    { id: "second", starter: failing },
  ]);
  await fixture.write("exercises/01_fixture/_helper.ts", helper);
  return fixture;
}

Deno.test("a second grading with nothing changed reuses every result, marked unchanged", async () => {
  await using fixture = await twoExercises();
  const { course } = fixture;
  const first = await (await openGrader(course)).grade(course.exercises);
  assert.deepEqual(first.map((r) => [r.status, r.unchanged]), [
    ["passed", undefined],
    ["failed", undefined],
  ]);
  const again = await (await openGrader(course)).grade(course.exercises);
  assert.deepEqual(again.map((r) => [r.status, r.unchanged]), [
    ["passed", true],
    ["failed", true],
  ]);
  assert.equal(again[1]?.summary, first[1]?.summary);
});

Deno.test("a change to an imported helper module grades the exercise again", async () => {
  await using fixture = await twoExercises();
  const { course } = fixture;
  await (await openGrader(course)).grade(course.exercises);
  await fixture.write(
    "exercises/01_fixture/_helper.ts",
    "export const value = 41;\n",
  );
  const again = await (await openGrader(course)).grade(course.exercises);
  assert.equal(again[0]?.status, "failed");
  assert.equal(again[0]?.unchanged, undefined);
  assert.equal(again[1]?.unchanged, true, "the other exercise did not change");
});

Deno.test("a refusal before any test ran is not remembered: it may depend on git, not only on the files", async () => {
  await using fixture = await twoExercises();
  const { course } = fixture;
  await commitAll(course.root);
  const test = "exercises/01_fixture/second_test.ts";
  const text = await Deno.readTextFile(join(course.root, test));
  await fixture.write(test, `${text}\n// An edit of a course file.\n`);
  const refused = await (await openGrader(course)).grade(course.exercises);
  assert.equal(refused[1]?.status, "error");
  assert.match(
    refused[1]?.summary ?? "",
    /differs from the course's committed/,
  );
  // The edit becomes the course's own: the same files now grade normally.
  await commitAll(course.root);
  const again = await (await openGrader(course)).grade(course.exercises);
  assert.deepEqual(
    again.map((r) => [r.status, r.unchanged]),
    [["passed", true], ["failed", undefined]],
  );
});

Deno.test("a change to the exercise file, or --fresh, grades it again", async () => {
  await using fixture = await twoExercises();
  const { course } = fixture;
  await (await openGrader(course)).grade(course.exercises);
  await fixture.write("exercises/01_fixture/second.ts", passing);
  const again = await (await openGrader(course)).grade(course.exercises);
  assert.deepEqual(again.map((r) => [r.status, r.unchanged]), [
    ["passed", true],
    ["passed", undefined],
  ]);
  const fresh = await (await openGrader(course, { fresh: true })).grade(
    course.exercises,
  );
  assert.deepEqual(fresh.map((r) => r.unchanged), [undefined, undefined]);
});

Deno.test("a corrupt, foreign or forged store is ignored, never trusted", async () => {
  await using fixture = await twoExercises();
  const { course } = fixture;
  const path = join(course.root, ".grader/store.json");
  await (await openGrader(course)).grade(course.exercises);
  const stored = JSON.parse(await Deno.readTextFile(path));
  const forged = structuredClone(stored);
  forged.results.second.result.status = "passed";
  const variants = [
    "{ not json",
    JSON.stringify({ ...stored, version: 999 }),
    JSON.stringify({ ...stored, results: { second: { key: "x" } } }),
    JSON.stringify(forged),
  ];
  for (const text of variants) {
    await Deno.writeTextFile(path, text);
    const results = await (await openGrader(course)).grade(course.exercises);
    assert.equal(results[1]?.status, "failed", text.slice(0, 40));
  }
});

Deno.test("a result whose files changed during its run is not remembered", async () => {
  await using fixture = await twoExercises();
  const { course } = fixture;
  const grader = await openGrader(course);
  const [first] = await grader.grade([course.exercises[1]!]);
  const files = [join(course.root, "exercises/01_fixture/second.ts")];
  const before = await grader.store.snapshot(files);
  await fixture.write("exercises/01_fixture/second.ts", passing);
  await grader.store.remember(course.exercises[1]!, first!, files, before);
  assert.equal(await grader.store.recall(course.exercises[1]!), undefined);
  const again = await grader.grade([course.exercises[1]!]);
  assert.equal(again[0]?.status, "passed");
});
