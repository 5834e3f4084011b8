/**
 * Reads the course's own versions of an exercise's files: the starter as
 * committed in git, and the reference solution.
 *
 * @module
 */

import { relative } from "node:path";
import { CourseError } from "./errors.ts";
import { type Course, type Exercise, exercisePaths } from "./exercises.ts";

/**
 * Reads an exercise's starter as the course shipped it: the version committed
 * in git `HEAD`, or the file itself where there is no git history.
 */
export async function readStarter(
  course: Course,
  exercise: Exercise,
): Promise<string> {
  try {
    return await readCommitted(course, `exercises/${exercise.file}`);
  } catch {
    return await Deno.readTextFile(exercisePaths(course, exercise).exercise);
  }
}

/**
 * Reads a file as committed in the course's git `HEAD`; `path` is relative to
 * the course root. Throws a {@linkcode CourseError} when git or the file is
 * missing.
 */
export async function readCommitted(
  course: Course,
  path: string,
): Promise<string> {
  const spec = `HEAD:${path}`;
  let result: Deno.CommandOutput;
  try {
    result = await new Deno.Command("git", {
      args: ["show", spec],
      cwd: course.root,
      stdout: "piped",
      stderr: "null",
    }).output();
  } catch {
    throw new CourseError(
      "Cannot read the course's committed files: git is not installed",
    );
  }
  if (!result.success) {
    throw new CourseError(
      `git has no committed "${path}": this needs the course as a git clone`,
    );
  }
  return new TextDecoder().decode(result.stdout);
}

/** Reads an exercise's reference solution. */
export async function readSolution(
  course: Course,
  exercise: Exercise,
): Promise<string> {
  const path = exercisePaths(course, exercise).solution;
  try {
    return await Deno.readTextFile(path);
  } catch {
    throw new CourseError(
      `The solution file "${relative(course.root, path)}" is missing`,
    );
  }
}
