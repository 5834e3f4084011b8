/**
 * Test support: a small course the live course can build and grade, in a
 * temporary folder, committed to git as a clone would be.
 *
 * @module
 */

import {
  commitAll,
  type Fixture,
  type FixtureExercise,
  makeCourse,
} from "../grader/_fixture.ts";

export { commitAll };

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
