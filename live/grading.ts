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
  type Exercise,
  exercisePaths,
  type Result,
  type ResultJson,
  type ResultsJson,
  resultsJson,
  statuses,
  type StatusLook,
} from "../course/mod.ts";
import { defaultConcurrency, type Grader } from "../grader/grade.ts";
import { exerciseUrl } from "../site/_course.ts";

/** Options of {@linkcode createGrading}. */
export interface GradingOptions {
  /** How many exercises run at once ({@linkcode defaultConcurrency} by default). */
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
  return new GradingQueue(course, grader, options);
}

/** The queue behind {@linkcode createGrading}. */
class GradingQueue implements Grading {
  readonly #course: Course;
  readonly #grader: Grader;
  readonly #options: GradingOptions;
  readonly #concurrency: number;
  readonly #latest: Map<string, Result>;
  readonly #queue: string[] = [];
  readonly #running = new Map<string, AbortController>();
  readonly #runs = new Set<Promise<void>>();
  readonly #stopping = new AbortController();
  #active = 0;

  constructor(course: Course, grader: Grader, options: GradingOptions) {
    this.#course = course;
    this.#grader = grader;
    this.#options = options;
    this.#concurrency = options.concurrency ?? defaultConcurrency;
    this.#latest = new Map(
      grader.store.remembered().map((result) => [result.id, result]),
    );
  }

  request(ids: string[], { first = false } = {}): void {
    if (this.#stopping.signal.aborted) return;
    const queue = this.#queue;
    const known = ids.filter((id) =>
      this.#course.exercises.some((e) => e.id === id)
    );
    for (const id of known) {
      // A run started before this save is stale: stop it and run again.
      this.#running.get(id)?.abort();
      this.#running.delete(id);
      const at = queue.indexOf(id);
      if (at !== -1) queue.splice(at, 1);
    }
    if (first) queue.unshift(...known);
    else queue.push(...known);
    this.#pump();
    this.#options.onChange?.();
  }

  results(): Result[] {
    return this.#course.exercises.flatMap((e) => this.#latest.get(e.id) ?? []);
  }

  state(): LiveState {
    const course = this.#course;
    const shape = resultsJson(course, this.results());
    return {
      ...shape,
      results: shape.results.map((r) => ({ ...r, url: exerciseUrl(r.id) })),
      nextUrl: shape.next === null ? null : exerciseUrl(shape.next),
      grading: course.exercises
        .filter((e) => this.#running.has(e.id) || this.#queue.includes(e.id))
        .map((e) => e.id),
      statuses,
    };
  }

  async stop(): Promise<void> {
    this.#queue.length = 0;
    this.#stopping.abort();
    while (this.#runs.size) await Promise.allSettled([...this.#runs]);
  }

  /** Starts queued runs while there is room. */
  #pump(): void {
    while (
      !this.#stopping.signal.aborted && this.#active < this.#concurrency &&
      this.#queue.length
    ) {
      const run = this.#run(this.#queue.shift()!);
      this.#runs.add(run);
      run.finally(() => this.#runs.delete(run));
    }
  }

  /** Grades one exercise and keeps its result, unless a newer request made it stale. */
  async #run(id: string): Promise<void> {
    const { onResult, onChange, onIdle } = this.#options;
    const exercise = this.#course.exercises.find((e) => e.id === id)!;
    const controller = new AbortController();
    this.#running.set(id, controller);
    this.#active++;
    onChange?.();
    try {
      const result = await gradeOne(
        this.#course,
        this.#grader,
        exercise,
        AbortSignal.any([this.#stopping.signal, controller.signal]),
      );
      if (result && this.#running.get(id) === controller) {
        this.#latest.set(id, result);
        onResult?.(result);
      }
    } finally {
      if (this.#running.get(id) === controller) this.#running.delete(id);
      this.#active--;
      if (!this.#stopping.signal.aborted) {
        this.#pump();
        onChange?.();
        if (this.#active === 0 && this.#queue.length === 0) onIdle?.();
      }
    }
  }
}

/**
 * Grades `exercise`; a grader that fails gives an error result, and a run
 * that `signal` stopped gives null.
 */
async function gradeOne(
  course: Course,
  grader: Grader,
  exercise: Exercise,
  signal: AbortSignal,
): Promise<Result | null> {
  try {
    const [result] = await grader.grade([exercise], { signal });
    return result ?? null;
  } catch (error) {
    if (signal.aborted) return null;
    return {
      id: exercise.id,
      status: "error",
      summary: `The tests of ${
        exercisePaths(course, exercise).test
      } could not run: ${(error as Error).message}`,
      output: "",
      durationMs: 0,
    };
  }
}
