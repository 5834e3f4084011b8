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

/**
 * Reads every file under `folder` (relative to the course root) as committed
 * in git `HEAD`, with one `git` process for the list and one for the
 * contents. Returns `undefined` where the course is not a git checkout.
 */
export async function readCommittedFolder(
  course: Course,
  folder: string,
): Promise<Map<string, Uint8Array> | undefined> {
  const git = (args: string[], stdin?: Uint8Array) =>
    runGit(course, args, stdin).catch(() => undefined);
  const list = await git(["ls-tree", "-r", "-z", "HEAD", "--", folder]);
  if (!list) return undefined;
  const entries = new TextDecoder().decode(list).split("\0").filter(Boolean)
    .flatMap((line) => {
      const match = line.match(/^\d+ blob ([0-9a-f]+)\t(.+)$/);
      return match ? [{ id: match[1]!, path: match[2]! }] : [];
    });
  const files = new Map<string, Uint8Array>();
  if (entries.length === 0) return files;
  const batch = await git(
    ["cat-file", "--batch"],
    new TextEncoder().encode(entries.map((e) => `${e.id}\n`).join("")),
  );
  if (!batch) return undefined;
  let at = 0;
  for (const entry of entries) {
    const end = batch.indexOf(10, at);
    const [, , size] = new TextDecoder().decode(batch.subarray(at, end))
      .split(" ");
    const start = end + 1;
    files.set(entry.path, batch.slice(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return files;
}

async function runGit(
  course: Course,
  args: string[],
  stdin?: Uint8Array,
): Promise<Uint8Array> {
  const child = new Deno.Command("git", {
    args,
    cwd: course.root,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const output = await child.output();
  if (!output.success) throw new Error(`git ${args[0]} failed`);
  return output.stdout;
}
