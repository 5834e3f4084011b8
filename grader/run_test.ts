import assert from "node:assert/strict";
import { failing, makeCourse, passing } from "./_fixture.ts";
import { gradeAll } from "./grade.ts";
import { runExercise, type RunOptions } from "./run.ts";

/** Grades a one-exercise fixture; type-checks only when asked, for speed. */
async function grade(starter: string, options: RunOptions = {}) {
  await using fixture = await makeCourse([{ id: "answer", starter }]);
  const result = await runExercise(
    fixture.course,
    fixture.course.exercises[0]!,
    { typeCheck: false, ...options },
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
    { typeCheck: true, timeoutMs: 60_000 },
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
    { typeCheck: true, timeoutMs: 60_000 },
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
  const result = await runExercise(
    fixture.course,
    fixture.course.exercises[0]!,
    { timeoutMs: 60_000 },
  );
  assert.equal(result.status, "error");
  assert.match(
    result.summary,
    /exercises\/01_fixture\/answer\.ts" is missing: restore the starter with "(?:deno|npx --yes deno@\S+) task grade reset answer"/,
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

Deno.test("runExercise() stops its child and rejects when the signal aborts", async () => {
  await using fixture = await makeCourse([{
    id: "answer",
    starter: "export function answer(): number {\n  for (;;) {}\n}\n",
  }]);
  const controller = new AbortController();
  const started = performance.now();
  const running = runExercise(fixture.course, fixture.course.exercises[0]!, {
    typeCheck: false,
    timeoutMs: 60_000,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(), 500);
  await assert.rejects(running, { name: "AbortError" });
  assert.ok(performance.now() - started < 20_000, "the abort came late");
  await assert.rejects(
    runExercise(fixture.course, fixture.course.exercises[0]!, {
      signal: controller.signal,
    }),
    { name: "AbortError" },
    "an aborted signal should stop the run before it starts",
  );
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

Deno.test("runExercise() reports each sandbox escape in plain words, and it gains nothing", async () => {
  const marker = await Deno.makeTempFile();
  await Deno.remove(marker);
  const attempts: [string, string, RegExp][] = [
    ["read", `Deno.readTextFileSync("/etc/hostname")`, /tried to read a file/],
    [
      "write",
      `Deno.writeTextFileSync(${JSON.stringify(marker)}, "x")`,
      /tried to write a file/,
    ],
    [
      "net",
      `await fetch("http://127.0.0.1:8080")`,
      /tried to open a network connection/,
    ],
    ["env", `Deno.env.get("HOME")`, /tried to read an environment variable/],
    [
      "run",
      `new Deno.Command("true").outputSync()`,
      /tried to start a process/,
    ],
  ];
  await using fixture = await makeCourse(attempts.map(([id, call]) => ({
    id,
    starter:
      `export async function answer(): Promise<number> {\n  ${call};\n  return 42;\n}\n`,
    test:
      `import assert from "node:assert/strict";\nimport { answer } from "./${id}.ts";\n\n` +
      `Deno.test("answer() returns 42", async () => {\n  assert.equal(await answer(), 42);\n});\n`,
  })));
  const results = await gradeAll(fixture.course, fixture.course.exercises, {
    typeCheck: false,
  });
  assert.equal(results.length, attempts.length);
  for (const [i, [id, , expected]] of attempts.entries()) {
    const result = results[i]!;
    assert.equal(result.status, "failed", `${id}: ${result.output}`);
    assert.match(result.summary, expected, id);
    assert.match(result.summary, /exercises run without permissions/);
  }
  assert.equal(
    await Deno.stat(marker).catch(() => null),
    null,
    "the write went through",
  );
});

Deno.test("gradeAll() bounds every kind of runaway code and still grades the rest", async () => {
  await using fixture = await makeCourse([
    {
      id: "loop",
      starter: "export function answer(): number {\n  for (;;) {}\n}\n",
    },
    {
      id: "pending",
      starter:
        "setInterval(() => {}, 100);\nawait new Promise(() => {});\nexport const answer = () => 42;\n",
    },
    {
      id: "chatty",
      starter:
        'const line = "x".repeat(1023);\nfor (let i = 0; i < 100 * 1024; i++) console.log(line);\nexport const answer = () => 42;\n',
    },
    {
      id: "hungry",
      starter:
        "const all: Uint8Array[] = [];\nfor (;;) all.push(new Uint8Array(64 * 1024 * 1024).fill(1));\nexport const answer = () => 42;\n",
    },
    { id: "fine", starter: passing },
  ]);
  const started = performance.now();
  const results = await gradeAll(fixture.course, fixture.course.exercises, {
    timeoutMs: 5000,
    typeCheck: false,
  });
  assert.deepEqual(
    results.map((r) => `${r.id}: ${r.status}: ${r.summary.split(/[\n:]/)[0]}`),
    [
      "loop: timed out: Stopped after 5 s",
      "pending: timed out: Stopped after 5 s",
      "chatty: error: Output truncated after 1024 KiB",
      "hungry: error: Ran out of memory",
      "fine: passed: ",
    ],
  );
  assert.ok(
    performance.now() - started < 60_000,
    "runaway code was not bounded",
  );
});

Deno.test("runExercise() explains only the first of several failures", async () => {
  const test = `import assert from "node:assert/strict";
import { answer } from "./answer.ts";

Deno.test("answer() is positive", () => {
  assert.ok(answer() < 0, "answer() should be negative here");
});

Deno.test("answer() is 42", () => {
  assert.equal(answer(), 42, "answer() should return 42");
});
`;
  await using fixture = await makeCourse([{
    id: "answer",
    starter: failing,
    test,
    requirements: ["answer() is positive", "answer() is 42"],
  }]);
  const result = await runExercise(
    fixture.course,
    fixture.course.exercises[0]!,
    {
      typeCheck: false,
    },
  );
  assert.equal(result.status, "failed");
  assert.match(
    result.summary,
    /^"answer\(\) is positive" failed: answer\(\) should be negative here/,
  );
  assert.doesNotMatch(result.summary, /answer\(\) is 42/);
});

Deno.test("runExercise() explains an export that was removed", async () => {
  const result = await grade(
    "function answer(): number {\n  return 42;\n}\nexport {};\n",
    { typeCheck: true, timeoutMs: 60_000 },
  );
  assert.equal(result.status, "error");
  assert.match(
    result.summary,
    /The tests import "answer", which your file no longer exports/,
  );
});

Deno.test("runExercise() reports an asynchronous permission denial in plain words", async () => {
  const result = await grade(
    'export function answer(): number {\n  Deno.readTextFile("/etc/hostname").then(() => {});\n  return 42;\n}\n',
  );
  assert.equal(result.status, "failed");
  assert.match(result.summary, /the code tried to read a file/);
  assert.doesNotMatch(
    result.output,
    /ext:deno_fs/,
    "engine-internal frames are noise",
  );
});

Deno.test("gradeAll() pins a type error on its own exercise and grades the others", async () => {
  await using fixture = await makeCourse([
    {
      id: "typed",
      starter: 'export function answer(): number {\n  return "42";\n}\n',
    },
    { id: "fine", starter: passing },
    { id: "wrong", starter: failing },
  ]);
  const results = await gradeAll(fixture.course, fixture.course.exercises, {
    timeoutMs: 60_000,
  });
  assert.deepEqual(results.map((r) => r.status), ["error", "passed", "failed"]);
  assert.match(
    results[0]!.summary,
    /^Type error at exercises\/01_fixture\/typed\.ts:2:3/,
  );
});

Deno.test("runExercise() points a missing } at the block that lacks it", async () => {
  const result = await grade(
    "export function answer(): number {\n  if (true) {\n    return 42;\n\n  return 41;\n}\n\nexport function other(): number {\n  return 1;\n}\n",
  );
  assert.equal(result.status, "error");
  assert.match(
    result.summary,
    /^Syntax error at exercises\/01_fixture\/answer\.ts:8:1: /,
  );
  assert.match(
    result.summary,
    /The "\{" at exercises\/01_fixture\/answer\.ts:2:13 seems to have no matching "\}"/,
  );
});

Deno.test("runExercise() stops at the first failing test, and the others read as not run", async () => {
  const test = `import assert from "node:assert/strict";
import { answer } from "./answer.ts";

Deno.test("answer() is 42", () => {
  assert.equal(answer(), 42, "answer() should return 42");
});

Deno.test("answer() waits for nothing", async () => {
  await new Promise((resolve) => setTimeout(resolve, 5000));
});
`;
  await using fixture = await makeCourse([{
    id: "answer",
    starter: failing,
    test,
    requirements: ["answer() is 42", "answer() waits for nothing"],
  }]);
  const started = performance.now();
  const result = await runExercise(
    fixture.course,
    fixture.course.exercises[0]!,
    { typeCheck: false },
  );
  assert.equal(result.status, "failed");
  assert.deepEqual(result.tests?.map((t) => t.outcome), ["failed", "skipped"]);
  assert.ok(performance.now() - started < 5000, "the second test ran");
});
