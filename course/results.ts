/**
 * The results of grading, in the one shape that the command line, its
 * `--json` output, watch mode and the live course all use, with the words and
 * marks for each status.
 *
 * @module
 */

import type { Course, Exercise } from "./exercises.ts";

/** What happened to one exercise. */
export type Status = "passed" | "failed" | "error" | "timed out";

/** How a status is shown: its mark, its word, and its colour (an ANSI code). */
export interface StatusLook {
  /** One character, such as ✓. */
  mark: string;
  /** The word or words for it, capitalised, such as "Timed out". */
  label: string;
  /** The ANSI colour code for terminals. */
  color: number;
}

/** Each status with how it is shown, on the terminal and on the live pages. */
export const statuses: Record<Status, StatusLook> = {
  "passed": { mark: "✓", label: "Passed", color: 32 },
  "failed": { mark: "✗", label: "Failed", color: 31 },
  "error": { mark: "!", label: "Error", color: 33 },
  "timed out": { mark: "⧗", label: "Timed out", color: 35 },
};

/** How one test (one requirement) of an exercise ended. */
export interface TestOutcome {
  /** The test's name: one of the exercise's requirements. */
  name: string;
  /** Whether it passed, failed, or never finished. */
  outcome: "passed" | "failed" | "skipped";
  /** Whether it failed by a failing assertion, rather than by an error. */
  assertion?: boolean;
}

/** The outcome of grading one exercise. */
export interface Result {
  /** The exercise's id. */
  id: string;
  /** What happened. */
  status: Status;
  /** One or two plain lines for the learner; empty when passed. */
  summary: string;
  /**
   * When a value the tests expected to be collected was not: what keeps it
   * reachable, from a heap snapshot (see `whyAlive` in `@course/gc`).
   */
  explanation?: string;
  /** Deno's test output, cleaned of colour and noise. */
  output: string;
  /** Wall-clock time of the run in milliseconds. */
  durationMs: number;
  /** Whether this result was remembered from an earlier run of the same files. */
  unchanged?: boolean;
  /** How each test ran, when the tests ran at all, in the order they ran. */
  tests?: TestOutcome[];
}

/** How far the learner has come. */
export interface Progress {
  /** How many exercises pass. */
  passed: number;
  /** How many exercises there are. */
  total: number;
  /** The first exercise, in course order, that does not pass yet. */
  next?: Exercise;
}

/** Sums up results, which may come in any order and may be partial. */
export function progressOf(course: Course, results: Result[]): Progress {
  const byId = new Map(results.map((result) => [result.id, result]));
  const open = course.exercises.filter((exercise) =>
    byId.get(exercise.id)?.status !== "passed"
  );
  const progress: Progress = {
    passed: course.exercises.length - open.length,
    total: course.exercises.length,
  };
  if (open[0]) progress.next = open[0];
  return progress;
}

/** One result as the JSON shape shows it. */
export interface ResultJson extends Omit<Result, "output"> {
  /** The exercise's title. */
  title: string;
  /** The exercise's lesson. */
  lesson: string;
  /** The learner's file, relative to the course root. */
  file: string;
  /** The exercise's 1-based number in the course. */
  number: number;
  /** The full test output, when asked for. */
  output?: string;
}

/** The results shape of `deno task grade --json` and the live course. */
export interface ResultsJson {
  /** How many exercises pass. */
  passed: number;
  /** How many exercises there are. */
  total: number;
  /** The id of the first exercise not yet passed, or null. */
  next: string | null;
  /** One entry per graded exercise, in course order. */
  results: ResultJson[];
}

/** Options for {@linkcode resultsJson}. */
export interface ResultsJsonOptions {
  /** Include each result's full output (off by default). */
  withOutput?: boolean;
}

/** Builds the results shape from results of any subset of the course. */
export function resultsJson(
  course: Course,
  results: Result[],
  options: ResultsJsonOptions = {},
): ResultsJson {
  const progress = progressOf(course, results);
  const byId = new Map(results.map((result) => [result.id, result]));
  return {
    passed: progress.passed,
    total: progress.total,
    next: progress.next?.id ?? null,
    results: course.exercises.flatMap((exercise, index) => {
      const result = byId.get(exercise.id);
      if (!result) return [];
      const { output, ...rest } = result;
      return [{
        ...rest,
        title: exercise.title,
        lesson: exercise.lesson,
        file: `exercises/${exercise.file}`,
        number: index + 1,
        ...(options.withOutput ? { output } : {}),
      }];
    }),
  };
}
