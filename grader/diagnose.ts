/**
 * Decides how a test run ended, from the runtime's own report of which tests
 * ran, and explains it in one or two plain lines that name the file and line
 * and say what to do. Every function here takes time linear in its input.
 *
 * @module
 */

import {
  isTestFile,
  type Status,
  task,
  type TestOutcome,
} from "../course/mod.ts";
import type { Report, TestCase } from "./junit.ts";

/** The facts about one finished run. */
export interface RunFacts {
  /** Everything the run printed, stdout then stderr. */
  output: string;
  /** The exit code, or `null` when the process was killed by a signal. */
  code: number | null;
  /** The course root, so that paths can be shown relative to it. */
  root: string;
  /** The exercise, for commands in the advice and the tests it must pass. */
  exercise: { id: string; requirements: string[] };
  /** The runtime's report, or `undefined` when none was written. */
  report?: Report | undefined;
  /** Set to the bound in milliseconds when the run was killed for time. */
  timedOut?: number | undefined;
  /** Set to the bound in bytes when the run was killed for printing too much. */
  truncated?: number | undefined;
}

/** A status with its explanation. */
export interface Verdict {
  /** What happened. */
  status: Status;
  /** One or two lines for the learner; empty when passed. */
  summary: string;
  /** The output with paths made relative and noise removed. */
  output: string;
  /** How each test ran, from the runtime's report. */
  tests?: TestOutcome[];
  /** What keeps a value alive that the failing test expected collected. */
  explanation?: string;
}

/** How much of a run's text the explanations read. */
const readLimit = 64 * 1024;

const permissionWords: Record<string, string> = {
  read: "read a file",
  write: "write a file",
  net: "open a network connection",
  env: "read an environment variable",
  run: "start a process",
  sys: "read system information",
  ffi: "load a native library",
  import: "import code from the network",
};

const outOfMemory =
  /Fatal (?:JavaScript|process) out of memory|Reached heap limit|Array buffer allocation failed|Unable to grow instance memory|WebAssembly\.Memory\(\): could not allocate memory/;

/** A status with its summary, not cleaned yet, and what keeps a value alive. */
interface Finding {
  status: Status;
  summary: string;
  explanation?: string | undefined;
}

/** Classifies a finished run and explains it. */
export function diagnose(facts: RunFacts): Verdict {
  const output = clean(facts.output, facts.root);
  const tests = facts.report?.cases.map(outcomeOf);
  const { status, summary, explanation } = classify(facts, output);
  return {
    status,
    summary: clean(summaryOf(summary), facts.root),
    output,
    ...(tests ? { tests } : {}),
    ...(explanation ? { explanation } : {}),
  };
}

/** How one test ran, as a result shows it. */
function outcomeOf(c: TestCase): TestOutcome {
  return {
    name: c.name,
    outcome: c.outcome,
    ...(c.outcome === "failed"
      ? { assertion: /^(?:Uncaught )?AssertionError\b/.test(c.failure ?? "") }
      : {}),
  };
}

/** Decides how the run ended, the gravest reason first. */
function classify(facts: RunFacts, output: string): Finding {
  const cases = facts.report?.cases ?? [];
  const stopped = limitReached(facts, output, cases);
  if (stopped) return stopped;
  if (cases.length === 0) {
    return { status: "error", summary: describeError(output, facts) };
  }
  const problem = checkCases(
    cases,
    facts.exercise.requirements,
    facts.exercise.id,
  );
  if (problem) return { status: "error", summary: problem };
  return failedTest(cases, facts.root) ?? unfinishedTest(cases, output) ??
    failedAfterTests(facts, output) ?? { status: "passed", summary: "" };
}

/** The run was stopped for time, output or memory. */
function limitReached(
  facts: RunFacts,
  output: string,
  cases: TestCase[],
): Finding | undefined {
  if (facts.timedOut !== undefined) {
    return {
      status: "timed out",
      summary:
        `Stopped after ${
          facts.timedOut / 1000
        } s: the tests did not finish.\n` +
        "Look for a loop that never ends, or a promise that never settles while a timer keeps the program alive.",
    };
  }
  if (facts.truncated !== undefined) {
    return {
      status: "error",
      summary:
        `Output truncated after ${
          Math.round(facts.truncated / 1024)
        } KiB: the code printed too much, so the run was stopped.\n` +
        "Remove the logging inside loops, then grade again.",
    };
  }
  const texts = [output, ...cases.flatMap((c) => c.failure ?? [])];
  if (texts.some((text) => outOfMemory.test(head(text)))) {
    return {
      status: "error",
      summary:
        "Ran out of memory: the run was stopped when it reached its memory limit.\n" +
        "Look for something that grows without end, such as a loop that keeps adding to an array.",
    };
  }
  return undefined;
}

/**
 * The first failed test is the summary; what keeps a value alive is shown
 * from the first collection test that explains one, whichever it is.
 */
function failedTest(cases: TestCase[], root: string): Finding | undefined {
  const failures = cases.filter((c) => c.outcome === "failed").map((c) => ({
    ...c,
    ...splitExplanation(clean(c.failure ?? "", root)),
  }));
  const failed = failures[0];
  if (!failed) return undefined;
  const explained = failures.find((f) => f.explanation);
  return {
    status: "failed",
    summary: describeFailure({ ...failed, failure: failed.text }),
    explanation: explained === failed
      ? explained.explanation
      : explained && `In "${explained.name}":\n${explained.explanation}`,
  };
}

/** A test that neither passed nor failed: it was cancelled. */
function unfinishedTest(
  cases: TestCase[],
  output: string,
): Finding | undefined {
  const cancelled = cases.find((c) => c.outcome !== "passed");
  if (!cancelled) return undefined;
  const error = firstError(output);
  if (error === undefined || /\bexecution terminated\b/.test(error)) {
    // No error stopped it, or only the end of the runtime: the process
    // ended under it (close() ends the runtime a moment after it is called).
    return {
      status: "error",
      summary:
        `The test run ended while the test "${cancelled.name}" ran: does your code call Deno.exit() or close()?`,
    };
  }
  const message = error;
  const place = location(output);
  return {
    status: "failed",
    summary: permissionProblem(cancelled.name, message, place) ??
      `The test "${cancelled.name}" did not finish: ${message}${
        place ? `\n  at ${place}` : ""
      }`,
  };
}

/** Every test passed, but the run failed after them. */
function failedAfterTests(
  facts: RunFacts,
  output: string,
): Finding | undefined {
  if (facts.code === 0 && (facts.report?.errors ?? 0) === 0) return undefined;
  return {
    status: "error",
    summary: `Every test passed, but then the run failed: ${
      firstError(output) ??
        `it ended with exit code ${facts.code ?? "none (killed)"}`
    }\nLook for a timer or promise in your code that throws after the tests end.`,
  };
}

/** Checks that exactly the expected tests ran, each once; returns a problem. */
function checkCases(
  cases: TestCase[],
  expected: string[],
  id: string,
): string | undefined {
  const testFile = cases.find((c) => expected.includes(c.name))?.file;
  const foreign = cases.find((c) => testFile && c.file !== testFile);
  if (foreign) {
    return `Your code registered a test of its own, "${foreign.name}": exercise code may not call Deno.test.`;
  }
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const twice = [...counts].find(([, n]) => n > 1);
  if (twice) {
    return `The test "${twice[0]}" ran ${
      twice[1]
    } times: exercise code may not call Deno.test.`;
  }
  const unknown = cases.find((c) => !expected.includes(c.name));
  if (unknown) {
    return `A test the course does not list ran, "${unknown.name}": was the test file changed? Restore it from git (git checkout -- <file>) to grade ${id}.`;
  }
  const missing = expected.find((name) => !counts.has(name));
  if (missing) {
    return `The test run ended before the test "${missing}" ran: does your code call Deno.exit() or close(), or replace Deno.test?`;
  }
  return undefined;
}

/**
 * Removes colour and other control characters, backtrace noise and
 * misleading hints; shortens paths to the course root.
 */
export function clean(output: string, root: string): string {
  const prefix = `file://${root.endsWith("/") ? root : `${root}/`}`;
  return stripControl(output)
    .split("\n")
    .filter((line) =>
      !/^error: Test failed$|^\s*(info|hint): |^Stack backtrace:|^\s+\d+: <unknown>$|^\s+at (?:async )?(?:\S+ \()?(?:ext|node):/
        .test(line)
    )
    .join("\n")
    .replaceAll(prefix, "")
    .replaceAll(`./${prefix}`, "")
    .replaceAll(`${root}/`, "")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd();
}

/**
 * Removes terminal control sequences and control characters, keeping
 * newlines and tabs, so that text from learner code is shown as data.
 */
export function stripControl(text: string): string {
  return text
    // deno-lint-ignore no-control-regex
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, "")
    // deno-lint-ignore no-control-regex
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "");
}

/** Keeps a summary to its first few short lines. */
function summaryOf(text: string): string {
  return text.split("\n").slice(0, 4).map((line) =>
    line.length > 300 ? `${line.slice(0, 300)}…` : line
  ).join("\n");
}

function head(text: string): string {
  return text.length > readLimit ? text.slice(0, readLimit) : text;
}

/**
 * The first line of `@course/gc`'s account of why a value is still there
 * (see `whyAlive`), which follows the test's own message.
 */
const explanationStart =
  /^(?:.+ is still reachable:|No chain of strong references leads to .+|.+ was not found in the heap snapshot\.|No retaining path is shown: .+)$/;

/** Splits a failure into its own text and `whyAlive`'s account, if any. */
export function splitExplanation(
  failure: string,
): { text: string; explanation?: string } {
  const lines = head(failure).split("\n");
  const start = lines.findIndex((line) => explanationStart.test(line));
  if (start < 0) return { text: failure };
  // The first hop, then each hop after an arrow (see whyAlive's text).
  let end = start + 1;
  if (/^ {2}[^\s→]/.test(lines[end] ?? "")) end++;
  while (end < lines.length && /^ {2}→ /.test(lines[end] ?? "")) end++;
  return {
    text: [...lines.slice(0, start), ...lines.slice(end)].join("\n"),
    explanation: lines.slice(start, Math.min(end, start + 24)).join("\n"),
  };
}

function describeFailure(failed: TestCase): string {
  const text = head(failed.failure ?? "");
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const message = (lines[0] ?? "").replace(/^Uncaught (?:\(in promise\) )?/, "")
    .replace(/^AssertionError: /, "");
  const place = location(text);
  const permission = permissionProblem(failed.name, message, place);
  if (permission) return permission;
  // Only a one-line comparison such as "41 !== 42" helps in a summary; a
  // multi-line diff is for the full output.
  const detail = lines.slice(1, 3).find((line) =>
    line.length < 160 && / [!=]==? /.test(line) &&
    !/^\s*(assert|await)\b/.test(line)
  );
  return `"${failed.name}" failed: ${message}` +
    (detail ? `\n  ${detail.trim()}` : "") +
    (place ? `\n  at ${place}` : "");
}

/** Explains a denied permission in plain words, if that is what happened. */
function permissionProblem(
  name: string,
  message: string,
  place: string | undefined,
): string | undefined {
  const permission = message.match(/Requires (\w+) access/);
  if (!permission) return undefined;
  const what = permissionWords[permission[1] ?? ""] ?? "use a permission";
  return `"${name}" failed: the code tried to ${what}${
    place ? ` at ${place}` : ""
  }, and exercises run without permissions.\n` +
    "Solve it without that call: nothing in this course needs it.";
}

function firstError(output: string): string | undefined {
  const line = head(output).split("\n").find((l) => l.startsWith("error: "));
  return line?.replace(/^error: (?:\(in promise\) )?(?:Uncaught )?/, "");
}

/** Explains a run in which no test ran. */
function describeError(fullOutput: string, facts: RunFacts): string {
  const output = head(fullOutput);
  const place = location(output);
  return importProblem(output, place, facts.exercise.id) ??
    codeProblem(output, place) ?? runtimeProblem(output, place) ??
    endedEarly(facts);
}

/** A module the tests import is missing, or no longer exports a name. */
function importProblem(
  output: string,
  place: string | undefined,
  id: string,
): string | undefined {
  const missing = output.match(
    /TS2307 \[ERROR\]: Cannot find module '([^'\n]+)'|Module not found "([^"\n]+)"|Import '([^'\n]+)' failed, not found/,
  );
  if (missing) {
    const file = (missing[1] ?? missing[2] ?? missing[3] ?? "").replace(
      /^file:\/\//,
      "",
    );
    return `"${file}" is missing: restore the starter with "${
      task(`grade reset ${id}`)
    }".`;
  }
  const noExport = output.match(
    /TS(?:2305|2724|2459) \[ERROR\]: [^\n]*? (?:has no exported member(?: named)? '([^'\n]+)'|declares '([^'\n]+)' locally, but it is not exported)/,
  ) ??
    output.match(/does not provide an export named '([^'\n]+)'/);
  if (!noExport) return undefined;
  return `The tests import "${
    noExport[1] ?? noExport[2]
  }", which your file no longer exports${
    place ? ` (${place})` : ""
  }.\nKeep the exported names and types from the starter.`;
}

/** A type error or a syntax error. */
function codeProblem(
  output: string,
  place: string | undefined,
): string | undefined {
  const typeError = output.match(/^(TS\d+) \[ERROR\]: ([^\n]*)$/m);
  if (typeError) {
    return `Type error${place ? ` at ${place}` : ""}: ${typeError[2]}\n` +
      "Fix the types (the starter type-checks as given), then grade again.";
  }
  const syntax = output.match(
    /^error: (?:SyntaxError: |The module's source code could not be parsed: )([^\n]*)$/m,
  );
  if (!syntax) return undefined;
  return `Syntax error${place ? ` at ${place}` : ""}: ${
    (syntax[1] ?? "").replace(/ at file:\/\/\S+$/, "")
  }`;
}

/** An error thrown while the test module loaded. */
function runtimeProblem(
  output: string,
  place: string | undefined,
): string | undefined {
  const error = firstError(output);
  if (!error) return undefined;
  if (
    /Cannot assign to read only property|Cannot redefine property|Cannot add property|Cannot delete property|object is not extensible/
      .test(error)
  ) {
    return `Your code tried to change a built-in that the tests rely on (${error}${
      place ? ` at ${place}` : ""
    }): exercises may not modify Deno, Deno.test, the assertions or JavaScript's built-in objects.`;
  }
  return `${error}${place ? `\n  at ${place}` : ""}`;
}

/** The run ended with no error to show, before any test ran. */
function endedEarly(facts: RunFacts): string {
  if (facts.report) {
    return "The test run ended before any test ran: does your code call Deno.exit() or close(), or replace Deno.test?";
  }
  return `The test run ended unexpectedly (${
    facts.code === null ? "killed" : `exit code ${facts.code}`
  }), before its report was written.\n` +
    `Does your code call Deno.exit() or close()? Run "${
      task(`grade ${facts.exercise.id}`)
    }" to see its full output.`;
}

/** The first `path:line:col` in the text, preferring a file that is not a test. */
export function location(text: string): string | undefined {
  const places = [
    ...head(text).matchAll(
      /(?<![\w./-])(?:file:\/\/)?((?:\.\/)?[\w./-]{1,300}?\.ts):(\d{1,7}):(\d{1,7})/g,
    ),
  ]
    .map((m) => ({
      file: (m[1] ?? "").replace(/^\.\//, ""),
      line: m[2],
      col: m[3],
    }));
  // The learner's own file first, then the test; the course's helpers
  // (such as gc/mod.ts behind assertCollected) are never the place to look.
  const own = places.filter((p) => p.file.startsWith("exercises/"));
  const best = own.find((p) => !isTestFile(p.file)) ?? own[0] ?? places[0];
  return best ? `${best.file}:${best.line}:${best.col}` : undefined;
}
