/**
 * Formats results for the terminal: one line per exercise, a progress bar,
 * and what to do next, with every command shown the way this learner can run
 * it. Pure functions; printing happens in the commands.
 *
 * @module
 */

import { relative } from "node:path";
import {
  type Course,
  type Exercise,
  exercisePaths,
  type Progress,
  type Result,
  statuses,
  task,
} from "../course/mod.ts";

/** Options for the formatting functions. */
export interface ReportOptions {
  /** Use ANSI colours (off by default). */
  color?: boolean;
}

function paint(text: string, code: number, options: ReportOptions): string {
  return options.color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/**
 * One line for one exercise: mark, number, id, title and status, and
 * "unchanged" when the result was remembered from an earlier run.
 */
export function resultLine(
  course: Course,
  result: Result,
  options: ReportOptions = {},
): string {
  const index = course.exercises.findIndex((e) => e.id === result.id);
  const title = course.exercises[index]?.title ?? "";
  const number = String(index + 1).padStart(2);
  const { mark, color } = statuses[result.status];
  const status = paint(`${mark} ${result.status}`, color, options);
  return `${status.padEnd(options.color ? 21 : 12)} ${number}  ${
    result.id.padEnd(22)
  } ${title}${result.unchanged ? paint("  unchanged", 2, options) : ""}`;
}

/** A bar such as `[██████░░░░░░] 5/15`. */
export function progressBar(progress: Progress, width = 30): string {
  const filled = progress.total === 0
    ? width
    : Math.round((progress.passed / progress.total) * width);
  return `[${"█".repeat(filled)}${
    "░".repeat(width - filled)
  }] ${progress.passed}/${progress.total}`;
}

/** Where to go next, or a closing line when every exercise passes. */
export function nextSteps(
  course: Course,
  progress: Progress,
  result?: Result,
  options: DescribeOptions = {},
): string {
  if (!progress.next) {
    return `All ${progress.total} exercises pass. Compare yours with the reference: ${
      task("grade solution <id>")
    }`;
  }
  return describeExercise(course, progress.next, "Next", result, options);
}

/** Options for {@linkcode describeExercise}. */
export interface DescribeOptions {
  /**
   * Show what keeps a value alive that should have been collected (true by
   * default); otherwise point to the command that shows it.
   */
  explain?: boolean;
}

/** What an exercise is, where its files are, and how to grade it. */
export function describeExercise(
  course: Course,
  exercise: Exercise,
  label: string,
  result?: Result,
  options: DescribeOptions = {},
): string {
  const paths = exercisePaths(course, exercise);
  const number = course.exercises.indexOf(exercise) + 1;
  const lines = [
    `${label}: ${number}. ${exercise.title} (${exercise.id})`,
    `  edit   ${relative(course.root, paths.exercise)}`,
    `  read   ${relative(course.root, paths.lesson)}`,
    `  grade  ${task(`grade ${exercise.id}`)}`,
    `  hint   ${task(`grade hint ${exercise.id}`)}`,
  ];
  if (result && result.summary) {
    lines.push("", indent(result.summary, "  "));
  }
  if (result?.explanation) {
    lines.push(
      options.explain ?? true
        ? `\n${indent(result.explanation, "  ")}`
        : `  What keeps it alive: ${task(`grade ${exercise.id}`)}`,
    );
  }
  return lines.join("\n");
}

/**
 * The whole overview: every line (an exercise in error or out of time with
 * its one-line reason under it), the bar, and the next step.
 */
export function overview(
  course: Course,
  results: Result[],
  progress: Progress,
  options: ReportOptions = {},
): string {
  const next = results.find((r) => r.id === progress.next?.id);
  return [
    ...results.flatMap((result) => {
      const line = resultLine(course, result, options);
      const reason = result.status === "error" ||
          result.status === "timed out"
        ? result.summary.split("\n")[0]
        : undefined;
      return reason && result !== next ? [line, `      ${reason}`] : [line];
    }),
    "",
    progressBar(progress),
    "",
    nextSteps(course, progress, next, { explain: false }),
  ].join("\n");
}

function indent(text: string, prefix: string): string {
  return text.split("\n").map((line) => prefix + line).join("\n");
}
