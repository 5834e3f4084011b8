import assert from "node:assert/strict";
import { commitAll, failing, makeCourse, passing } from "../grader/_fixture.ts";
import { readStarter } from "./files.ts";

Deno.test("readStarter() returns the committed starter, not the learner's edit", async () => {
  await using fixture = await makeCourse([{ id: "first", starter: failing }]);
  await commitAll(fixture.course.root);
  await fixture.write("exercises/01_fixture/first.ts", passing);
  const exercise = fixture.course.exercises[0]!;
  assert.equal(await readStarter(fixture.course, exercise), failing);
});

Deno.test("readStarter() reads the file where there is no git history", async () => {
  await using fixture = await makeCourse([{ id: "first", starter: failing }]);
  const exercise = fixture.course.exercises[0]!;
  assert.equal(await readStarter(fixture.course, exercise), failing);
});
