import assert from "node:assert/strict";
import { parseCourse, progressOf, type Result } from "../course/mod.ts";
import {
  describeExercise,
  overview,
  progressBar,
  resultLine,
} from "./report.ts";

const course = parseCourse(
  "/course",
  JSON.stringify({
    title: "A course",
    exercises: ["first", "second", "third"].map((id) => ({
      id,
      title: `Exercise ${id}`,
      lesson: "01_start",
      file: `01_start/${id}.ts`,
      hints: ["A hint."],
      requirements: [`${id} works`],
      wrongAnswers: [],
    })).map((e, i) => (i === 2 ? { ...e, title: "The third one" } : e)),
  }),
);

function result(
  id: string,
  status: Result["status"],
  extra: Partial<Result> = {},
): Result {
  return { id, status, summary: "", output: "", durationMs: 1, ...extra };
}

/** How commands start in what the report prints: either form is right. */
const task = "(?:deno|npx --yes deno@\\S+) task";

Deno.test("resultLine() shows mark, number, id, title, and unchanged when remembered", () => {
  assert.equal(
    resultLine(course, result("first", "passed")),
    "✓ passed      1  first                  Exercise first",
  );
  assert.equal(
    resultLine(course, result("third", "timed out", { unchanged: true })),
    "⧗ timed out   3  third                  The third one  unchanged",
  );
  assert.match(
    resultLine(course, result("second", "failed"), { color: true }),
    // deno-lint-ignore no-control-regex
    /^\x1b\[31m✗ failed\x1b\[0m/,
  );
});

Deno.test("progressBar() fills in proportion to what passes", () => {
  assert.equal(progressBar({ passed: 1, total: 3 }, 6), "[██░░░░] 1/3");
  assert.equal(progressBar({ passed: 0, total: 0 }, 4), "[████] 0/0");
});

Deno.test("overview() gives each error its reason and names the first exercise not passed", () => {
  const results = [
    result("first", "failed", {
      summary: '"first works" failed: 41 !== 42',
      explanation:
        "The value is still reachable:\n  module m.ts, variable `kept` (Array)",
    }),
    result("second", "error", {
      summary:
        "Syntax error at exercises/01_start/second.ts:3:1: Expected '}'\nmore",
    }),
    result("third", "passed"),
  ];
  const text = overview(course, results, progressOf(course, results));
  assert.match(
    text,
    /! error +2 +second +Exercise second\n {6}Syntax error at exercises\/01_start\/second\.ts:3:1: Expected '\}'\n/,
  );
  assert.doesNotMatch(text, /\nmore/, "one line per error");
  assert.match(text, /\] 1\/3\n\nNext: 1\. Exercise first \(first\)/);
  assert.match(text, /"first works" failed: 41 !== 42/);
  assert.doesNotMatch(
    text,
    /variable `kept`/,
    "the overview keeps to one line",
  );
  assert.match(text, new RegExp(`What keeps it alive: ${task} grade first`));
});

Deno.test("describeExercise() says where to edit and read, how to grade, and explains a kept value", () => {
  const exercise = course.exercises[2]!;
  const text = describeExercise(
    course,
    exercise,
    "Exercise",
    result("third", "failed", {
      summary: '"third works" failed',
      explanation:
        "The value is still reachable:\n  module m.ts, variable `kept` (Array)",
    }),
  );
  assert.match(text, /^Exercise: 3\. The third one \(third\)\n/);
  assert.match(text, /\n {2}edit {3}exercises\/01_start\/third\.ts\n/);
  assert.match(text, /\n {2}read {3}lessons\/01_start\.md\n/);
  assert.match(text, new RegExp(`\\n {2}grade {2}${task} grade third\\n`));
  assert.match(text, /\n {2}The value is still reachable:\n {4}module m\.ts/);
});
