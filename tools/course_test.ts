/**
 * The author-side check of the course's content, run by `deno task test`:
 * every starter fails its tests by a failing assertion, every solution passes
 * (graded through the real command line, as a learner would see it), every
 * broken variant that a test file lists is rejected, every lesson lists its
 * exercises, and no stray file hides in `exercises/`, `solutions/` or `broken/`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { copyCourse, solutionOverlays } from "./course_copy.ts";
import { fileURLToPath } from "node:url";
import {
  type Exercise,
  exercisePaths,
  loadCourse,
  testFileOf,
} from "../grader/course.ts";
import { gradeAll } from "../grader/grade.ts";
import { loadLessons } from "../grader/lessons.ts";

const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const course = await loadCourse(root);
// Slow machines and GC-heavy tests need room; runaway code has its own tests.
// `deno task check` has already type-checked every file graded here.
const runOptions = { concurrency: 3, timeoutMs: 60_000, typeCheck: false };

/** The wrong answers a test file says it catches, by name. */
function listedVariants(testSource: string, exercise: Exercise): string[] {
  const folder = `broken/${exercise.file.replace(/\.ts$/, "")}/`;
  const header = `Wrong answers these tests catch (each kept in ${folder}):`;
  const start = testSource.indexOf(header);
  if (start < 0) return [];
  const names: string[] = [];
  for (
    const line of testSource.slice(start + header.length).split("\n").slice(1)
  ) {
    const item = line.match(/^ \* - ([a-z0-9_]+): \S/);
    if (item) names.push(item[1]);
    else if (!/^ \* {3}\S/.test(line)) break;
  }
  return names;
}

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

Deno.test("every exercise has a stated starter with a TODO, tests and a solution", async () => {
  const problems: string[] = [];
  for (const exercise of course.exercises) {
    const paths = exercisePaths(course, exercise);
    const read = (path: string) => Deno.readTextFile(path).catch(() => "");
    const starter = await read(paths.exercise);
    if (!/^\/\*\*\n \* # \S/.test(starter)) {
      problems.push(
        `${exercise.id}: the starter must open with a /** doc comment whose first line is "# Title"`,
      );
    }
    if (!starter.includes("// TODO:")) {
      problems.push(`${exercise.id}: the starter has no "// TODO:"`);
    }
    if (!(await read(paths.test))) {
      problems.push(`${exercise.id}: no test file`);
    }
    if (!(await read(paths.solution))) {
      problems.push(`${exercise.id}: no solution`);
    }
  }
  assert.deepEqual(problems, []);
});

Deno.test("every test file lists the wrong answers it catches, each kept in broken/", async () => {
  const problems: string[] = [];
  for (const exercise of course.exercises) {
    const source = await Deno.readTextFile(
      exercisePaths(course, exercise).test,
    );
    const listed = listedVariants(source, exercise);
    if (listed.length === 0) {
      problems.push(`${exercise.id}: the test file lists no wrong answers`);
    }
    const folder = join(root, "broken", exercise.file.replace(/\.ts$/, ""));
    const kept = (await filesUnder(relative(root, folder)).catch(() => []))
      .map((path) => path.split("/").at(-1)!.replace(/\.ts$/, ""));
    if (JSON.stringify([...listed].sort()) !== JSON.stringify(kept)) {
      problems.push(
        `${exercise.id}: listed [${listed}] but broken/ holds [${kept}]`,
      );
    }
  }
  assert.deepEqual(problems, []);
});

Deno.test("exercises/, solutions/ and broken/ hold only what course.json lists", async () => {
  const allowed = new Set<string>();
  const folders = new Set<string>();
  for (const exercise of course.exercises) {
    allowed.add(`exercises/${exercise.file}`);
    allowed.add(`exercises/${testFileOf(exercise.file)}`);
    allowed.add(`solutions/${exercise.file}`);
    folders.add(dirname(exercise.file));
    const source = await Deno.readTextFile(
      exercisePaths(course, exercise).test,
    );
    for (const name of listedVariants(source, exercise)) {
      allowed.add(`broken/${exercise.file.replace(/\.ts$/, "")}/${name}.ts`);
    }
  }
  const stray = [
    ...await filesUnder("exercises"),
    ...await filesUnder("solutions"),
    ...await filesUnder("broken"),
  ].filter((path) => {
    if (allowed.has(path)) return false;
    const [top, folder, name] = path.split("/");
    // Support modules for a test, such as implementations to test against.
    return !(top === "exercises" && folders.has(folder) &&
      /^_\w+\.ts$/.test(name));
  });
  assert.deepEqual(stray, [], "files that no exercise in course.json owns");
});

Deno.test("each lesson lists exactly its exercises, in course order", async () => {
  const lessons = await loadLessons(root);
  assert.deepEqual(
    lessons.map((lesson) => lesson.order),
    lessons.map((_, i) => i + 1),
    "lesson orders must run 1, 2, 3, ... without gaps",
  );
  const slugs = new Set(lessons.map((lesson) => lesson.slug));
  for (const exercise of course.exercises) {
    assert.ok(
      slugs.has(exercise.lesson),
      `${exercise.id}: its lesson "lessons/${exercise.lesson}.md" does not exist`,
    );
  }
  for (const lesson of lessons) {
    assert.deepEqual(
      lesson.exercises,
      course.exercises.filter((e) => e.lesson === lesson.slug).map((e) => e.id),
      `lessons/${lesson.slug}.md: front matter "exercises" must match course.json`,
    );
  }
  const order = course.exercises.map((e) =>
    lessons.findIndex((lesson) => lesson.slug === e.lesson)
  );
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
    "course.json must list exercises in lesson order",
  );
});

Deno.test("every untouched starter fails its tests by a failing assertion", async () => {
  await using copy = await copyCourse(course);
  const results = await gradeAll(copy.course, course.exercises, runOptions);
  const wrong = results
    .filter((r) => r.status !== "failed" || !/AssertionError/.test(r.output))
    .map((r) => `${r.id}: ${r.status}: ${r.summary}`);
  assert.deepEqual(
    wrong,
    [],
    "starters must fail by assertion, not by error or timeout",
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

Deno.test("every broken variant is rejected by a failing test", async () => {
  const variants = await Promise.all(course.exercises.map(async (exercise) => {
    const source = await Deno.readTextFile(
      exercisePaths(course, exercise).test,
    );
    return listedVariants(source, exercise);
  }));
  const rounds = Math.max(0, ...variants.map((list) => list.length));
  const escaped: string[] = [];
  for (let k = 0; k < rounds; k++) {
    const chosen = course.exercises.filter((_, i) => variants[i][k]);
    const overlays = Object.fromEntries(chosen.map((e) => {
      const name = variants[course.exercises.indexOf(e)][k];
      return [
        `exercises/${e.file}`,
        `broken/${e.file.replace(/\.ts$/, "")}/${name}.ts`,
      ];
    }));
    await using copy = await copyCourse(course, overlays);
    const results = await gradeAll(copy.course, chosen, runOptions);
    results.forEach((result, i) => {
      if (result.status !== "failed") {
        escaped.push(
          `${
            overlays[`exercises/${chosen[i].file}`]
          }: ${result.status}: ${result.summary}`,
        );
      }
    });
  }
  assert.deepEqual(escaped, [], "each broken variant must end as failed");
});
