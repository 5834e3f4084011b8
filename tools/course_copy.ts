/**
 * Copies what grading needs into a temporary folder, with the exercises as
 * committed in git and some files written over: the author check, the flake
 * run and the benchmarks grade such copies, so that the learner's
 * `exercises/` is never touched and their work never changes the verdict.
 *
 * @module
 */

import { cp } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Course, courseFile, readCommittedFolder } from "../course/mod.ts";

/** A course copied into a temporary folder; disposing removes it. */
export interface CourseCopy extends AsyncDisposable {
  /** The copy, ready for the grader. */
  course: Course;
  /**
   * Whether `exercises/` holds the files as committed in git (the starters
   * as shipped, whatever the learner changed), rather than the working tree.
   */
  committed: boolean;
}

/** Files to write over, from a path in the copy to a path in the original. */
export type Overlays = Record<string, string>;

/** Files to write over, from a path in the copy to the text to write. */
export type Texts = Record<string, string>;

/** Overlays that put every solution in place of its starter. */
export function solutionOverlays(course: Course): Overlays {
  return Object.fromEntries(
    course.exercises.map((e) => [`exercises/${e.file}`, `solutions/${e.file}`]),
  );
}

/** Options for {@linkcode copyCourse}. */
export interface CopyOptions {
  /**
   * Take `exercises/` as committed in git (the default), so that a learner's
   * work changes nothing; `false` takes the working tree, as an author
   * checking an exercise being written wants.
   */
  committed?: boolean;
  /** Also copy `lessons/` and `solutions/`, which the site is built from. */
  site?: boolean;
}

/** Copies `course` to a temporary folder and applies `overlays`, then `texts`. */
export async function copyCourse(
  course: Course,
  overlays: Overlays = {},
  texts: Texts = {},
  options: CopyOptions = {},
): Promise<CourseCopy> {
  const root = await Deno.makeTempDir({ prefix: "course_copy_" });
  const parts = ["deno.lock", courseFile, "exercises"];
  if (options.site) parts.push("lessons", "solutions");
  for (const part of parts) {
    await cp(join(course.root, part), join(root, part), { recursive: true });
  }
  // The copy uses the course's own modules (`@course/gc`, the very module
  // the grader's sandbox prepares in each test run), not copies of them.
  const config = JSON.parse(
    await Deno.readTextFile(join(course.root, "deno.json")),
  );
  for (const [name, target] of Object.entries(config.imports)) {
    if (typeof target !== "string" || !target.startsWith("./")) continue;
    const url = toFileUrl(join(course.root, target));
    config.imports[name] = target.endsWith("/") ? `${url}/` : url;
  }
  await Deno.writeTextFile(join(root, "deno.json"), JSON.stringify(config));
  // The starters as committed, not as a learner may have changed them;
  // files not in git yet (an exercise being written) stay as they are.
  const committed = options.committed ?? true
    ? await readCommittedFolder(course, "exercises")
    : undefined;
  for (const [path, bytes] of committed ?? []) {
    await Deno.mkdir(dirname(join(root, path)), { recursive: true });
    await Deno.writeFile(join(root, path), bytes);
  }
  for (const [target, source] of Object.entries(overlays)) {
    await Deno.mkdir(dirname(join(root, target)), { recursive: true });
    await Deno.copyFile(join(course.root, source), join(root, target));
  }
  for (const [target, text] of Object.entries(texts)) {
    await Deno.mkdir(dirname(join(root, target)), { recursive: true });
    await Deno.writeTextFile(join(root, target), text);
  }
  return {
    course: { ...course, root },
    committed: committed !== undefined,
    async [Symbol.asyncDispose]() {
      await Deno.remove(root, { recursive: true });
    },
  };
}

function toFileUrl(path: string): string {
  return pathToFileURL(path).href;
}
