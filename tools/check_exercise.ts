/**
 * The author check for one exercise, for use while writing it:
 * `deno task check-exercise <id>` grades the starter (it must fail by
 * assertion), the solution (it must pass) and every wrong answer in
 * `course.json` (each must fail exactly the tests it names), and lists the
 * requirements that no wrong answer catches alone.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { findExercise, loadCourse, type Result } from "../course/mod.ts";
import { runExercise } from "../grader/run.ts";
import { copyCourse } from "./course_copy.ts";
import { applyWrongAnswer, rejectionProblem } from "./wrong_answers.ts";

const root = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const course = await loadCourse(root);
const exercise = findExercise(course, Deno.args[0] ?? "");
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
console.log(problems ? `\n${problems} problems` : "\nAll checks pass");
Deno.exitCode = problems ? 1 : 0;
