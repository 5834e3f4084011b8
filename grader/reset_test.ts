import assert from "node:assert/strict";
import { join } from "node:path";
import { commitAll, failing, makeCourse, passing } from "./_fixture.ts";
import { resetExercise } from "./reset.ts";

async function committedCourse() {
  const fixture = await makeCourse([{ id: "first", starter: failing }]);
  await commitAll(fixture.course.root);
  return fixture;
}

Deno.test("resetExercise() replaces a link in the exercise's place, never writing through it", async () => {
  await using fixture = await committedCourse();
  const outside = await Deno.makeTempFile();
  await Deno.writeTextFile(outside, "precious");
  try {
    const file = join(fixture.course.root, "exercises/01_fixture/first.ts");
    await Deno.remove(file);
    await Deno.symlink(outside, file);
    const outcome = await resetExercise(
      fixture.course,
      fixture.course.exercises[0]!,
    );
    assert.equal(await Deno.readTextFile(outside), "precious");
    assert.equal((await Deno.lstat(file)).isSymlink, false);
    assert.equal(await Deno.readTextFile(file), failing);
    assert.ok(outcome.backup);
    const backup = join(fixture.course.root, outcome.backup);
    assert.equal(
      await Deno.readLink(backup),
      outside,
      "the link is kept as a link",
    );
  } finally {
    await Deno.remove(outside);
  }
});

Deno.test("resetExercise() refuses a folder in the exercise's place, or a link on the way, in one line", async () => {
  await using fixture = await committedCourse();
  const exercise = fixture.course.exercises[0]!;
  const file = join(fixture.course.root, "exercises/01_fixture/first.ts");
  await Deno.remove(file);
  await Deno.mkdir(file);
  await assert.rejects(
    () => resetExercise(fixture.course, exercise),
    /^CourseError: "exercises\/01_fixture\/first\.ts" is a folder, not a file: move it away, then try again$/,
  );
  await Deno.remove(file);
  await Deno.writeTextFile(file, passing);
  const elsewhere = await Deno.makeTempDir();
  try {
    await Deno.symlink(elsewhere, join(fixture.course.root, ".backups"));
    await assert.rejects(
      () => resetExercise(fixture.course, exercise),
      /"\.backups" should be a folder, but is a link or a file/,
    );
    assert.deepEqual(
      [...Deno.readDirSync(elsewhere)],
      [],
      "nothing written through the link",
    );
    assert.equal(
      await Deno.readTextFile(file),
      passing,
      "the learner's file is untouched",
    );
  } finally {
    await Deno.remove(elsewhere, { recursive: true });
  }
});
