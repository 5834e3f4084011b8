/**
 * Grades many exercises at once, a few at a time, and sums up progress.
 *
 * @module
 */

import { join } from "node:path";
import type { Course, Exercise, Result } from "../course/mod.ts";
import { hash, openStore, type Store } from "./store.ts";
import type { GraphCheck } from "./graph.ts";
import {
  checkTogether,
  readGraph,
  runExercise,
  type RunOptions,
} from "./run.ts";

export type { Store } from "./store.ts";

/**
 * How many exercises run at once unless told otherwise: one more than CPUs,
 * since test runs spend part of their time waiting for timers and
 * collections, and a CPU would idle meanwhile.
 */
export const defaultConcurrency: number = navigator.hardwareConcurrency + 1;

/** Options for {@linkcode gradeAll}. */
export interface GradeAllOptions extends RunOptions {
  /** How many exercises run at once ({@linkcode defaultConcurrency} by default). */
  concurrency?: number;
  /** Called as each result arrives, in completion order. */
  onResult?: (result: Result) => void;
  /** Called with each exercise's module graph, once read. */
  onGraphOf?: (exercise: Exercise, graph: GraphCheck) => void;
}

/** Grades the given exercises; results come back in the order given. */
export async function gradeAll(
  course: Course,
  exercises: Exercise[] = course.exercises,
  options: GradeAllOptions = {},
): Promise<Result[]> {
  const {
    concurrency = defaultConcurrency,
    onResult,
    onGraphOf,
    ...rest
  } = options;
  // Every module graph is checked before any type check reads the files.
  // Where one type check of all the accepted ones passes, the runs skip
  // their own; where it fails, each exercise is checked alone so that errors
  // land on it.
  const graphs = new Map<Exercise, GraphCheck>();
  await Promise.all(exercises.map(async (exercise) => {
    const graph = await readGraph(course, exercise, rest);
    graphs.set(exercise, graph);
    onGraphOf?.(exercise, graph);
  }));
  const accepted = new Map([...graphs].filter(([, g]) => !g.refused));
  const checked = rest.typeCheck !== false && accepted.size > 1 &&
    await checkTogether(course, accepted, rest);
  const run = checked ? { ...rest, typeCheck: false } : rest;
  return await mapAtOnce(exercises, concurrency, async (exercise) => {
    const result = await runExercise(course, exercise, {
      ...run,
      graph: graphs.get(exercise),
    });
    onResult?.(result);
    return result;
  });
}

/**
 * Calls `fn` on each of `items`, at most `limit` calls at once, in order;
 * the results come back in the order of the items.
 */
export async function mapAtOnce<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  }
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Options for {@linkcode openGrader}. */
export interface GraderOptions extends RunOptions {
  /** Ignore remembered results and grade everything again. */
  fresh?: boolean;
}

/** Options for one call of {@linkcode Grader.grade}. */
export interface GradeOptions {
  /** Called as each result arrives, remembered ones first. */
  onResult?: (result: Result) => void;
  /** Stops the runs. */
  signal?: AbortSignal;
  /** Grade again even where a result is remembered. */
  fresh?: boolean;
}

/**
 * The one grading pipeline that the command line, watch mode and the live
 * course share: remembered results whose files have not changed come back at
 * once (marked `unchanged`), the others are graded and remembered.
 */
export interface Grader {
  /** The grader's memory: results, hints seen, tips shown. */
  store: Store;
  /** Grades the given exercises; results come back in the order given. */
  grade(exercises: Exercise[], options?: GradeOptions): Promise<Result[]>;
}

/** Opens the grading pipeline for `course`. */
export async function openGrader(
  course: Course,
  options: GraderOptions = {},
): Promise<Grader> {
  const { fresh = false, ...run } = options;
  const store = await openStore(course, await fingerprint(course, run));
  return {
    store,
    async grade(exercises, call = {}) {
      const { onResult, signal } = call;
      const recalled = new Map<string, Result>();
      if (!(call.fresh ?? fresh)) {
        for (const exercise of exercises) {
          const result = await store.recall(exercise);
          if (result) {
            recalled.set(exercise.id, result);
            onResult?.(result);
          }
        }
      }
      const files = new Map<string, string[]>();
      const before = new Map<string, Promise<string>>();
      const graded = await gradeAll(
        course,
        exercises.filter((e) => !recalled.has(e.id)),
        {
          ...run,
          signal,
          onResult: (result) => onResult?.(result),
          onGraphOf: (exercise, graph) => {
            files.set(exercise.id, graph.files);
            before.set(exercise.id, store.snapshot(graph.files));
          },
        },
      );
      for (const result of graded) {
        const exercise = exercises.find((e) => e.id === result.id);
        if (exercise) {
          await store.remember(
            exercise,
            result,
            files.get(result.id) ?? [],
            await before.get(result.id) ?? "",
          );
        }
      }
      await store.save();
      const byId = new Map(graded.map((r) => [r.id, r]));
      return exercises.flatMap((e) => {
        const result = recalled.get(e.id) ?? byId.get(e.id);
        return result ? [result] : [];
      });
    },
  };
}

/**
 * Stands for everything a result depends on besides the exercise's files:
 * the grader's own code, Deno's version, the course's configuration and the
 * options of the run.
 */
async function fingerprint(
  course: Course,
  options: RunOptions,
): Promise<string> {
  const own = [
    "diagnose.ts",
    "grade.ts",
    "graph.ts",
    "harden.ts",
    "junit.ts",
    "run.ts",
    "store.ts",
  ];
  const read = (url: URL | string) =>
    Deno.readFile(url).catch(() => new Uint8Array());
  return await hash([
    Deno.version.deno,
    JSON.stringify({
      timeoutMs: options.timeoutMs,
      maxHeapMb: options.maxHeapMb,
      maxOutputBytes: options.maxOutputBytes,
    }),
    ...await Promise.all(
      own.map((name) => read(new URL(`./${name}`, import.meta.url))),
    ),
    await read(join(course.root, "deno.json")),
    await read(join(course.root, "deno.lock")),
  ]);
}
