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
import { findExercise, loadCourse, type Result } from "../course/mod.ts";
import { runExercise } from "../grader/run.ts";
import { copyCourse } from "./course_copy.ts";
import { applyWrongAnswer, rejectionProblem } from "./wrong_answers.ts";

const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const course = await loadCourse(root);
const { values, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { runs: { type: "string" }, busy: { type: "boolean" } },
});
const exercise = findExercise(course, positionals[0] ?? "");
const solution = await Deno.readTextFile(
  `${root}/solutions/${exercise.file}`,
);
const options = { timeoutMs: 60_000 };
let problems = 0;

async function grade(text: string, typeCheck = false): Promise<Result> {
  await using copy = await copyCourse(course, {}, {
    [`exercises/${exercise.file}`]: text,
  });
  return await runExercise(copy.course, exercise, { ...options, typeCheck });
}

function report(label: string, problem: string | undefined): void {
  if (problem) problems++;
  console.log(
    `${problem ? "✗" : "✓"} ${label}${problem ? `\n    ${problem}` : ""}`,
  );
}

const starter = await grade(
  await Deno.readTextFile(`${root}/exercises/${exercise.file}`),
  true,
);
report(
  "starter fails by assertion",
  starter.status === "failed" &&
    (starter.tests ?? []).some((t) => t.outcome === "failed" && t.assertion)
    ? undefined
    : `${starter.status}: ${starter.summary}`,
);
const passed = await grade(solution, true);
report(
  "solution passes",
  passed.status === "passed"
    ? undefined
    : `${passed.status}: ${passed.summary}`,
);
const results = await Promise.all(exercise.wrongAnswers.map(async (wrong) => {
  try {
    return await grade(applyWrongAnswer(solution, wrong));
  } catch (error) {
    return (error as Error).message;
  }
}));
exercise.wrongAnswers.forEach((wrong, i) => {
  const result = results[i]!;
  report(
    `${wrong.name} fails [${wrong.fails.join(" | ")}]`,
    typeof result === "string"
      ? result
      : rejectionProblem(exercise, wrong, result),
  );
});
for (const requirement of exercise.requirements) {
  const alone = exercise.wrongAnswers.filter((w) =>
    w.fails.length === 1 && w.fails[0] === requirement
  );
  report(
    `"${requirement}" has a wrong answer that only it catches`,
    alone.length ? undefined : "none yet",
  );
}
const runs = Number(values.runs ?? 0);
if (runs > 0) {
  const busy = values.busy
    ? new Deno.Command(Deno.execPath(), {
      args: ["eval", "for (;;) {}"],
      stdout: "null",
      stderr: "null",
    }).spawn()
    : undefined;
  try {
    const failures: string[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await grade(solution);
      if (result.status !== "passed") failures.push(result.summary);
    }
    report(
      `solution passes ${runs} of ${runs} runs${
        values.busy ? ", one core busy" : ""
      }`,
      failures.length
        ? `failed ${failures.length} times, first: ${failures[0]}`
        : undefined,
    );
  } finally {
    busy?.kill();
  }
}
console.log(problems ? `\n${problems} problems` : "\nAll checks pass");
Deno.exitCode = problems ? 1 : 0;
