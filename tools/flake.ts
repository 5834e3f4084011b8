/**
 * `deno task flake`: grades every reference solution many times and lists any
 * exercise whose result ever differed from "passed". Exits 1 if one did.
 *
 * ```sh
 * deno task flake                # 50 rounds
 * deno task flake --runs 20 --busy   # 20 rounds while a process keeps a core busy
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { loadCourse } from "../course/mod.ts";
import { gradeAll } from "../grader/grade.ts";
import { keepCoreBusy } from "./_busy.ts";
import { copyCourse, solutionOverlays } from "./course_copy.ts";

/** Options for {@linkcode flake}. */
export interface FlakeOptions {
  /** How many rounds (50 by default). */
  runs?: number;
  /** Keep one core busy with a spinning process meanwhile. */
  busy?: boolean;
  /** Called after each round with its number and the failures seen so far. */
  onRound?: (round: number, failures: Map<string, string[]>) => void;
}

/** Grades the solutions `runs` times; returns, per exercise, what went wrong. */
export async function flake(
  root: string,
  options: FlakeOptions = {},
): Promise<Map<string, string[]>> {
  const { runs = 50, busy = false, onRound } = options;
  const course = await loadCourse(root);
  await using copy = await copyCourse(course, solutionOverlays(course));
  using _busy = busy ? keepCoreBusy() : undefined;
  const failures = new Map<string, string[]>();
  for (let round = 1; round <= runs; round++) {
    const results = await gradeAll(copy.course);
    for (const result of results) {
      if (result.status === "passed") continue;
      const seen = failures.get(result.id) ?? [];
      seen.push(
        `round ${round}: ${result.status}: ${result.summary.split("\n")[0]}`,
      );
      failures.set(result.id, seen);
    }
    onRound?.(round, failures);
  }
  return failures;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "50" },
      busy: { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(
      `error: --runs takes a whole number, such as 50: got "${values.runs}"`,
    );
    Deno.exit(2);
  }
  const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
  const started = performance.now();
  const failures = await flake(root, {
    runs,
    busy: values.busy,
    onRound: (round, failures) =>
      console.log(
        `round ${round}/${runs}: ${
          failures.size === 0
            ? "all passed"
            : `${failures.size} exercise(s) differed so far`
        }`,
      ),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (failures.size === 0) {
    console.log(
      `Every solution passed in all ${runs} rounds (${seconds} s${
        values.busy ? ", one core kept busy" : ""
      }).`,
    );
  } else {
    console.log(`Results differed in ${failures.size} exercise(s):`);
    for (const [id, seen] of failures) {
      console.log(`  ${id}\n    ${seen.join("\n    ")}`);
    }
    Deno.exitCode = 1;
  }
}
