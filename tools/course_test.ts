/**
 * The author-side check of the course's content, run by `deno task test`:
 * every starter opens with its exercise's title and fails its tests by a
 * failing assertion, every solution passes (graded through the real command
 * line), every wrong answer in `course.json` fails exactly the tests it names,
 * every requirement has a wrong answer that only its own test catches, every
 * lesson belongs to the course, and no stray file hides in `exercises/` or
 * `solutions/`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  exercisePaths,
  formatCourseJson,
  isSupportModule,
  isTestCode,
  loadCourse,
  loadLessons,
  plainTestArgs,
  readCommittedFolder,
  testFileOf,
  testHelpersFile,
} from "../course/mod.ts";
import { gradeAll } from "../grader/grade.ts";
import { runExercise } from "../grader/run.ts";
import { copyCourse, solutionOverlays } from "./course_copy.ts";
import {
  applyWrongAnswer,
  rejectionProblem,
  starterProblem,
  uncoveredRequirements,
} from "./wrong_answers.ts";

const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const course = await loadCourse(root);
// Slow machines and GC-heavy tests need room; runaway code has its own tests.
// `deno task check` has already type-checked every file graded here.
const runOptions = {
  concurrency: 3,
  timeoutMs: 60_000,
  typeCheck: false,
  failFast: false,
};

async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string) {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else found.push(relative(root, path));
    }
  }
  await walk(join(root, folder));
  return found.sort();
}

/** The title a starter or a solution states in its opening doc comment. */
function statedTitle(source: string): string | undefined {
  return source.match(
    /^\/\*\*\n \* (?:# (.+)|Reference solution for "(.+)"\.)\n/,
  )?.slice(1).find((title) => title !== undefined);
}

Deno.test("every exercise has a starter with its title and a TODO, tests and a solution with its title", async () => {
  const problems: string[] = [];
  for (const exercise of course.exercises) {
    const paths = exercisePaths(course, exercise);
    const read = (path: string) => Deno.readTextFile(path).catch(() => "");
    const starter = await read(paths.exercise);
    const solution = await read(paths.solution);
    for (
      const [what, source] of [["starter", starter], ["solution", solution]]
    ) {
      if (!source) {
        problems.push(
          `${exercise.id}: the ${what} is missing: write ${
            what === "starter" ? "exercises" : "solutions"
          }/${exercise.file}`,
        );
      } else if (statedTitle(source) !== exercise.title) {
        problems.push(
          `${exercise.id}: the ${what} must open with a /** doc comment whose first line is ${
            what === "starter"
              ? `"# ${exercise.title}"`
              : `'Reference solution for "${exercise.title}".'`
          }`,
        );
      }
    }
    if (!starter.includes("// TODO:")) {
      problems.push(`${exercise.id}: the starter has no "// TODO:"`);
    }
    if (!(await read(paths.test))) {
      problems.push(`${exercise.id}: no test file`);
    }
  }
  assert.deepEqual(problems, []);
});

Deno.test("course.json is laid out by its formatter: one wrong answer a line", async () => {
  const text = await Deno.readTextFile(join(root, "course.json"));
  assert.ok(
    text === formatCourseJson(JSON.parse(text)),
    "Rewrite course.json with formatCourseJson() from course/exercises.ts",
  );
});

Deno.test("exercises/ and solutions/ hold only what course.json lists", async () => {
  // The exercises' own configuration (learner code keeps the compiler
  // options it was written for, while the tooling checks more), and the
  // support module that every exercise's tests share.
  const allowed = new Set<string>([
    "exercises/deno.json",
    `exercises/${testHelpersFile}`,
  ]);
  const folders = new Set<string>();
  for (const exercise of course.exercises) {
    allowed.add(`exercises/${exercise.file}`);
    allowed.add(`exercises/${testFileOf(exercise.file)}`);
    allowed.add(`solutions/${exercise.file}`);
    folders.add(dirname(exercise.file));
  }
  const stray = [
    ...await filesUnder("exercises"),
    ...await filesUnder("solutions"),
  ].filter((path) => {
    if (allowed.has(path)) return false;
    const [top, folder, name] = path.split("/");
    // Support modules: the given code and the implementations tests use.
    return !(top === "exercises" && folders.has(folder ?? "") &&
      isSupportModule(name ?? ""));
  });
  assert.deepEqual(stray, [], "files that no exercise in course.json owns");
});

Deno.test("every exercise's lesson exists, and course.json lists exercises in lesson order", async () => {
  const lessons = await loadLessons(root);
  assert.deepEqual(
    lessons.map((lesson) => lesson.order),
    lessons.map((_, i) => i + 1),
    "lesson orders must run 1, 2, 3, ... without gaps",
  );
  const slugs = lessons.map((lesson) => lesson.slug);
  const missing = course.exercises.filter((e) => !slugs.includes(e.lesson))
    .map((e) => `${e.id}: its lesson "lessons/${e.lesson}.md" does not exist`);
  assert.deepEqual(missing, []);
  const order = course.exercises.map((e) => slugs.indexOf(e.lesson));
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
    "course.json must list exercises in lesson order",
  );
});

const copyIsCommitted = (await readCommittedFolder(course, "exercises")) !==
  undefined;
if (!copyIsCommitted) {
  console.log(
    "Skipped the starters check: this checkout has no git history, so the starters as shipped cannot be told from edited ones",
  );
}

/** What of `value` is not frozen, as paths from `name`; classes with their prototypes. */
function unfrozen(name: string, value: unknown, seen = new Set()): string[] {
  if (seen.has(value)) return [];
  seen.add(value);
  if (typeof value === "function") {
    if (!/^class\b/.test(Function.prototype.toString.call(value))) return [];
    return [
      ...(Object.isFrozen(value) ? [] : [name]),
      ...unfrozen(`${name}.prototype`, value.prototype, seen),
    ];
  }
  if (typeof value !== "object" || value === null) return [];
  return [
    ...(Object.isFrozen(value) ? [] : [name]),
    ...Object.entries(value).flatMap(([key, item]) =>
      unfrozen(`${name}.${key}`, item, seen)
    ),
  ];
}

Deno.test("the given code of every exercise (its _-prefixed modules) is frozen as it is defined", async () => {
  // Exercise code runs after the modules it imports, so an answer could
  // otherwise change the classes and data the tests rely on.
  // The tests' own helpers are not given code: exercise code may not import them.
  const support = (await filesUnder("exercises")).filter((path) =>
    isSupportModule(path) && !isTestCode(path)
  );
  const problems: string[] = [];
  for (const path of support) {
    const exports = await import(pathToFileURL(join(root, path)).href);
    for (const [name, value] of Object.entries(exports)) {
      problems.push(...unfrozen(`${path}: ${name}`, value));
    }
  }
  assert.deepEqual(problems, [], "freeze these where they are defined");
});

Deno.test("the exercises as committed are formatted", async () => {
  await using copy = await copyCourse(course);
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "fmt",
      "--check",
      "--no-config",
      join(copy.course.root, "exercises"),
    ],
    cwd: copy.course.root,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});

Deno.test({
  name: "every untouched starter fails its tests by a failing assertion",
  // Without git history the starters as shipped cannot be told from a
  // learner's work; the test says so rather than passing.
  ignore: !copyIsCommitted,
}, async () => {
  await using copy = await copyCourse(course);
  const results = await gradeAll(copy.course, course.exercises, {
    ...runOptions,
    typeCheck: true,
  });
  const wrong = course.exercises.flatMap((exercise) => {
    const result = results.find((r) => r.id === exercise.id);
    const problem = result ? starterProblem(exercise, result) : "not graded";
    return problem ? [`${exercise.id}: ${problem}`] : [];
  });
  assert.deepEqual(
    wrong,
    [],
    "starters must fail by assertion, not by error or timeout, and a leaking one must explain its leak",
  );
});

Deno.test("with solutions/ copied over exercises/, the grader reports N/N and exits 0", async () => {
  await using copy = await copyCourse(course, solutionOverlays(course));
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-env",
      join(root, "grader/cli.ts"),
      "--json",
      "--timeout",
      "60",
      "--root",
      copy.course.root,
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  const report = JSON.parse(new TextDecoder().decode(stdout));
  const failing = report.results
    .filter((r: { status: string }) => r.status !== "passed")
    .map((r: { id: string; status: string; summary: string }) =>
      `${r.id}: ${r.status}: ${r.summary}`
    );
  assert.deepEqual(failing, [], "every solution must pass");
  assert.equal(report.passed, course.exercises.length);
  assert.equal(code, 0);
});

Deno.test("the solutions also pass under plain deno test, outside the grader", async () => {
  // A learner may run the tests without the grader: they must not depend on
  // its sandbox (a hidden gc, a frozen global scope).
  await using copy = await copyCourse(course, solutionOverlays(course));
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [...plainTestArgs, "exercises/"],
    cwd: copy.course.root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "null",
  }).output();
  const output = new TextDecoder().decode(stdout);
  assert.equal(code, 0, output.slice(output.indexOf(" ERRORS ")));
});

Deno.test("every wrong answer fails exactly the tests it names, by assertion", async () => {
  const problems: string[] = [];
  const pending = course.exercises.flatMap((exercise) =>
    exercise.wrongAnswers.map((wrong) => ({ exercise, wrong }))
  );
  // A few workers, each with a copy of the course (every solution in place)
  // into which it writes one wrong answer at a time.
  const worker = async () => {
    await using copy = await copyCourse(course, solutionOverlays(course));
    for (let job = pending.pop(); job; job = pending.pop()) {
      const { exercise, wrong } = job;
      const path = join(copy.course.root, "exercises", exercise.file);
      const solution = await Deno.readTextFile(
        exercisePaths(course, exercise).solution,
      );
      try {
        await Deno.writeTextFile(path, applyWrongAnswer(solution, wrong));
      } catch (error) {
        problems.push(
          `${exercise.id} / ${wrong.name}: ${(error as Error).message}`,
        );
        continue;
      }
      const result = await runExercise(copy.course, exercise, runOptions);
      const problem = rejectionProblem(exercise, wrong, result);
      if (problem) problems.push(problem);
      await Deno.writeTextFile(path, solution);
    }
  };
  await Promise.all(
    Array.from({ length: runOptions.concurrency }, worker),
  );
  assert.deepEqual(problems, []);
});

Deno.test("every requirement has a wrong answer that only its own test catches", () => {
  const uncovered = course.exercises.flatMap((exercise) =>
    uncoveredRequirements(exercise).map((requirement) =>
      `${exercise.id}: "${requirement}"`
    )
  );
  assert.deepEqual(uncovered, []);
});
