/**
 * Turns a wrong answer of `course.json` into source text (its replacements
 * applied to the reference solution), and tells whether the tests rejected a
 * wrong answer, or an untouched starter, as `course.json` says they must.
 *
 * @module
 */

import {
  type Exercise,
  nothingKeptRequirement,
  type Result,
  type WrongAnswer,
} from "../course/mod.ts";

/**
 * Applies each `[text, replacement]` pair of `wrong` to `solution`, in order.
 * Throws when a text does not occur exactly once, so that every wrong answer
 * stays the one small change it says it is.
 */
export function applyWrongAnswer(solution: string, wrong: WrongAnswer): string {
  let source = solution;
  for (const [text, replacement] of wrong.replace) {
    const count = source.split(text).length - 1;
    if (count !== 1) {
      throw new Error(
        `the text "${
          text.slice(0, 60)
        }" occurs ${count} times in the solution: each must occur exactly once`,
      );
    }
    source = source.replace(text, () => replacement);
  }
  return source;
}

/** What is wrong with how a wrong answer was rejected, if anything. */
export function rejectionProblem(
  exercise: Exercise,
  wrong: WrongAnswer,
  result: Result,
): string | undefined {
  const where = `${exercise.id} / ${wrong.name}`;
  const tests = result.tests ?? [];
  if (tests.length !== exercise.requirements.length) {
    return `${where}: ${result.status}: ${result.summary}`;
  }
  const failed = tests.filter((t) => t.outcome !== "passed");
  const notByAssertion = failed.filter((t) => !t.assertion);
  if (notByAssertion.length > 0) {
    return `${where}: "${
      notByAssertion[0]?.name
    }" must fail by a failing assertion: ${result.summary}`;
  }
  const names = failed.map((t) => t.name).sort();
  const expected = [...wrong.fails].sort();
  if (JSON.stringify(names) !== JSON.stringify(expected)) {
    return `${where}: expected exactly [${
      expected.join(" | ")
    }] to fail, but [${names.join(" | ")}] failed`;
  }
  const unexplained = unexplainedWords(wrong.explains, result);
  return unexplained && `${where}: ${unexplained}`;
}

/**
 * What is wrong with how the untouched starter failed, if anything: it must
 * fail by a failing assertion, and a leaking starter must explain its leak.
 */
export function starterProblem(
  exercise: Exercise,
  result: Result,
): string | undefined {
  const byAssertion = result.status === "failed" &&
    (result.tests ?? []).some((t) => t.outcome === "failed" && t.assertion);
  if (!byAssertion) return `${result.status}: ${result.summary}`;
  return unexplainedWords(exercise.starterExplains, result);
}

/** Which of `words` the explanation of a leak in `result` lacks, in a sentence. */
function unexplainedWords(
  words: string[] = [],
  result: Result,
): string | undefined {
  const missing = words.filter((w) => !result.explanation?.includes(w));
  if (missing.length === 0) return undefined;
  return `the explanation of its leak should show ${
    missing.map((w) => `"${w}"`).join(", ")
  }, but it reads: ${result.explanation ?? "(no explanation)"}`;
}

/**
 * The requirements of `exercise` without a wrong answer that fails their
 * test alone, leaving out the test that catches every leak.
 */
export function uncoveredRequirements(exercise: Exercise): string[] {
  return exercise.requirements.filter((requirement) =>
    !exercise.wrongAnswers.some((wrong) => {
      const fails = requirement === nothingKeptRequirement
        ? wrong.fails
        : wrong.fails.filter((name) => name !== nothingKeptRequirement);
      return fails.length === 1 && fails[0] === requirement;
    })
  );
}
