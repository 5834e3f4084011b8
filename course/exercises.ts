/**
 * Reads `course.json`, the one ordered description of the course's exercises,
 * checks it, and derives every path the tools need from it.
 *
 * @module
 */

import { join } from "node:path";
import { exerciseImports, testFileOf } from "./constants.ts";
import { CourseError } from "./errors.ts";

/**
 * A wrong answer, kept as the smallest change to the reference solution that
 * makes it: the author check applies `replace` to a copy of the solution and
 * expects exactly the tests named in `fails` to fail, by assertion.
 */
export interface WrongAnswer {
  /** A snake_case name for the mistake. */
  name: string;
  /** One sentence on what the mistake is. */
  mistake: string;
  /** The tests (requirements) that must fail, and only they. */
  fails: string[];
  /** Pairs of `[text, replacement]`; each text occurs once in the solution. */
  replace: [string, string][];
  /**
   * For a leak: words that the grader's explanation of its first failing
   * collection must show, such as the field that keeps the value alive.
   */
  explains?: string[];
}

/** One exercise, as listed in `course.json`. */
export interface Exercise {
  /** Stable snake_case name, used on the command line and in URLs. */
  id: string;
  /** Short human title; the starter and the solution open with it. */
  title: string;
  /** The lesson it belongs to: a file name in `lessons/` without `.md`. */
  lesson: string;
  /** The learner's file, relative to `exercises/` (and to `solutions/`). */
  file: string;
  /** Hints, gentlest first. */
  hints: string[];
  /**
   * What a solution must do, one sentence each; each is the exact name of the
   * test that checks it. A run passes only when every one of them ran and
   * passed, and nothing else ran.
   */
  requirements: string[];
  /** Wrong answers that the tests must reject. */
  wrongAnswers: WrongAnswer[];
  /**
   * For a starter that leaks: words that the grader's explanation of the
   * untouched starter must show.
   */
  starterExplains?: string[];
  /**
   * What this exercise's code may import besides files in `exercises/` and
   * the allowed `node:` built-ins: entries of `exerciseImports`. Code that
   * could ask whether `gc()` works could tell a graded run from a program,
   * so only exercises that need `@course/gc` list it.
   */
  imports?: string[];
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

/** The name of the file that describes the course, in its root folder. */
export const courseFile = "course.json";

/** Reads and checks `course.json` in `root`. */
export async function loadCourse(root: string): Promise<Course> {
  const path = join(root, courseFile);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new CourseError(
      `Cannot read "${path}": run this from the course folder`,
    );
  }
  return parseCourse(root, text);
}

/** Parses and checks the text of a `course.json` whose folder is `root`. */
export function parseCourse(root: string, text: string): Course {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CourseError(
      `course.json is not valid JSON: ${(error as Error).message}`,
    );
  }
  const title = (data as { title?: unknown })?.title;
  if (typeof title !== "string" || title === "") {
    throw new CourseError('course.json needs a "title"');
  }
  const list = (data as { exercises?: unknown })?.exercises;
  if (!Array.isArray(list) || list.length === 0) {
    throw new CourseError('course.json needs a non-empty "exercises" array');
  }
  const seen = new Set<string>();
  const exercises = list.map((entry, index) => {
    const exercise = parseExercise(entry, `course.json exercise ${index + 1}`);
    if (seen.has(exercise.id)) {
      throw new CourseError(
        `course.json exercise ${index + 1}: id "${exercise.id}" is used twice`,
      );
    }
    seen.add(exercise.id);
    return exercise;
  });
  return { root, title, exercises };
}

function parseExercise(entry: unknown, where: string): Exercise {
  const e =
    (typeof entry === "object" && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
  const text = (key: string, pattern?: RegExp, shape?: string): string => {
    const value = e[key];
    if (typeof value !== "string" || value === "") {
      throw new CourseError(`${where}: "${key}" must be a non-empty string`);
    }
    if (pattern && !pattern.test(value)) {
      throw new CourseError(`${where}: ${key} "${value}" must ${shape}`);
    }
    return value;
  };
  const id = text("id", /^[a-z][a-z0-9_]*$/, "be snake_case");
  const title = text("title");
  const lesson = text(
    "lesson",
    /^[0-9]{2}_[a-z0-9_]+$/,
    'look like "NN_topic"',
  );
  const file = text(
    "file",
    /^[0-9]{2}_[a-z0-9_]+\/[a-z][a-z0-9_]*\.ts$/,
    'look like "NN_topic/name.ts"',
  );
  const at = `${where} ("${id}")`;
  const hints = strings(e.hints, `${at}: "hints" must list at least one hint`);
  const requirements = strings(
    e.requirements,
    `${at}: "requirements" must list the name of every test, one each`,
  );
  if (new Set(requirements).size !== requirements.length) {
    throw new CourseError(`${at}: "requirements" lists a test twice`);
  }
  const wrongAnswers = (e.wrongAnswers ?? []) as unknown;
  if (!Array.isArray(wrongAnswers)) {
    throw new CourseError(`${at}: "wrongAnswers" must be a list`);
  }
  const starterExplains = e.starterExplains === undefined ? undefined : strings(
    e.starterExplains,
    `${at}: "starterExplains" must list the words the starter's explanation shows`,
  );
  const imports = e.imports === undefined ? undefined : strings(
    e.imports,
    `${at}: "imports" must list what its code may import`,
  );
  const unknown = imports?.find((name) => !exerciseImports.includes(name));
  if (unknown !== undefined) {
    throw new CourseError(
      `${at}: "imports" lists "${unknown}": exercise code may import only ${
        exerciseImports.join(", ")
      }`,
    );
  }
  return {
    id,
    title,
    lesson,
    file,
    hints,
    requirements,
    wrongAnswers: wrongAnswers.map((w, i) =>
      parseWrongAnswer(w, requirements, `${at} wrong answer ${i + 1}`)
    ),
    ...(starterExplains ? { starterExplains } : {}),
    ...(imports ? { imports } : {}),
  };
}

function parseWrongAnswer(
  entry: unknown,
  requirements: string[],
  where: string,
): WrongAnswer {
  const w =
    (typeof entry === "object" && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
  if (typeof w.name !== "string" || !/^[a-z][a-z0-9_]*$/.test(w.name)) {
    throw new CourseError(`${where}: "name" must be snake_case`);
  }
  if (typeof w.mistake !== "string" || w.mistake === "") {
    throw new CourseError(
      `${where} ("${w.name}"): "mistake" must say what it is`,
    );
  }
  const fails = strings(
    w.fails,
    `${where} ("${w.name}"): "fails" must name the tests that catch it`,
  );
  const unknown = fails.find((name) => !requirements.includes(name));
  if (unknown !== undefined) {
    throw new CourseError(
      `${where} ("${w.name}"): "${unknown}" is not one of the requirements`,
    );
  }
  const replace = w.replace;
  if (
    !Array.isArray(replace) || replace.length === 0 ||
    !replace.every((pair) =>
      Array.isArray(pair) && pair.length === 2 &&
      typeof pair[0] === "string" && pair[0] !== "" &&
      typeof pair[1] === "string"
    )
  ) {
    throw new CourseError(
      `${where} ("${w.name}"): "replace" must list [text, replacement] pairs`,
    );
  }
  const explains = w.explains === undefined ? undefined : strings(
    w.explains,
    `${where} ("${w.name}"): "explains" must list the words its explanation shows`,
  );
  return {
    name: w.name,
    mistake: w.mistake,
    fails,
    replace: replace as [string, string][],
    ...(explains ? { explains } : {}),
  };
}

function strings(value: unknown, message: string): string[] {
  if (
    !Array.isArray(value) || value.length === 0 ||
    value.some((item) => typeof item !== "string" || item === "")
  ) {
    throw new CourseError(message);
  }
  return value as string[];
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
  throw new CourseError(
    `No exercise "${key}": ${
      near ? `did you mean "${near.id}"? Otherwise use` : "use"
    } an id or a number from 1 to ${course.exercises.length}`,
  );
}

/** The number of single-character edits that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Formats the data of `course.json`: two-space indents, and each wrong answer
 * on a line of its own, so that the list reads as one mistake a line.
 */
export function formatCourseJson(data: unknown): string {
  const placeholders: string[] = [];
  const text = JSON.stringify(
    data,
    function (this: unknown, key: string, value: unknown) {
      if (key !== "wrongAnswers" || !Array.isArray(value)) return value;
      return value.map((answer) => {
        placeholders.push(oneLine(answer));
        return `\u0000${placeholders.length - 1}\u0000`;
      });
    },
    2,
  );
  return `${
    text.replace(/"\\u0000(\d+)\\u0000"/g, (_, i) => placeholders[Number(i)]!)
  }\n`;
}

/** JSON on one line, spaced as `deno fmt` keeps a one-line object. */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) =>
      `${JSON.stringify(k)}: ${oneLine(v)}`
    );
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}
