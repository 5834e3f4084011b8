/**
 * The grader's file operations on a learner's work: restoring a starter from
 * git while keeping a backup, and reading a reference solution.
 *
 * @module
 */

import { dirname, join, relative } from "node:path";
import { type Course, type Exercise, exercisePaths } from "./course.ts";
import { GraderError } from "./errors.ts";

/** What {@linkcode resetExercise} did. */
export interface ResetOutcome {
  /** Where the learner's previous version was kept, if there was one. */
  backup?: string;
  /** Whether the file already was the starter. */
  unchanged: boolean;
}

/** Options for {@linkcode resetExercise}. */
export interface ResetOptions {
  /** The time used to name the backup folder (now by default). */
  now?: Date;
}

/**
 * Restores an exercise's starter as committed in the course's git `HEAD`,
 * first copying the learner's version to `.backups/<time>/`.
 */
export async function resetExercise(
  course: Course,
  exercise: Exercise,
  options: ResetOptions = {},
): Promise<ResetOutcome> {
  const path = exercisePaths(course, exercise).exercise;
  const starter = await committedStarter(course, exercise);
  const current = await readIfPresent(path);
  if (current === starter) return { unchanged: true };
  let backup: string | undefined;
  if (current !== undefined) {
    const stamp = (options.now ?? new Date()).toISOString().replace(
      /[:.]/g,
      "-",
    );
    backup = join(course.root, ".backups", stamp, "exercises", exercise.file);
    await Deno.mkdir(dirname(backup), { recursive: true });
    await Deno.writeTextFile(backup, current, { createNew: true });
  }
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, starter);
  return { backup: backup && relative(course.root, backup), unchanged: false };
}

/**
 * Reads an exercise's starter as the course shipped it: the version committed
 * in git `HEAD`, or the file itself where there is no git history.
 */
export async function readStarter(
  course: Course,
  exercise: Exercise,
): Promise<string> {
  try {
    return await committedStarter(course, exercise);
  } catch {
    return await Deno.readTextFile(exercisePaths(course, exercise).exercise);
  }
}

async function committedStarter(
  course: Course,
  exercise: Exercise,
): Promise<string> {
  const spec = `HEAD:exercises/${exercise.file}`;
  let result: Deno.CommandOutput;
  try {
    result = await new Deno.Command("git", {
      args: ["show", spec],
      cwd: course.root,
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch {
    throw new GraderError(
      "Cannot reset: git is not installed, and the starter is restored from the course's git history",
    );
  }
  if (!result.success) {
    throw new GraderError(
      `Cannot reset: git has no committed starter at "${spec}" (reset needs the course as a git clone)`,
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
  const text = await readIfPresent(path);
  if (text === undefined) {
    throw new GraderError(
      `The solution file "${relative(course.root, path)}" is missing`,
    );
  }
  return text;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
