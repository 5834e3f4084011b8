/**
 * `grade hint <id> [n]`: the next hint not yet shown, or hint `n`; after the
 * last one, where the reference solution is.
 *
 * @module
 */

import { CourseError, type Exercise, task } from "../../course/mod.ts";
import type { Context } from "./context.ts";

/** Shows a hint of `exercise`: hint `which` (1-based), or the next one not seen. */
export async function hint(
  context: Context,
  exercise: Exercise,
  which?: string,
): Promise<number> {
  const { store } = context.grader;
  const count = exercise.hints.length;
  const n = which === undefined
    ? Math.min(store.hintsSeen(exercise) + 1, count)
    : Number(which);
  if (!Number.isInteger(n) || n < 1 || n > count) {
    throw new CourseError(
      `"${exercise.id}" has hints 1 to ${count}: got "${which}"`,
    );
  }
  store.seeHints(exercise, n);
  await store.save();
  context.print(`Hint ${n} of ${count}: ${exercise.hints[n - 1]}`);
  context.print(
    n < count
      ? `\nStill stuck? The next hint: ${task(`grade hint ${exercise.id}`)}`
      : `\nThat was the last hint. To read the reference solution anyway: ${
        task(`grade solution ${exercise.id} --force`)
      }`,
  );
  return 0;
}
