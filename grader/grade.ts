/**
 * Grades many exercises at once, a few at a time, and sums up progress.
 *
 * @module
 */

import type { Course, Exercise, Result } from "../course/mod.ts";
import { checkTogether, runExercise, type RunOptions } from "./run.ts";

/** Options for {@linkcode gradeAll}. */
export interface GradeAllOptions extends RunOptions {
  /** How many exercises run at once (the number of CPUs by default). */
  concurrency?: number;
  /** Called as each result arrives, in completion order. */
  onResult?: (result: Result) => void;
}

/** Grades the given exercises; results come back in the order given. */
export async function gradeAll(
  course: Course,
  exercises: Exercise[] = course.exercises,
  options: GradeAllOptions = {},
): Promise<Result[]> {
  const { concurrency = navigator.hardwareConcurrency, onResult, ...rest } =
    options;
  // Where one type check of them all passes, the runs skip their own; where
  // it fails, each exercise is checked alone so that errors land on it.
  const checked = rest.typeCheck !== false && exercises.length > 1 &&
    await checkTogether(course, exercises, rest);
  const run = checked ? { ...rest, typeCheck: false } : rest;
  const results: Result[] = new Array(exercises.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < exercises.length) {
      const index = next++;
      const exercise = exercises[index];
      if (!exercise) continue;
      const result = await runExercise(course, exercise, run);
      results[index] = result;
      onResult?.(result);
    }
  }
  const workers = Math.max(1, Math.min(concurrency, exercises.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
