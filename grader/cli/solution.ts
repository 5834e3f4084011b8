/**
 * `grade solution <id>`: the reference solution, once the exercise passes
 * (or with `--force`).
 *
 * @module
 */

import {
  CourseError,
  type Exercise,
  readSolution,
  task,
} from "../../course/mod.ts";
import type { Context } from "./context.ts";

/** Prints the reference solution of `exercise` once the learner's passes. */
export async function solution(
  context: Context,
  exercise: Exercise,
): Promise<number> {
  if (!context.force) {
    const [result] = await context.grader.grade([exercise], {
      signal: context.signal,
    });
    if (result?.status !== "passed") {
      throw new CourseError(
        `"${exercise.id}" does not pass yet (${result?.status}): solve it first, or see it anyway with ${
          task(`grade solution ${exercise.id} --force`)
        }`,
      );
    }
  }
  context.print(await readSolution(context.course, exercise));
  return 0;
}
