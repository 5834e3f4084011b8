/**
 * The grader's command line: `deno task grade [command] [options]`.
 *
 * Every error a learner can cause ends as one plain line and a non-zero exit
 * code; the grader never prints its own stack trace.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import {
  CourseError,
  findExercise,
  loadCourse,
  maxTimeoutSeconds,
  progressOf,
  readSolution,
  resultsJson,
} from "../course/mod.ts";
import { gradeAll } from "./grade.ts";
import { describeExercise, overview, resultLine } from "./report.ts";
import { resetExercise } from "./reset.ts";
import { runExercise } from "./run.ts";
import { watch } from "./watch.ts";

const usage = `Usage: deno task grade [command] [options]

Commands:
  (none)            grade every exercise and show your progress
  <id | number>     grade one exercise and show its full test output
  hint <id> [n]     show an exercise's hints one at a time, gentlest first
  solution <id>     show the reference solution once the exercise passes
  reset <id>        restore the starter committed in git; yours is kept as a backup

Options:
  --watch           grade the current exercise again each time you save it
  --json            print the results as JSON
  --force           with solution: show it even if the exercise does not pass
  --timeout <s>     stop a test run after this many seconds (default 10)
  --root <dir>      the course folder (default: this course)
  --help            show this text`;

/** Runs the grader with command-line arguments; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      watch: { type: "boolean" },
      json: { type: "boolean" },
      force: { type: "boolean" },
      help: { type: "boolean" },
      timeout: { type: "string" },
      root: { type: "string" },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const timeoutMs = parseTimeout(values.timeout);
  const root = values.root
    ? resolve(values.root)
    : fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const course = await loadCourse(root);
  const color = Deno.stdout.isTerminal() && !Deno.noColor;
  const [command, target, ...extra] = positionals;
  if (extra.length > (command === "hint" ? 1 : 0)) {
    throw new CourseError(`Unexpected argument "${extra.at(-1)}": see --help`);
  }

  const needTarget = (name: string) => {
    if (!target) {
      throw new CourseError(
        `"${name}" needs an exercise: deno task grade ${name} <id>`,
      );
    }
    return findExercise(course, target);
  };

  switch (command) {
    case "hint": {
      const exercise = needTarget("hint");
      const count = exercise.hints.length;
      const n = extra.length ? Number(extra[0]) : 1;
      if (!Number.isInteger(n) || n < 1 || n > count) {
        throw new CourseError(
          `"${exercise.id}" has hints 1 to ${count}: got "${extra[0]}"`,
        );
      }
      console.log(`Hint ${n} of ${count}: ${exercise.hints[n - 1]}`);
      if (n < count) {
        console.log(
          `\nStill stuck? deno task grade hint ${exercise.id} ${n + 1}`,
        );
      }
      return 0;
    }
    case "solution": {
      const exercise = needTarget("solution");
      if (!values.force) {
        const result = await runExercise(course, exercise, { timeoutMs });
        if (result.status !== "passed") {
          throw new CourseError(
            `"${exercise.id}" does not pass yet (${result.status}): solve it first, or add --force to see the solution anyway`,
          );
        }
      }
      console.log(await readSolution(course, exercise));
      return 0;
    }
    case "reset": {
      const exercise = needTarget("reset");
      const outcome = await resetExercise(course, exercise);
      console.log(
        outcome.unchanged
          ? `exercises/${exercise.file} already is the starter: nothing to do.`
          : `Restored the starter of exercises/${exercise.file}.` +
            (outcome.backup
              ? ` Your version is kept at ${outcome.backup}`
              : ""),
      );
      return 0;
    }
    case undefined: {
      const results = await gradeAll(course, course.exercises, { timeoutMs });
      if (values.json) {
        console.log(JSON.stringify(resultsJson(course, results), null, 2));
      } else {
        console.log(overview(course, results, progressOf(course, results), {
          color,
        }));
      }
      if (values.watch) {
        await watch(course, {
          results,
          timeoutMs,
          color,
          clearScreen: Deno.stdout.isTerminal(),
        });
        return 0;
      }
      return results.every((r) => r.status === "passed") ? 0 : 1;
    }
    default: {
      if (target) {
        throw new CourseError(`Unknown command "${command}": see --help`);
      }
      const exercise = findExercise(course, command);
      const result = await runExercise(course, exercise, { timeoutMs });
      if (values.json) {
        console.log(JSON.stringify(
          resultsJson(course, [result], { withOutput: true }),
          null,
          2,
        ));
      } else {
        console.log(capLines(result.output, 300));
        console.log(`\n${resultLine(course, result, { color })}`);
        const after = course.exercises[course.exercises.indexOf(exercise) + 1];
        if (result.status !== "passed") {
          console.log(
            `\n${describeExercise(course, exercise, "Exercise", result)}`,
          );
        } else if (after) {
          console.log(`\n${describeExercise(course, after, "Next")}`);
        }
      }
      return result.status === "passed" ? 0 : 1;
    }
  }
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

/** Reads a `--timeout` value in seconds; returns milliseconds. */
export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (
    !Number.isFinite(seconds) || seconds <= 0 || seconds > maxTimeoutSeconds
  ) {
    throw new CourseError(
      `--timeout takes a number of seconds from 0.001 to ${maxTimeoutSeconds}, such as 10: got "${text}"`,
    );
  }
  return seconds * 1000;
}

if (import.meta.main) {
  try {
    Deno.exitCode = await main(Deno.args);
  } catch (error) {
    const message = error instanceof CourseError
      ? error.message
      : (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
      ? `${(error as Error).message}: see --help`
      : `The grader stopped unexpectedly: ${(error as Error).message}`;
    console.error(`error: ${message}`);
    Deno.exitCode = 2;
  }
}
