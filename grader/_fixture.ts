/**
 * Test support: writes a small course into a temporary folder.
 *
 * @module
 */

import { dirname, join } from "node:path";
import type { Course, Exercise } from "../course/mod.ts";

/** One exercise of a fixture course. */
export interface FixtureExercise {
  /** The exercise id; its file is `01_fixture/<id>.ts`. */
  id: string;
  /** The starter's source. */
  starter: string;
  /** The solution's source (a passing one by default). */
  solution?: string;
  /** The test file's source (checks that `answer()` returns 42 by default). */
  test?: string;
  /** The names of the tests in `test` (those of the default test otherwise). */
  requirements?: string[];
  /** What its code may import, as `imports` in `course.json`. */
  imports?: string[];
}

/** A passing answer. */
export const passing = "export function answer(): number {\n  return 42;\n}\n";

/** A failing answer. */
export const failing =
  "export function answer(): number {\n  // TODO: return the answer\n  return 41;\n}\n";

/** The name of the default test's only test. */
export const defaultRequirement = "answer() returns 42";

function defaultTest(id: string): string {
  return `import assert from "node:assert/strict";
import { answer } from "./${id}.ts";

Deno.test("${defaultRequirement}", () => {
  assert.equal(answer(), 42, "answer() should return 42");
});
`;
}

/** A temporary course that removes itself when disposed. */
export interface Fixture extends AsyncDisposable {
  /** The course, ready for the grader. */
  course: Course;
  /** Writes a file relative to the course root. */
  write(path: string, text: string): Promise<void>;
}

/** Writes a fixture course with the given exercises, in that order. */
export async function makeCourse(
  exercises: FixtureExercise[],
): Promise<Fixture> {
  const root = await Deno.makeTempDir({ prefix: "course_fixture_" });
  const write = async (path: string, text: string) => {
    await Deno.mkdir(dirname(join(root, path)), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  };
  await write(
    "deno.json",
    JSON.stringify({
      compilerOptions: { strict: true },
      imports: {
        "@course/gc": import.meta.resolve("../gc/mod.ts"),
        "@course/gc/": import.meta.resolve("../gc/"),
      },
    }),
  );
  const entries: Exercise[] = exercises.map((e) => ({
    id: e.id,
    title: `Exercise ${e.id}`,
    lesson: "01_fixture",
    file: `01_fixture/${e.id}.ts`,
    hints: [`First hint for ${e.id}.`, `Second hint for ${e.id}.`],
    requirements: e.requirements ?? [defaultRequirement],
    wrongAnswers: [],
    ...(e.imports ? { imports: e.imports } : {}),
  }));
  await write(
    "course.json",
    JSON.stringify({ title: "Fixture course", exercises: entries }, null, 2),
  );
  for (const e of exercises) {
    await write(`exercises/01_fixture/${e.id}.ts`, e.starter);
    await write(
      `exercises/01_fixture/${e.id}_test.ts`,
      e.test ?? defaultTest(e.id),
    );
    await write(`solutions/01_fixture/${e.id}.ts`, e.solution ?? passing);
  }
  return {
    course: { root, title: "Fixture course", exercises: entries },
    write,
    async [Symbol.asyncDispose]() {
      await Deno.remove(root, { recursive: true });
    },
  };
}

/** Makes `root` a git repository with everything in it committed, as a clone is. */
export async function commitAll(root: string): Promise<void> {
  await git(root, ["init", "--quiet"]);
  await git(root, ["add", "."]);
  await git(root, ["commit", "--quiet", "-m", "Fixture"]);
}

async function git(cwd: string, args: string[]): Promise<void> {
  const { success, stderr } = await new Deno.Command("git", {
    args: [
      "-c",
      "user.name=Fixture",
      "-c",
      "user.email=fixture@localhost",
      ...args,
    ],
    cwd,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(
      `git ${args[0]} failed: ${new TextDecoder().decode(stderr)}`,
    );
  }
}
