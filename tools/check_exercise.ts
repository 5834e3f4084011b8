/**
 * The author check for one exercise, for use while writing it:
 * `deno task check-exercise <id>` grades the starter (it must fail by
 * assertion), the solution (it must pass) and every wrong answer in
 * `course.json` (each must fail exactly the tests it names), and lists the
 * requirements that no wrong answer catches alone. With `--runs N` it grades
 * the solution N times (with `--busy`, while another process keeps a core
 * busy) and counts how often it passed: a GC-dependent test must pass every
 * time.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type Course,
  type Exercise,
  findExercise,
  loadCourse,
  type Result,
  runMain,
} from "../course/mod.ts";
import { runExercise } from "../grader/run.ts";
import { keepCoreBusy } from "./_busy.ts";
import { copyCourse } from "./course_copy.ts";
import {
  applyWrongAnswer,
  rejectionProblem,
  starterProblem,
  uncoveredRequirements,
} from "./wrong_answers.ts";

/** One finding of the check. */
export interface Finding {
  /** What was checked. */
  label: string;
  /** What is wrong, when something is. */
  problem?: string;
}

/** Options of {@linkcode checkExercise}. */
export interface CheckOptions {
  /** Grade the solution this many extra times (0 by default). */
  runs?: number;
  /** While doing so, keep a core busy. */
  busy?: boolean;
}

/** Grades one version of an exercise's file. */
type Grade = (text: string, typeCheck?: boolean) => Promise<Result>;

/** Checks one exercise of `course` as the author check does. */
export async function checkExercise(
  course: Course,
  exercise: Exercise,
  options: CheckOptions = {},
): Promise<Finding[]> {
  const solution = await Deno.readTextFile(
    `${course.root}/solutions/${exercise.file}`,
  );
  const grade: Grade = async (text, typeCheck = false) => {
    // The exercise as it is now, committed or not: its author is writing it.
    await using copy = await copyCourse(course, {}, {
      [`exercises/${exercise.file}`]: text,
    }, { committed: false });
    return await runExercise(copy.course, exercise, {
      timeoutMs: 60_000,
      typeCheck,
      failFast: false,
    });
  };
  const starter = await grade(
    await Deno.readTextFile(`${course.root}/exercises/${exercise.file}`),
    true,
  );
  const passed = await grade(solution, true);
  return [
    finding("starter fails by assertion", starterProblem(exercise, starter)),
    finding(
      "solution passes",
      passed.status === "passed"
        ? undefined
        : `${passed.status}: ${passed.summary}`,
    ),
    ...await checkWrongAnswers(exercise, solution, grade),
    ...checkRequirements(exercise),
    ...await checkRuns(solution, grade, options),
  ];
}

function finding(label: string, problem: string | undefined): Finding {
  return problem ? { label, problem } : { label };
}

/** Each wrong answer, graded at once, fails exactly the tests it names. */
async function checkWrongAnswers(
  exercise: Exercise,
  solution: string,
  grade: Grade,
): Promise<Finding[]> {
  const results = await Promise.all(
    exercise.wrongAnswers.map(async (wrong) => {
      try {
        return await grade(applyWrongAnswer(solution, wrong));
      } catch (error) {
        return (error as Error).message;
      }
    }),
  );
  return exercise.wrongAnswers.map((wrong, i) => {
    const result = results[i]!;
    return finding(
      `${wrong.name} fails [${wrong.fails.join(" | ")}]`,
      typeof result === "string"
        ? result
        : rejectionProblem(exercise, wrong, result),
    );
  });
}

/** Each requirement has a wrong answer that fails it alone. */
function checkRequirements(exercise: Exercise): Finding[] {
  const uncovered = uncoveredRequirements(exercise);
  return exercise.requirements.map((requirement) =>
    finding(
      `"${requirement}" has a wrong answer that only it catches`,
      uncovered.includes(requirement) ? "none yet" : undefined,
    )
  );
}

/** The solution passes every one of `options.runs` runs (none by default). */
async function checkRuns(
  solution: string,
  grade: Grade,
  options: CheckOptions,
): Promise<Finding[]> {
  const runs = options.runs ?? 0;
  if (!(runs > 0)) return []; // NaN too
  using _busy = options.busy ? keepCoreBusy() : undefined;
  const failures: string[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await grade(solution);
    if (result.status !== "passed") failures.push(result.summary);
  }
  return [finding(
    `solution passes ${runs} of ${runs} runs${
      options.busy ? ", one core busy" : ""
    }`,
    failures.length
      ? `failed ${failures.length} times, first: ${failures[0]}`
      : undefined,
  )];
}

if (import.meta.main) {
  await runMain(async () => {
    const root = fileURLToPath(new URL("..", import.meta.url)).replace(
      /\/$/,
      "",
    );
    const course = await loadCourse(root);
    const { values, positionals } = parseArgs({
      args: Deno.args,
      allowPositionals: true,
      options: { runs: { type: "string" }, busy: { type: "boolean" } },
    });
    const exercise = findExercise(course, positionals[0] ?? "");
    const findings = await checkExercise(course, exercise, {
      runs: Number(values.runs ?? 0),
      busy: values.busy ?? false,
    });
    for (const { label, problem } of findings) {
      console.log(
        `${problem ? "✗" : "✓"} ${label}${problem ? `\n    ${problem}` : ""}`,
      );
    }
    const problems = findings.filter((f) => f.problem).length;
    console.log(problems ? `\n${problems} problems` : "\nAll checks pass");
    return problems ? 1 : 0;
  });
}
