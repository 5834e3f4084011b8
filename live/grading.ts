/**
 * Keeps every exercise's latest result: grades exercises a few at a time
 * through the grader's own pipeline (so that results of unchanged files come
 * back at once, and what the grader remembers shows from the first paint),
 * grades a saved exercise again before the others (stopping a run that its
 * save made stale), and stops every child on request.
 *
 * @module
 */

import {
  type Course,
  exercisePaths,
  type Result,
  type ResultJson,
  type ResultsJson,
  resultsJson,
  statuses,
  type StatusLook,
} from "../course/mod.ts";
import type { Grader } from "../grader/grade.ts";
import { exerciseUrl } from "../site/_course.ts";

/** Options of {@linkcode createGrading}. */
export interface GradingOptions {
  /** How many exercises run at once (the number of CPUs by default). */
  concurrency?: number;
  /** Called with each new result. */
  onResult?: (result: Result) => void;
  /** Called whenever a result arrives or a run starts or is queued. */
  onChange?: () => void;
  /** Called when nothing is queued or running any more. */
  onIdle?: () => void;
}

/**
 * The state pushed to open pages: the grader's results shape, each result
 * with its page's URL, plus what is being graded and how each status looks.
 */
export interface LiveState extends ResultsJson {
  /** The latest result of each graded exercise, in course order. */
  results: (ResultJson & { url: string })[];
  /** The page of the first exercise not yet passed, or null. */
  nextUrl: string | null;
  /** Ids queued or running now. */
  grading: string[];
  /** How each status is shown. */
  statuses: Record<string, StatusLook>;
}

/** Grading that runs in the background. */
export interface Grading {
  /** Queues exercises by id; `first` puts them before those already waiting. */
  request(ids: string[], options?: { first?: boolean }): void;
  /** The latest results, in course order. */
  results(): Result[];
  /** The state for the pages. */
  state(): LiveState;
  /** Stops every run, waits for the children to end, and queues nothing more. */
  stop(): Promise<void>;
}

/**
 * Starts a grading queue for `course` through `grader`, showing what the
 * grader remembers until each exercise is graded (or confirmed) again.
 */
export function createGrading(
  course: Course,
  grader: Grader,
  options: GradingOptions = {},
): Grading {
  const {
    concurrency = navigator.hardwareConcurrency,
    onResult,
    onChange,
    onIdle,
  } = options;
  const latest = new Map<string, Result>(
    grader.store.remembered().map((result) => [result.id, result]),
  );
  const queue: string[] = [];
  const running = new Map<string, AbortController>();
  const runs = new Set<Promise<void>>();
  const stopping = new AbortController();
  let active = 0;

  const pump = () => {
    while (!stopping.signal.aborted && active < concurrency && queue.length) {
      const id = queue.shift()!;
      const run = start(id);
      runs.add(run);
      run.finally(() => runs.delete(run));
    }
  };

  const start = async (id: string) => {
    const exercise = course.exercises.find((e) => e.id === id)!;
    const controller = new AbortController();
    running.set(id, controller);
    active++;
    onChange?.();
    try {
      const result = await grader.grade([exercise], {
        signal: AbortSignal.any([stopping.signal, controller.signal]),
      }).then(([result]) => result ?? null).catch((error) => {
        if (controller.signal.aborted || stopping.signal.aborted) return null;
        return {
          id,
          status: "error",
          summary: `The tests of ${
            exercisePaths(course, exercise).test
          } could not run: ${(error as Error).message}`,
          output: "",
          durationMs: 0,
        } satisfies Result;
      });
      if (result && running.get(id) === controller) {
        latest.set(id, result);
        onResult?.(result);
      }
    } finally {
      if (running.get(id) === controller) running.delete(id);
      active--;
      if (!stopping.signal.aborted) {
        pump();
        onChange?.();
        if (active === 0 && queue.length === 0) onIdle?.();
      }
    }
  };

  const results = () => course.exercises.flatMap((e) => latest.get(e.id) ?? []);

  return {
    request(ids, { first = false } = {}) {
      if (stopping.signal.aborted) return;
      const known = ids.filter((id) =>
        course.exercises.some((e) => e.id === id)
      );
      for (const id of known) {
        // A run started before this save is stale: stop it and run again.
        running.get(id)?.abort();
        running.delete(id);
        const at = queue.indexOf(id);
        if (at !== -1) queue.splice(at, 1);
      }
      if (first) queue.unshift(...known);
      else queue.push(...known);
      pump();
      onChange?.();
    },
    results,
    state() {
      const shape = resultsJson(course, results());
      return {
        ...shape,
        results: shape.results.map((r) => ({ ...r, url: exerciseUrl(r.id) })),
        nextUrl: shape.next === null ? null : exerciseUrl(shape.next),
        grading: course.exercises
          .filter((e) => running.has(e.id) || queue.includes(e.id))
          .map((e) => e.id),
        statuses,
      };
    },
    async stop() {
      queue.length = 0;
      stopping.abort();
      while (runs.size) await Promise.allSettled([...runs]);
    },
  };
}
