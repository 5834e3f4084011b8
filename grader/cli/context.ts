/**
 * What every grader command gets: the course, the grading pipeline, the
 * options given on the command line, and where to print.
 *
 * @module
 */

import type { Course } from "../../course/mod.ts";
import type { Grader } from "../grade.ts";
import type { ReportOptions } from "../report.ts";

/** The context of one grader command. */
export interface Context extends ReportOptions {
  /** The course. */
  course: Course;
  /** The grading pipeline, with its memory of earlier results. */
  grader: Grader;
  /** Print the results as JSON. */
  json: boolean;
  /** With `solution`: show it even before the exercise passes. */
  force: boolean;
  /** Stop a test run after this many milliseconds, when set. */
  timeoutMs: number | undefined;
  /** Aborted when the command is asked to stop (Ctrl-C and the like). */
  signal: AbortSignal;
  /** Where output goes (console.log by default). */
  print: (text: string) => void;
}
