/**
 * Keeps every exercise's latest result: grades exercises a few at a time with
 * the grader's own {@linkcode runExercise}, grades a saved exercise again
 * before the others (stopping a run that its save made stale), and stops
 * every child on request.
 *
 * @module
 */

import {
  type Course,
  exercisePaths,
  progressOf,
  type Result,
} from "../course/mod.ts";
import { runExercise, type RunOptions } from "../grader/run.ts";

/** Options of {@linkcode createGrading}. */
export interface GradingOptions extends Omit<RunOptions, "signal"> {
  /** How many exercises run at once (the number of CPUs by default). */
  concurrency?: number;
  /** Called with each new result. */
  onResult?: (result: Result) => void;
  /** Called whenever a result arrives or a run starts or is queued. */
  onChange?: () => void;
  /** Called when nothing is queued or running any more. */
  onIdle?: () => void;
}

/** The state pushed to open pages: the grader's `--json` shape, plus what is being graded. */
export interface LiveState {
  /** How many exercises pass. */
  passed: number;
  /** How many exercises there are. */
  total: number;
  /** The id of the first exercise that does not pass yet, or null. */
  next: string | null;
  /** The latest result of each graded exercise, in course order. */
  results: (Omit<Result, "output"> & {
    title: string;
    lesson: string;
    file: string;
  })[];
  /** Ids queued or running now. */
  grading: string[];
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

/** Starts an empty grading queue for `course`. */
export function createGrading(
  course: Course,
  options: GradingOptions = {},
): Grading {
  const {
    concurrency = navigator.hardwareConcurrency,
    onResult,
    onChange,
    onIdle,
    ...run
  } = options;
  const latest = new Map<string, Result>();
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
      const result = await runExercise(course, exercise, {
        ...run,
        signal: AbortSignal.any([stopping.signal, controller.signal]),
      }).catch((error) => {
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
      const progress = progressOf(course, results());
      return {
        passed: progress.passed,
        total: progress.total,
        next: progress.next?.id ?? null,
        results: results().map(({ output: _output, ...result }) => {
          const exercise = course.exercises.find((e) => e.id === result.id)!;
          return {
            ...result,
            title: exercise.title,
            lesson: exercise.lesson,
            file: `exercises/${exercise.file}`,
          };
        }),
        grading: course.exercises
          .filter((e) => running.has(e.id) || queue.includes(e.id))
          .map((e) => e.id),
      };
    },
    async stop() {
      queue.length = 0;
      stopping.abort();
      while (runs.size) await Promise.allSettled([...runs]);
    },
  };
}
