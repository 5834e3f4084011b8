/**
 * `grade` with no exercise: grades every exercise (remembered results of
 * unchanged files come back at once) and shows the overview.
 *
 * @module
 */

import {
  installHint,
  progressOf,
  type Result,
  resultsJson,
  runner,
} from "../../course/mod.ts";
import { overview } from "../report.ts";
import type { Context } from "./context.ts";

/** Grades every exercise; returns the results with the exit code. */
export async function gradeAll(
  context: Context,
): Promise<{ code: number; results: Result[] }> {
  const { course } = context;
  const results = await context.grader.grade(course.exercises, {
    signal: context.signal,
  });
  if (context.json) {
    context.print(JSON.stringify(resultsJson(course, results), null, 2));
  } else {
    context.print(
      overview(course, results, progressOf(course, results), context),
    );
    if (runner() === "npx" && context.grader.store.firstTime("install")) {
      context.print(
        `\nTip: "${installHint}" puts deno on your PATH; the commands above then start faster, as "deno task …".`,
      );
    }
  }
  await context.grader.store.save();
  const code = results.every((r) => r.status === "passed") ? 0 : 1;
  return { code, results };
}
