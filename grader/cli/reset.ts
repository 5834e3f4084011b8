/**
 * `grade reset <id>`: the committed starter back in place, the learner's
 * version kept in `.backups/`.
 *
 * @module
 */

import type { Exercise } from "../../course/mod.ts";
import { resetExercise } from "../reset.ts";
import type { Context } from "./context.ts";

/** Restores the starter of `exercise` and says where the learner's version went. */
export async function reset(
  context: Context,
  exercise: Exercise,
): Promise<number> {
  const outcome = await resetExercise(context.course, exercise);
  const file = `exercises/${exercise.file}`;
  context.print(
    outcome.unchanged
      ? `${file} already is the starter: nothing to do.`
      : `Restored the starter of ${file}.${
        outcome.backup ? ` Your version is kept at ${outcome.backup}` : ""
      }`,
  );
  return 0;
}
