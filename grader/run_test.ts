import assert from "node:assert/strict";
import { failing, makeCourse, passing } from "./_fixture.ts";
import { runExercise } from "./run.ts";

async function grade(starter: string, options: { timeoutMs?: number } = {}) {
  await using fixture = await makeCourse([{ id: "answer", starter }]);
  const result = await runExercise(
    fixture.course,
    fixture.course.exercises[0],
    options,
  );
  assert.doesNotMatch(result.output, /Stack backtrace/);
  return result;
}

Deno.test("runExercise() passes a correct answer", async () => {
  const result = await grade(passing);
  assert.equal(result.status, "passed", result.output);
  assert.equal(result.summary, "");
});

Deno.test("runExercise() reports a failing assertion with its message", async () => {
  const result = await grade(failing);
  assert.equal(result.status, "failed");
  assert.match(
    result.summary,
    /^"answer\(\) returns 42" failed: answer\(\) should return 42/,
  );
  assert.match(result.summary, /41 !== 42/);
});

Deno.test("runExercise() names the file and line of a syntax error", async () => {
  const result = await grade(
    "export function answer(): number {\n  return 4 +;\n}\n",
  );
  assert.equal(result.status, "error");
  assert.match(
    result.summary,
    /^Syntax error at exercises\/01_fixture\/answer\.ts:2:\d+: /,
  );
});

Deno.test("runExercise() names the file and line of a type error", async () => {
  const result = await grade(
    'export function answer(): number {\n  return "42";\n}\n',
  );
  assert.equal(result.status, "error");
  assert.match(
    result.summary,
    /^Type error at exercises\/01_fixture\/answer\.ts:2:3: Type 'string' is not assignable to type 'number'/,
  );
  assert.doesNotMatch(result.output, /--no-check|might work correctly/);
});

Deno.test("runExercise() explains a missing export", async () => {
  const result = await grade(
    "export function answr(): number {\n  return 42;\n}\n",
  );
  assert.equal(result.status, "error");
  assert.match(
    result.summary,
    /The tests import "answer", which your file no longer exports/,
  );
});

Deno.test("runExercise() tells how to restore a deleted file", async () => {
  await using fixture = await makeCourse([{ id: "answer", starter: passing }]);
  await Deno.remove(`${fixture.course.root}/exercises/01_fixture/answer.ts`);
  const result = await runExercise(fixture.course, fixture.course.exercises[0]);
  assert.equal(result.status, "error");
  assert.match(
    result.summary,
    /exercises\/01_fixture\/answer\.ts" is missing: restore the starter with "deno task grade reset answer"/,
  );
});

Deno.test("runExercise() reports a denied permission in plain words", async () => {
  const result = await grade(
    'export function answer(): number {\n  return Deno.readTextFileSync("/etc/hostname").length * 0 + 42;\n}\n',
  );
  assert.equal(result.status, "failed");
  assert.match(
    result.summary,
    /the code tried to read a file at exercises\/01_fixture\/answer\.ts:2:\d+, and exercises run without permissions/,
  );
});

Deno.test("runExercise() stops a synchronous infinite loop", async () => {
  const started = performance.now();
  const result = await grade(
    "export function answer(): number {\n  while (true) { /* spin */ }\n}\n",
    { timeoutMs: 2000 },
  );
  assert.equal(result.status, "timed out");
  assert.match(result.summary, /^Stopped after 2 s/);
  assert.ok(performance.now() - started < 8000, "the kill came late");
});

Deno.test("runExercise() stops a promise that never settles beside a live timer", async () => {
  const result = await grade(
    "setInterval(() => {}, 1000);\nawait new Promise(() => {});\nexport function answer(): number {\n  return 42;\n}\n",
    { timeoutMs: 2000 },
  );
  assert.equal(result.status, "timed out");
});

Deno.test("runExercise() truncates megabytes of output", async () => {
  const result = await grade(
    'export function answer(): number {\n  for (let i = 0; i < 1e6; i++) console.log("x".repeat(100));\n  return 42;\n}\n',
  );
  assert.equal(result.status, "error");
  assert.match(result.summary, /^Output truncated after 1024 KiB/);
  assert.ok(result.output.length <= 1024 * 1024);
});

Deno.test("runExercise() reports running out of memory", async () => {
  const result = await grade(
    "export function answer(): number {\n  const all: number[][] = [];\n  for (;;) all.push(new Array(1e5).fill(1));\n}\n",
  );
  assert.equal(result.status, "error");
  assert.match(result.summary, /^Ran out of memory/);
});
