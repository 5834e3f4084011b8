import assert from "node:assert/strict";
import type { Exercise, Result, WrongAnswer } from "../course/mod.ts";
import {
  applyWrongAnswer,
  rejectionProblem,
  starterProblem,
} from "./wrong_answers.ts";

const requirements = ["keeps nothing alive", "returns 42"];

const exercise: Exercise = {
  id: "leaky",
  title: "Leaky",
  lesson: "01_start",
  file: "01_start/leaky.ts",
  hints: ["A hint."],
  requirements,
  wrongAnswers: [],
  starterExplains: ["field #cache (Map)"],
};

const leak: WrongAnswer = {
  name: "keeps_last",
  mistake: "Keeps the last value in a variable.",
  fails: ["keeps nothing alive"],
  replace: [["let n = 0;", "let n = 0;\nlet last;"]],
  explains: ["closure keeps `last`"],
};

/** A failed run in which only `failing` failed, by assertion. */
function failedRun(failing: string, explanation?: string): Result {
  return {
    id: "leaky",
    status: "failed",
    summary: `"${failing}" failed`,
    output: "",
    durationMs: 1,
    tests: requirements.map((name) =>
      name === failing
        ? { name, outcome: "failed", assertion: true }
        : { name, outcome: "passed" }
    ),
    ...(explanation === undefined ? {} : { explanation }),
  };
}

Deno.test("applyWrongAnswer() applies each replacement once, and refuses text that is not there exactly once", () => {
  assert.equal(
    applyWrongAnswer("let n = 0;\nreturn n;\n", leak),
    "let n = 0;\nlet last;\nreturn n;\n",
  );
  assert.throws(
    () => applyWrongAnswer("let n = 0;\nlet n = 0;\n", leak),
    /occurs 2 times in the solution/,
  );
  assert.throws(() => applyWrongAnswer("", leak), /occurs 0 times/);
});

Deno.test("rejectionProblem() wants exactly the named tests failed, and the leak explained in the words given", () => {
  const explained =
    "The value is still reachable:\n  → its closure keeps `last` (Object)";
  assert.equal(
    rejectionProblem(
      exercise,
      leak,
      failedRun("keeps nothing alive", explained),
    ),
    undefined,
  );
  assert.match(
    rejectionProblem(exercise, leak, failedRun("returns 42", explained)) ?? "",
    /expected exactly \[keeps nothing alive\] to fail, but \[returns 42\] failed/,
  );
  assert.match(
    rejectionProblem(exercise, leak, failedRun("keeps nothing alive")) ?? "",
    /should show "closure keeps `last`", but it reads: \(no explanation\)/,
  );
});

Deno.test("starterProblem() wants a failing assertion, and a leaking starter's explanation", () => {
  assert.equal(
    starterProblem(
      exercise,
      failedRun("keeps nothing alive", "→ field #cache (Map)"),
    ),
    undefined,
  );
  assert.match(
    starterProblem(exercise, failedRun("keeps nothing alive", "→ a timer")) ??
      "",
    /should show "field #cache \(Map\)", but it reads: → a timer/,
  );
  assert.match(
    starterProblem(exercise, {
      ...failedRun("returns 42"),
      status: "error",
      summary: "does not compile",
    }) ?? "",
    /^error: does not compile$/,
  );
});
