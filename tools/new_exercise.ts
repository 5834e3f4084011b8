/**
 * `deno task new <lesson> <id> [--title "Title"]`: writes the skeleton of a
 * new exercise: its entry in `course.json` (in lesson order), a starter with
 * a statement and a `// TODO:`, its tests, a reference solution and one
 * wrong answer. The skeleton passes the author check as it is, so that each
 * step of filling it in can be checked with `deno task check-exercise <id>`.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  CourseError,
  courseFile,
  formatCourseJson,
  loadCourse,
  loadLessons,
  runMain,
  testFileOf,
} from "../course/mod.ts";

/** Options of {@linkcode newExercise}. */
export interface NewExerciseOptions {
  /** The title (the id in words by default). */
  title?: string;
}

/** What {@linkcode newExercise} wrote, relative to the course root. */
export interface NewExercise {
  /** The files written. */
  files: string[];
}

/** Writes the skeleton of exercise `id` for lesson `lesson` in the course at `root`. */
export async function newExercise(
  root: string,
  lesson: string,
  id: string,
  options: NewExerciseOptions = {},
): Promise<NewExercise> {
  const course = await loadCourse(root);
  const lessons = await loadLessons(root);
  const found = lessons.find((l) =>
    l.slug === lesson || String(l.order) === lesson
  );
  if (!found) {
    throw new CourseError(
      `No lesson "${lesson}": use a file name from lessons/ without .md, or its number`,
    );
  }
  if (!/^[a-z][a-z0-9_]*$/.test(id)) {
    throw new CourseError(
      `The id "${id}" must be snake_case, such as weak_cache`,
    );
  }
  if (course.exercises.some((e) => e.id === id)) {
    throw new CourseError(`The id "${id}" is already used in course.json`);
  }
  const title = options.title ??
    id.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
  const file = `${found.slug}/${id}.ts`;
  const requirement = "answer() returns 42";
  const paths = {
    [`exercises/${file}`]: starter(title),
    [`exercises/${testFileOf(file)}`]: tests(id, requirement),
    [`solutions/${file}`]: solution(title),
  };
  for (const path of Object.keys(paths)) {
    if (await Deno.lstat(join(root, path)).catch(() => undefined)) {
      throw new CourseError(`"${path}" already exists: choose another id`);
    }
  }
  for (const [path, text] of Object.entries(paths)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text, { createNew: true });
  }
  const data = JSON.parse(await Deno.readTextFile(join(root, courseFile)));
  const order = (slug: string) =>
    lessons.find((l) => l.slug === slug)?.order ?? 0;
  const at = data.exercises.findLastIndex((e: { lesson: string }) =>
    order(e.lesson) <= found.order
  );
  data.exercises.splice(at + 1, 0, {
    id,
    title,
    lesson: found.slug,
    file,
    hints: ["A first, gentle hint.", "A second hint that says more."],
    requirements: [requirement],
    wrongAnswers: [{
      name: "off_by_one",
      mistake: "returns 41, one less than asked",
      fails: [requirement],
      replace: [["return 42;", "return 41;"]],
    }],
  });
  await Deno.writeTextFile(join(root, courseFile), formatCourseJson(data));
  return { files: [courseFile, ...Object.keys(paths)] };
}

function starter(title: string): string {
  return `/**
 * # ${title}
 *
 * Say here what the learner builds and every promise it must keep: each one
 * is a requirement in course.json, checked by a test of the same name.
 *
 * @module
 */

/** Returns the answer. */
export function answer(): number {
  // TODO: return the answer.
  return 0;
}
`;
}

function tests(id: string, requirement: string): string {
  return `import assert from "node:assert/strict";
import { answer } from "./${id}.ts";

Deno.test("${requirement}", () => {
  assert.equal(answer(), 42, "answer() should return 42.");
});
`;
}

function solution(title: string): string {
  return `/**
 * Reference solution for "${title}".
 *
 * Say here why the solution is right.
 *
 * @module
 */

/** Returns the answer. */
export function answer(): number {
  return 42;
}
`;
}

if (import.meta.main) {
  await runMain(async () => {
    const { values, positionals } = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: { title: { type: "string" } },
    });
    const [lesson, id] = positionals;
    if (!lesson || !id || positionals.length > 2) {
      throw new CourseError(
        'Usage: deno task new <lesson> <id> [--title "Title"]',
      );
    }
    const root = fileURLToPath(new URL("..", import.meta.url));
    const { files } = await newExercise(root, lesson, id, {
      ...(values.title ? { title: values.title } : {}),
    });
    console.log(`Wrote:\n${files.map((f) => `  ${f}`).join("\n")}`);
    console.log(
      `Fill them in, then check the exercise: deno task check-exercise ${id}`,
    );
    return 0;
  });
}
