/**
 * Restores an exercise's starter, keeping the learner's version as a backup.
 *
 * @module
 */

import { join } from "node:path";
import { type Course, type Exercise, readCommitted } from "../course/mod.ts";
import { inspect, writeInside, writeLink } from "./safe_write.ts";

/** What {@linkcode resetExercise} did. */
export interface ResetOutcome {
  /** Where the learner's previous version was kept, relative to the root. */
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
 * first keeping the learner's version in `.backups/<time>/`. A link in the
 * file's place is kept as a link in the backup and replaced, never followed.
 */
export async function resetExercise(
  course: Course,
  exercise: Exercise,
  options: ResetOptions = {},
): Promise<ResetOutcome> {
  const path = join("exercises", exercise.file);
  const starter = await readCommitted(course, path);
  const current = await inspect(course.root, path);
  if (current.kind === "file" && current.text === starter) {
    return { unchanged: true };
  }
  let backup: string | undefined;
  if (current.kind !== "none") {
    const stamp = (options.now ?? new Date()).toISOString().replace(
      /[:.]/g,
      "-",
    );
    backup = join(".backups", stamp, path);
    if (current.kind === "link") {
      await writeLink(course.root, backup, current.target);
    } else {
      await writeInside(course.root, backup, current.text);
    }
  }
  await writeInside(course.root, path, starter);
  return { ...(backup ? { backup } : {}), unchanged: false };
}
