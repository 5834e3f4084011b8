/**
 * The grader's command line: `deno task grade [command] [options]`. It reads
 * the arguments and hands each command to its module in `cli/`.
 *
 * Every error a learner can cause ends as one plain line and a non-zero exit
 * code; the grader never prints its own stack trace.
 *
 * @module
 */

import { resolve } from "node:path";
import { parseTimeout } from "../course/args.ts";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  CourseError,
  findExercise,
  limits,
  loadCourse,
  runMain,
  task,
} from "../course/mod.ts";
import { gradeAll } from "./cli/grade_all.ts";
import { gradeOne } from "./cli/grade_one.ts";
import { hint } from "./cli/hint.ts";
import { reset } from "./cli/reset.ts";
import { solution } from "./cli/solution.ts";
import { watch } from "./cli/watch.ts";
import type { Context } from "./cli/context.ts";
import { openGrader } from "./grade.ts";

function usage(): string {
  return `Usage: ${task("grade [command] [options]")}

Commands:
  (none)            grade every exercise and show your progress
  <id | number>     grade one exercise and show its full test output
  hint <id> [n]     the next hint you have not seen (or hint n), gentlest first
  solution <id>     show the reference solution once the exercise passes
  reset <id>        restore the starter committed in git; yours is kept as a backup

Options:
  --watch           grade the current exercise again each time you save it
  --json            print the results as JSON
  --fresh           grade again even where nothing changed since the last run
  --force           with solution: show it even if the exercise does not pass
  --timeout <s>     stop a test run after this many seconds (default ${limits.timeoutSeconds})
  --root <dir>      the course folder (default: this course)
  --help            show this text`;
}

/** The options that {@linkcode usage} explains, as `parseArgs` reads them. */
const flags = {
  watch: { type: "boolean" },
  json: { type: "boolean" },
  fresh: { type: "boolean" },
  force: { type: "boolean" },
  help: { type: "boolean" },
  timeout: { type: "string" },
  root: { type: "string" },
} as const;

/** Runs the grader with command-line arguments; returns the exit code. */
export async function main(
  args: string[],
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: flags,
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const timeoutMs = parseTimeout(values.timeout);
  const root = values.root
    ? resolve(values.root)
    : fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const course = await loadCourse(root);
  const [command, , ...extra] = positionals;
  if (extra.length > (command === "hint" ? 1 : 0)) {
    throw new CourseError(`Unexpected argument "${extra.at(-1)}": see --help`);
  }
  const context: Context = {
    course,
    grader: await openGrader(course, {
      timeoutMs,
      ...(values.fresh ? { fresh: true } : {}),
    }),
    json: values.json ?? false,
    force: values.force ?? false,
    timeoutMs,
    signal,
    color: Deno.stdout.isTerminal() && !Deno.noColor,
    print: (text) => console.log(text),
  };
  return await runCommand(context, positionals, values.watch ?? false);
}

/** Hands the command named first in `positionals` to its module. */
async function runCommand(
  context: Context,
  [command, target, ...extra]: string[],
  watchMode: boolean,
): Promise<number> {
  const { course, signal } = context;
  const exercise = (name: string) => {
    if (!target) {
      throw new CourseError(
        `"${name}" needs an exercise: ${task(`grade ${name} <id>`)}`,
      );
    }
    return findExercise(course, target);
  };
  switch (command) {
    case "hint":
      return await hint(context, exercise("hint"), extra[0]);
    case "solution":
      return await solution(context, exercise("solution"));
    case "reset":
      return await reset(context, exercise("reset"));
    case undefined: {
      if (!watchMode) return (await gradeAll(context)).code;
      const results = await context.grader.grade(course.exercises, { signal });
      await watch(context, {
        results,
        clearScreen: Deno.stdout.isTerminal(),
      });
      return 0;
    }
    default:
      if (target) {
        throw new CourseError(`Unknown command "${command}": see --help`);
      }
      return await gradeOne(context, findExercise(course, command));
  }
}

if (import.meta.main) await runMain((signal) => main(Deno.args, signal));
