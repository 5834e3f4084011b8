/**
 * `grade <id | number>`: grades one exercise and shows its full test output,
 * then what to do: the exercise's own advice, or the first one not yet passed.
 *
 * @module
 */

import { type Exercise, progressOf, resultsJson } from "../../course/mod.ts";
import { describeExercise, resultLine } from "../report.ts";
import type { Context } from "./context.ts";

/** The most lines of test output shown; the summary names the first failure. */
const maxLines = 300;

/** Grades `exercise` and prints its output and what to do next. */
export async function gradeOne(
  context: Context,
  exercise: Exercise,
): Promise<number> {
  const { course, grader } = context;
  const [result] = await grader.grade([exercise], { signal: context.signal });
  if (!result) return 1;
  if (context.json) {
    context.print(JSON.stringify(
      resultsJson(course, [result], { withOutput: true }),
      null,
      2,
    ));
  } else {
    if (result.output) context.print(capLines(result.output, maxLines));
    context.print(`\n${resultLine(course, result, context)}`);
    if (result.status !== "passed") {
      context.print(
        `\n${describeExercise(course, exercise, "Exercise", result)}`,
      );
    } else {
      // The first exercise not yet passed, as far as the grader remembers.
      const known = [
        ...grader.store.remembered().filter((r) => r.id !== result.id),
        result,
      ];
      const next = progressOf(course, known).next;
      if (next) context.print(`\n${describeExercise(course, next, "Next")}`);
    }
  }
  return result.status === "passed" ? 0 : 1;
}

/** Keeps the first `max` lines, saying how many were left out. */
function capLines(text: string, max: number): string {
  const lines = text.split("\n");
  if (lines.length <= max) return text;
  return [
    ...lines.slice(0, max),
    `… ${
      lines.length - max
    } more lines left out; the summary below names the first failure.`,
  ].join("\n");
}
