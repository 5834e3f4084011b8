/**
 * What the grader remembers between runs, in `.grader/store.json` inside the
 * course (git ignores it): each exercise's last result under a key made from
 * everything that run depended on, and how many hints the learner has seen.
 * A store that is corrupt, or was written for another course or version, is
 * ignored, never trusted.
 *
 * @module
 */

import { join, relative } from "node:path";
import {
  type Course,
  type Exercise,
  type Result,
  type Status,
} from "../course/mod.ts";
import { writeInside } from "./safe_write.ts";

const storePath = join(".grader", "store.json");
const storeVersion = 1;

/** One remembered result. */
interface Entry {
  key: string;
  /** The local files the run depended on, relative to the course root. */
  files: string[];
  result: Result;
}

interface Data {
  version: number;
  results: Record<string, Entry>;
  hints: Record<string, number>;
  tips: string[];
}

/** The grader's memory of one course. */
export interface Store {
  /** A remembered result for `exercise` whose dependencies have not changed. */
  recall(exercise: Exercise): Promise<Result | undefined>;
  /**
   * What the local files of a run hold now: take it before the run, and pass
   * it to {@linkcode Store.remember}.
   */
  snapshot(files: string[]): Promise<string>;
  /**
   * Remembers `result`, which ran with the given local files, if they still
   * hold what `before` (a {@linkcode Store.snapshot} taken before the run)
   * says: a file saved during the run makes the result unfit to reuse.
   */
  remember(
    exercise: Exercise,
    result: Result,
    files: string[],
    before: string,
  ): Promise<void>;
  /** Every remembered result, changed or not (for a first paint). */
  remembered(): Result[];
  /** How many hints of `exercise` the learner has seen. */
  hintsSeen(exercise: Exercise): number;
  /** Records that the learner has seen `count` hints of `exercise`. */
  seeHints(exercise: Exercise, count: number): void;
  /** Whether the tip named `name` was shown; marks it shown. */
  firstTime(name: string): boolean;
  /** Writes the store, if anything changed. */
  save(): Promise<void>;
}

/** Statuses worth remembering: a time-out may come from a busy machine. */
const lasting: Status[] = ["passed", "failed", "error"];

/**
 * Opens the store of `course`. `fingerprint` stands for everything besides
 * the files that a result depends on (the grader's code and options, Deno's
 * version); a result is recalled only under the same fingerprint.
 */
export async function openStore(
  course: Course,
  fingerprint: string,
): Promise<Store> {
  return new FileStore(course, fingerprint, await load(course));
}

/** A store kept in memory and written to `.grader/store.json` on {@linkcode Store.save}. */
class FileStore implements Store {
  readonly #course: Course;
  readonly #fingerprint: string;
  readonly #data: Data;
  #dirty = false;

  constructor(course: Course, fingerprint: string, data: Data) {
    this.#course = course;
    this.#fingerprint = fingerprint;
    this.#data = data;
  }

  async recall(exercise: Exercise): Promise<Result | undefined> {
    const entry = this.#data.results[exercise.id];
    if (!entry || entry.result.id !== exercise.id) return undefined;
    // The key covers the result too, so an edited result is not trusted.
    const key = await this.#keyOf(exercise, entry.files, entry.result);
    if (key !== entry.key) return undefined;
    return { ...entry.result, unchanged: true };
  }

  snapshot(files: string[]): Promise<string> {
    return this.#contents(this.#local(files));
  }

  async remember(
    exercise: Exercise,
    result: Result,
    files: string[],
    before: string,
  ): Promise<void> {
    this.#dirty = true;
    // Only files inside the course count: an import from outside is
    // refused by a file inside it, whose content is in the key.
    const local = this.#local(files);
    // A refusal before any test ran (a foreign import, a course file that
    // differs from git's) may depend on more than these files, and is quick
    // to find again: it is not kept.
    if (
      !lasting.includes(result.status) || !result.tests?.length ||
      local.length === 0 || await this.#contents(local) !== before
    ) {
      delete this.#data.results[exercise.id];
      return;
    }
    const { unchanged: _, ...kept } = result;
    this.#data.results[exercise.id] = {
      key: await this.#keyOf(exercise, local, kept),
      files: local,
      result: kept,
    };
  }

  /** Paths relative to the course root, of files inside it only, sorted. */
  #local(files: string[]): string[] {
    return files.map((file) => relative(this.#course.root, file))
      .filter((file) => !file.startsWith("..")).sort();
  }

  /** A hash of what `files` (relative to the root) hold now. */
  async #contents(files: string[]): Promise<string> {
    return await hash(
      await Promise.all(files.map(async (file) => {
        const bytes = await readPlainFile(join(this.#course.root, file));
        return `${file}\n${bytes ? await hash([bytes]) : "missing"}`;
      })),
    );
  }

  remembered(): Result[] {
    return this.#course.exercises.flatMap((exercise) => {
      const entry = this.#data.results[exercise.id];
      return entry ? [entry.result] : [];
    });
  }

  hintsSeen(exercise: Exercise): number {
    return this.#data.hints[exercise.id] ?? 0;
  }

  seeHints(exercise: Exercise, count: number): void {
    const { hints } = this.#data;
    hints[exercise.id] = Math.max(count, hints[exercise.id] ?? 0);
    this.#dirty = true;
  }

  firstTime(name: string): boolean {
    if (this.#data.tips.includes(name)) return false;
    this.#data.tips.push(name);
    this.#dirty = true;
    return true;
  }

  async save(): Promise<void> {
    if (!this.#dirty) return;
    await writeInside(this.#course.root, storePath, JSON.stringify(this.#data));
    this.#dirty = false;
  }

  /** The key of a result: the fingerprint, the exercise, the result and each file's content. */
  async #keyOf(
    exercise: Exercise,
    files: string[],
    result: Result,
  ): Promise<string> {
    return await hash([
      this.#fingerprint,
      JSON.stringify(exercise),
      JSON.stringify(result),
      await this.#contents(files),
    ]);
  }
}

async function load(course: Course): Promise<Data> {
  const empty: Data = {
    version: storeVersion,
    results: {},
    hints: {},
    tips: [],
  };
  try {
    const info = await Deno.lstat(join(course.root, storePath));
    if (!info.isFile || info.size > 16 * 1024 * 1024) return empty;
    const data = JSON.parse(
      await Deno.readTextFile(join(course.root, storePath)),
    ) as Partial<Data>;
    if (
      data.version !== storeVersion || !isRecord(data.results) ||
      !isRecord(data.hints) || !Array.isArray(data.tips)
    ) return empty;
    const ids = new Set(course.exercises.map((e) => e.id));
    const results: Record<string, Entry> = {};
    for (const [id, entry] of Object.entries(data.results)) {
      if (ids.has(id) && isEntry(entry, id)) results[id] = entry;
    }
    const hints: Record<string, number> = {};
    for (const [id, count] of Object.entries(data.hints)) {
      if (ids.has(id) && Number.isInteger(count)) hints[id] = count as number;
    }
    const tips = data.tips.filter((tip) => typeof tip === "string");
    return { version: storeVersion, results, hints, tips };
  } catch {
    return empty;
  }
}

/** A file's bytes, if it is a plain file of sensible size (not a pipe). */
async function readPlainFile(path: string): Promise<Uint8Array | undefined> {
  const info = await Deno.lstat(path).catch(() => undefined);
  if (!info?.isFile || info.size > 16 * 1024 * 1024) return undefined;
  return await Deno.readFile(path).catch(() => undefined);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEntry(value: unknown, id: string): value is Entry {
  if (!isRecord(value) || !isRecord(value.result)) return false;
  const { key, files, result } = value;
  return typeof key === "string" && Array.isArray(files) &&
    files.every((f) => typeof f === "string" && !f.startsWith("..")) &&
    result.id === id && lasting.includes(result.status as Status) &&
    typeof result.summary === "string" && typeof result.output === "string" &&
    typeof result.durationMs === "number";
}

/** A SHA-256 of the given parts, as hex. */
export async function hash(parts: (string | Uint8Array)[]): Promise<string> {
  const encoder = new TextEncoder();
  const chunks = parts.map((part) =>
    typeof part === "string" ? encoder.encode(part) : part
  );
  const size = chunks.reduce((sum, c) => sum + c.length + 1, 0);
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length + 1;
  }
  const digest = await crypto.subtle.digest("SHA-256", all);
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}
