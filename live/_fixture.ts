/**
 * Test support: a small course the live course can build and grade, in a
 * temporary folder, committed to git as a clone would be.
 *
 * @module
 */

import {
  type Fixture,
  type FixtureExercise,
  makeCourse,
} from "../grader/_fixture.ts";

/** A starter that never ends: its test run lasts until it is killed. */
export const endless = "export function answer(): number {\n  for (;;) {}\n}\n";

/** The fixture's lesson page text, the words a test can look for. */
export const LESSON_TEXT = "Reachable fixtures stay.";

/** Writes a fixture course with one lesson for `exercises` and commits it. */
export async function liveCourse(
  exercises: FixtureExercise[],
): Promise<Fixture> {
  const fixture = await makeCourse(exercises);
  await fixture.write(
    "lessons/01_fixture.md",
    `---\ntitle: Fixture lesson\norder: 1\nsummary: A lesson for tests.\n---\n\n${LESSON_TEXT}\n`,
  );
  await commitAll(fixture.course.root);
  return fixture;
}

/** Makes `root` a git repository with everything in it committed, as a clone is. */
export async function commitAll(root: string): Promise<void> {
  await git(root, ["init", "--quiet"]);
  await git(root, ["add", "."]);
  await git(root, ["commit", "--quiet", "-m", "Fixture"]);
}

async function git(cwd: string, args: string[]): Promise<void> {
  const { success, stderr } = await new Deno.Command("git", {
    args: [
      "-c",
      "user.name=Fixture",
      "-c",
      "user.email=fixture@localhost",
      ...args,
    ],
    cwd,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(
      `git ${args[0]} failed: ${new TextDecoder().decode(stderr)}`,
    );
  }
}
