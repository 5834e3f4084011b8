/**
 * The course model: what `course.json`, `lessons/`, `exercises/` and
 * `solutions/` hold, read and checked in one place, with the shape of grading
 * results and the course's fixed values. The grader, the live course, the
 * site and the author tools all read the course through this module.
 *
 * @example Load the course and find an exercise
 * ```ts
 * import { exercisePaths, findExercise, loadCourse } from "@course/model";
 *
 * const course = await loadCourse(Deno.cwd());
 * const exercise = findExercise(course, "reachable");
 * console.log(exercisePaths(course, exercise).test);
 * ```
 *
 * @module
 */

export * from "./constants.ts";
export * from "./errors.ts";
export * from "./exercises.ts";
export * from "./files.ts";
export * from "./lessons.ts";
export * from "./results.ts";
