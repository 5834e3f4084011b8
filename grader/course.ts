/**
 * Reads `course.json`, the one ordered list of the course's exercises, and
 * derives every path the tools need from it.
 *
 * @module
 */

import { join } from "node:path";
import { GraderError } from "./errors.ts";

/** One exercise, as listed in `course.json`. */
export interface Exercise {
  /** Stable snake_case name, used on the command line and in URLs. */
  id: string;
  /** Short human title. */
  title: string;
  /** The lesson it belongs to: a file name in `lessons/` without `.md`. */
  lesson: string;
  /** The learner's file, relative to `exercises/` (and to `solutions/`). */
  file: string;
  /** Hints, gentlest first. */
  hints: string[];
}

/** The course: its root folder, its title and its exercises in order. */
export interface Course {
  /** Absolute path of the folder that holds `course.json`. */
  root: string;
  /** The course's title. */
  title: string;
  /** Exercises in course order. */
  exercises: Exercise[];
}

/** The files of one exercise, as absolute paths. */
export interface ExercisePaths {
  /** The file the learner edits. */
  exercise: string;
  /** The tests that grade it: the exercise file's name with `_test`. */
  test: string;
  /** The reference solution at the mirrored path. */
  solution: string;
  /** The lesson the exercise belongs to. */
  lesson: string;
}

/** Returns the absolute paths of an exercise's files. */
export function exercisePaths(
  course: Course,
  exercise: Exercise,
): ExercisePaths {
  return {
    exercise: join(course.root, "exercises", exercise.file),
    test: join(course.root, "exercises", testFileOf(exercise.file)),
    solution: join(course.root, "solutions", exercise.file),
    lesson: join(course.root, "lessons", `${exercise.lesson}.md`),
  };
}

/** Returns the test file that sits beside an exercise file. */
export function testFileOf(file: string): string {
  return file.replace(/\.ts$/, "_test.ts");
}

/** Reads and checks `course.json` in `root`. */
export async function loadCourse(root: string): Promise<Course> {
  const path = join(root, "course.json");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new GraderError(
      `Cannot read "${path}": run the grader from the course folder`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GraderError(
      `course.json is not valid JSON: ${(error as Error).message}`,
    );
  }
  const title = (data as { title?: unknown })?.title;
  if (typeof title !== "string" || title === "") {
    throw new GraderError('course.json needs a "title"');
  }
  return { root, title, exercises: parseExercises(data) };
}

function parseExercises(data: unknown): Exercise[] {
  const list = (data as { exercises?: unknown })?.exercises;
  if (!Array.isArray(list) || list.length === 0) {
    throw new GraderError('course.json needs a non-empty "exercises" array');
  }
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const where = `course.json exercise ${index + 1}`;
    const e = entry as Record<string, unknown>;
    for (const key of ["id", "title", "lesson", "file"]) {
      if (typeof e?.[key] !== "string" || e[key] === "") {
        throw new GraderError(`${where}: "${key}" must be a non-empty string`);
      }
    }
    const exercise = e as unknown as Exercise;
    if (!/^[a-z][a-z0-9_]*$/.test(exercise.id)) {
      throw new GraderError(`${where}: id "${exercise.id}" must be snake_case`);
    }
    if (seen.has(exercise.id)) {
      throw new GraderError(`${where}: id "${exercise.id}" is used twice`);
    }
    seen.add(exercise.id);
    if (!/^[0-9]{2}_[a-z0-9_]+\/[a-z0-9_]+\.ts$/.test(exercise.file)) {
      throw new GraderError(
        `${where}: file "${exercise.file}" must look like "NN_topic/name.ts"`,
      );
    }
    if (
      !Array.isArray(exercise.hints) || exercise.hints.length === 0 ||
      exercise.hints.some((hint) => typeof hint !== "string" || hint === "")
    ) {
      throw new GraderError(`${where}: "hints" must list at least one hint`);
    }
    return {
      id: exercise.id,
      title: exercise.title,
      lesson: exercise.lesson,
      file: exercise.file,
      hints: exercise.hints,
    };
  });
}

/** Finds an exercise by id or by its 1-based number in the course. */
export function findExercise(course: Course, key: string): Exercise {
  const byId = course.exercises.find((exercise) => exercise.id === key);
  if (byId) return byId;
  if (/^[0-9]+$/.test(key)) {
    const exercise = course.exercises[Number(key) - 1];
    if (exercise) return exercise;
  }
  const near = course.exercises.find((e) => editDistance(e.id, key) <= 2);
  throw new GraderError(
    `No exercise "${key}": ${
      near ? `did you mean "${near.id}"? Otherwise use` : "use"
    } an id or a number from 1 to ${course.exercises.length} (deno task grade lists them)`,
  );
}

/** The number of single-character edits that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
