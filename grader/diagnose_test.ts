import assert from "node:assert/strict";
import {
  clean,
  diagnose,
  location,
  type RunFacts,
  splitExplanation,
} from "./diagnose.ts";
import type { Report, TestCase } from "./junit.ts";

const root = "/course";
const exercise = { id: "answer", requirements: ["first", "second"] };
const testFile = "./exercises/01_fixture/answer_test.ts";

function passed(name: string, file = testFile): TestCase {
  return { name, file, outcome: "passed" };
}

function facts(report: Report | undefined, extra: Partial<RunFacts> = {}) {
  return { output: "", code: 0, root, exercise, report, ...extra };
}

Deno.test("diagnose() passes a run where exactly the required tests ran and passed", () => {
  const verdict = diagnose(
    facts({ cases: [passed("first"), passed("second")], errors: 0 }),
  );
  assert.equal(verdict.status, "passed");
  assert.equal(verdict.summary, "");
  assert.deepEqual(verdict.tests?.map((t) => t.outcome), ["passed", "passed"]);
});

Deno.test("diagnose() calls a missing required test an error that asks about Deno.exit", () => {
  const verdict = diagnose(facts({ cases: [passed("first")], errors: 0 }));
  assert.equal(verdict.status, "error");
  assert.match(
    verdict.summary,
    /^The test run ended before the test "second" ran: does your code call Deno\.exit\(\) or close\(\), or replace Deno\.test\?$/,
  );
});

Deno.test("diagnose() calls a run with no report, or an empty one, an error", () => {
  for (const report of [undefined, { cases: [], errors: 0 }]) {
    const verdict = diagnose(facts(report, { code: 0 }));
    assert.equal(verdict.status, "error");
    assert.match(verdict.summary, /Deno\.exit\(\) or close\(\)/);
  }
});

Deno.test("diagnose() refuses tests registered by the learner's file, or run twice", () => {
  const foreign = diagnose(facts({
    cases: [
      passed("first"),
      passed("second"),
      passed("mine", "./exercises/01_fixture/answer.ts"),
    ],
    errors: 0,
  }));
  assert.equal(foreign.status, "error");
  assert.match(foreign.summary, /registered a test of its own, "mine"/);
  const twice = diagnose(facts({
    cases: [passed("first"), passed("first"), passed("second")],
    errors: 0,
  }));
  assert.equal(twice.status, "error");
  assert.match(twice.summary, /"first" ran 2 times/);
});

Deno.test("diagnose() names the first failed test with its message and place", () => {
  const verdict = diagnose(facts({
    cases: [
      passed("first"),
      {
        name: "second",
        file: testFile,
        outcome: "failed",
        failure:
          "AssertionError: answer() should return 42\n\n41 !== 42\n\n    at file:///course/exercises/01_fixture/answer_test.ts:9:10",
      },
    ],
    errors: 0,
  }, { code: 1 }));
  assert.equal(verdict.status, "failed");
  assert.equal(
    verdict.summary,
    '"second" failed: answer() should return 42\n  41 !== 42\n  at exercises/01_fixture/answer_test.ts:9:10',
  );
  assert.equal(verdict.tests?.[1]?.assertion, true);
});

Deno.test("diagnose() treats a cancelled test as not passed, and an error after the tests as an error", () => {
  const cancelled = diagnose(facts(
    {
      cases: [passed("first"), { ...passed("second"), outcome: "skipped" }],
      errors: 0,
    },
    {
      code: 1,
      output:
        "error: (in promise) Error: late\n    at file:///course/exercises/01_fixture/answer.ts:3:9\n",
    },
  ));
  assert.equal(cancelled.status, "failed");
  assert.match(cancelled.summary, /"second" did not finish: Error: late/);
  // close() ends the runtime a moment later, under whichever test runs.
  const terminated = diagnose(facts(
    {
      cases: [passed("first"), { ...passed("second"), outcome: "skipped" }],
      errors: 0,
    },
    { code: 1, output: "error: Error: execution terminated\n" },
  ));
  assert.equal(terminated.status, "error");
  assert.match(
    terminated.summary,
    /^The test run ended while the test "second" ran: does your code call Deno\.exit\(\) or close\(\)\?$/,
  );
  const after = diagnose(facts(
    { cases: [passed("first"), passed("second")], errors: 1 },
    { code: 1, output: "error: Error: thrown later\n" },
  ));
  assert.equal(after.status, "error");
  assert.match(
    after.summary,
    /Every test passed, but then the run failed: Error: thrown later/,
  );
});

Deno.test("diagnose() explains a time-out, a flood of output and running out of memory", () => {
  assert.equal(
    diagnose(facts(undefined, { code: null, timedOut: 10_000 })).summary.split(
      "\n",
    )[0],
    "Stopped after 10 s: the tests did not finish.",
  );
  assert.match(
    diagnose(facts(undefined, { code: null, truncated: 1024 * 1024 })).summary,
    /^Output truncated after 1024 KiB/,
  );
  for (
    const output of [
      "<--- Last few GCs --->\nFatal JavaScript out of memory: Reached heap limit",
      "# Fatal process out of memory: Failed to reserve virtual memory",
      "error: Uncaught RangeError: Array buffer allocation failed",
    ]
  ) {
    assert.match(
      diagnose(facts(undefined, { code: null, output })).summary,
      /^Ran out of memory/,
      output,
    );
  }
});

Deno.test("diagnose() reads Deno's load errors: syntax, types, missing files and exports", () => {
  const cases: [string, RegExp][] = [
    [
      "error: The module's source code could not be parsed: Expression expected at file:///course/exercises/01_fixture/answer.ts:2:13\n\n    return 4 +;\n",
      /^Syntax error at exercises\/01_fixture\/answer\.ts:2:13: Expression expected/,
    ],
    [
      "TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.\n  return \"42\";\n    at file:///course/exercises/01_fixture/answer.ts:2:3\n",
      /^Type error at exercises\/01_fixture\/answer\.ts:2:3: Type 'string'/,
    ],
    [
      'error: Module not found "file:///course/exercises/01_fixture/answer.ts".\n',
      /^"exercises\/01_fixture\/answer\.ts" is missing: restore the starter with "(?:deno|npx --yes deno@\S+) task grade reset answer"\.$/,
    ],
    [
      "error: Uncaught SyntaxError: The requested module './answer.ts' does not provide an export named 'answer'\n",
      /^The tests import "answer", which your file no longer exports/,
    ],
  ];
  for (const [output, expected] of cases) {
    const verdict = diagnose(facts(undefined, { code: 1, output }));
    assert.equal(verdict.status, "error", output);
    assert.match(verdict.summary, expected);
  }
});

Deno.test("clean() strips terminal control sequences from text learner code printed", () => {
  const hostile =
    "before \x1b]0;PWNED\x07\x1b[2J\x1b[H\x9b31m\x00\x07\x08 after\tand\nnext line";
  const cleaned = clean(hostile, root);
  assert.equal(cleaned, "before 31m after\tand\nnext line");
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(cleaned, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  const verdict = diagnose(facts({
    cases: [{
      name: "first\x1b[2J",
      file: testFile,
      outcome: "failed",
      failure: "Error: \x1b]0;PWNED\x07boom",
    }, passed("second")],
    errors: 0,
  }, { output: hostile }));
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(verdict.summary + verdict.output, /\x1b|\x07|\x9b/);
});

Deno.test("diagnose() and location() take linear time on megabytes of adversarial output", () => {
  const word = "a".repeat(2 * 1024 * 1024);
  const inputs = [
    `${word}error: boom`,
    `${"./".repeat(500_000)}x.ts:1`,
    `${"file://".repeat(200_000)}`,
    `${word}.ts:1:2`,
    `error: ${"TS2322 [ERROR]: ".repeat(100_000)}`,
    `${"\x1b[".repeat(300_000)}`,
  ];
  for (const output of inputs) {
    const started = performance.now();
    diagnose(facts(undefined, { code: 1, output }));
    location(output);
    const ms = performance.now() - started;
    assert.ok(ms < 500, `took ${Math.round(ms)} ms on ${output.slice(0, 20)}…`);
  }
});

Deno.test("splitExplanation() takes whyAlive's account out of a failure, and nothing after it", () => {
  const failure = [
    "AssertionError: The closed label was still reachable after 10 collections.",
    "The label is still reachable:",
    "  module exercises/01_x/leak_test.ts, variable `feed` (PriceFeed)",
    "  → field #listeners (Set)",
    "  → its closure keeps `this` (PriceLabel)",
    "  throw new AssertionError({ message });",
    "        ^",
    "    at exercises/01_x/leak_test.ts:9:3",
  ].join("\n");
  const { text, explanation } = splitExplanation(failure);
  assert.equal(
    explanation,
    [
      "The label is still reachable:",
      "  module exercises/01_x/leak_test.ts, variable `feed` (PriceFeed)",
      "  → field #listeners (Set)",
      "  → its closure keeps `this` (PriceLabel)",
    ].join("\n"),
  );
  assert.match(text, /^AssertionError: The closed label was still reachable/);
  assert.match(text, /throw new AssertionError/);
  assert.doesNotMatch(text, /field #listeners/);
  assert.deepEqual(splitExplanation("AssertionError: 1 !== 2"), {
    text: "AssertionError: 1 !== 2",
  });
});
