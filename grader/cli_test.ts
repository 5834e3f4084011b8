import assert from "node:assert/strict";
import { join } from "node:path";
import {
  commitAll,
  failing,
  type Fixture,
  makeCourse,
  passing,
} from "./_fixture.ts";

const cli = new URL("./cli.ts", import.meta.url).pathname;
/** How the course's commands start, as a pattern: either form is right. */
const task = "(?:deno|npx --yes deno@\\S+) task";
const permissions = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
];

function command(fixture: Fixture, args: string[], stdin: "null" | "piped") {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...permissions,
      cli,
      // Room for cold type checks on a busy machine, unless a test sets it.
      ...(args.includes("--timeout") ? [] : ["--timeout", "60"]),
      ...args,
      "--root",
      fixture.course.root,
    ],
    env: { NO_COLOR: "1" },
    stdin,
    stdout: "piped",
    stderr: "piped",
  });
}

async function grade(fixture: Fixture, ...args: string[]) {
  const { code, stdout, stderr } = await command(fixture, args, "null")
    .output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

function twoExercises() {
  return makeCourse([
    { id: "first", starter: failing },
    { id: "second", starter: failing },
  ]);
}

async function solveAll(fixture: Fixture) {
  for (const id of ["first", "second"]) {
    await fixture.write(`exercises/01_fixture/${id}.ts`, passing);
  }
}

Deno.test("grade with no argument shows 0/N and the next exercise", async () => {
  await using fixture = await twoExercises();
  const { code, stdout } = await grade(fixture);
  assert.equal(code, 1);
  assert.match(stdout, /✗ failed +1 +first/);
  assert.match(stdout, /\] 0\/2/);
  assert.match(stdout, /Next: 1\. Exercise first \(first\)/);
  assert.match(stdout, /edit +exercises\/01_fixture\/first\.ts/);
  assert.match(stdout, /read +lessons\/01_fixture\.md/);
});

Deno.test("grade reports N/N and exits 0 once every exercise passes", async () => {
  await using fixture = await twoExercises();
  await solveAll(fixture);
  const { code, stdout } = await grade(fixture);
  assert.equal(code, 0);
  assert.match(stdout, /\] 2\/2/);
  assert.match(stdout, /All 2 exercises pass/);
});

Deno.test("grade --json gives machine-readable results", async () => {
  await using fixture = await twoExercises();
  await fixture.write("exercises/01_fixture/first.ts", passing);
  const { code, stdout } = await grade(fixture, "--json");
  assert.equal(code, 1);
  const report = JSON.parse(stdout);
  assert.equal(report.passed, 1);
  assert.equal(report.total, 2);
  assert.equal(report.next, "second");
  assert.deepEqual(
    report.results.map((r: { id: string; status: string }) => [r.id, r.status]),
    [["first", "passed"], ["second", "failed"]],
  );
  assert.equal(report.results[1].file, "exercises/01_fixture/second.ts");
});

Deno.test("grade keeps grading the others when one exercise hangs", async () => {
  await using fixture = await makeCourse([
    {
      id: "hangs",
      starter: "export function answer(): number {\n  for (;;) {}\n}\n",
    },
    { id: "fine", starter: passing },
    { id: "wrong", starter: failing },
  ]);
  const { code, stdout } = await grade(fixture, "--timeout", "15", "--json");
  assert.equal(code, 1);
  const statuses = JSON.parse(stdout).results.map((r: { status: string }) =>
    r.status
  );
  assert.deepEqual(statuses, ["timed out", "passed", "failed"]);
});

Deno.test("grade <number> shows one exercise's full output", async () => {
  await using fixture = await twoExercises();
  const { code, stdout } = await grade(fixture, "2");
  assert.equal(code, 1);
  assert.match(
    stdout,
    /running 1 test from \.\/exercises\/01_fixture\/second_test\.ts/,
  );
  assert.match(stdout, /Exercise: 2\. Exercise second/);
  assert.doesNotMatch(stdout, /Stack backtrace/);
});

Deno.test("grade hint shows the next hint not yet seen, then points to the solution", async () => {
  await using fixture = await twoExercises();
  const first = await grade(fixture, "hint", "first");
  assert.equal(first.code, 0);
  assert.match(first.stdout, /^Hint 1 of 2: First hint for first\./);
  assert.match(
    first.stdout,
    new RegExp(`next hint: ${task} grade hint first\n`),
  );
  assert.doesNotMatch(first.stdout, /Second hint/);
  const second = await grade(fixture, "hint", "first");
  assert.match(second.stdout, /^Hint 2 of 2: Second hint for first\./);
  assert.match(
    second.stdout,
    new RegExp(`last hint.*: ${task} grade solution first --force\n`),
  );
  const again = await grade(fixture, "hint", "first", "1");
  assert.match(again.stdout, /^Hint 1 of 2: First hint for first\./);
  const other = await grade(fixture, "hint", "second");
  assert.match(other.stdout, /^Hint 1 of 2: First hint for second\./);
  const third = await grade(fixture, "hint", "first", "3");
  assert.equal(third.code, 2);
  assert.match(third.stderr, /^error: "first" has hints 1 to 2: got "3"/);
});

Deno.test("grade solution waits for a pass, unless --force", async () => {
  await using fixture = await twoExercises();
  const refused = await grade(fixture, "solution", "first");
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr.trim(),
    new RegExp(
      `^error: "first" does not pass yet \\(failed\\): solve it first, or see it anyway with ${task} grade solution first --force$`,
    ),
  );
  const forced = await grade(fixture, "solution", "first", "--force");
  assert.equal(forced.code, 0);
  assert.equal(forced.stdout.trim(), passing.trim());
  await fixture.write("exercises/01_fixture/first.ts", passing);
  const earned = await grade(fixture, "solution", "first");
  assert.equal(earned.code, 0);
  assert.equal(earned.stdout.trim(), passing.trim());
});

Deno.test("grade reset restores the starter and keeps the learner's version", async () => {
  await using fixture = await twoExercises();
  await commitAll(fixture.course.root);
  const mine = "// my work in progress\nexport const answer = () => 7;\n";
  await fixture.write("exercises/01_fixture/first.ts", mine);

  const { code, stdout } = await grade(fixture, "reset", "first");
  assert.equal(code, 0);
  const file = join(fixture.course.root, "exercises/01_fixture/first.ts");
  assert.equal(await Deno.readTextFile(file), failing);
  const backup = stdout.match(/kept at (\S+)/)?.[1];
  assert.ok(backup, `no backup path in: ${stdout}`);
  assert.equal(
    await Deno.readTextFile(join(fixture.course.root, backup)),
    mine,
  );
  const again = await grade(fixture, "reset", "first");
  assert.match(again.stdout, /already is the starter: nothing to do/);
});

Deno.test("grade answers bad input with one line and no stack trace", async () => {
  await using fixture = await twoExercises();
  const cases: [string[], RegExp][] = [
    [["nope"], /^error: No exercise "nope": use an id or a number from 1 to 2/],
    [["frist"], /^error: No exercise "frist": did you mean "first"\?/],
    [["9"], /^error: No exercise "9"/],
    [
      ["hint"],
      new RegExp(`^error: "hint" needs an exercise: ${task} grade hint <id>$`),
    ],
    [["--colour"], /^error: Unknown option '--colour'.*: see --help$/],
    [["--timeout", "soon"], /^error: --timeout takes a number of seconds/],
  ];
  for (const [args, expected] of cases) {
    const { code, stderr } = await grade(fixture, ...args);
    assert.equal(code, 2, args.join(" "));
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.match(stderr.trim(), expected);
  }
  await Deno.writeTextFile(join(fixture.course.root, "course.json"), "{ oops");
  const broken = await grade(fixture);
  assert.equal(broken.code, 2);
  assert.match(
    broken.stderr.trim(),
    /^error: course\.json is not valid JSON: /,
  );
  assert.equal(broken.stderr.trim().split("\n").length, 1);
});

Deno.test("grade --watch regrades on save and moves on only when asked", async () => {
  await using fixture = await twoExercises();
  const child = command(fixture, ["--watch"], "piped").spawn();
  const writer = child.stdin.getWriter();
  const press = (key: string) =>
    writer.write(new TextEncoder().encode(`${key}\n`));
  // Everything the child prints, as it arrives.
  let seen = "";
  let ended = false;
  const pump = (async () => {
    for await (
      const text of child.stdout.pipeThrough(new TextDecoderStream())
    ) {
      seen += text;
    }
    ended = true;
  })();
  const sleep = (ms: number) =>
    new Promise((resolve) => setTimeout(resolve, ms));
  /** Waits for `pattern` in what was printed since the last match. */
  const waitFor = async (pattern: RegExp) => {
    const deadline = Date.now() + 60_000;
    while (!pattern.test(seen)) {
      assert.ok(!ended, `output ended before ${pattern}:\n${seen}`);
      assert.ok(
        Date.now() < deadline,
        `timed out waiting for ${pattern}:\n${seen}`,
      );
      await sleep(50);
    }
    const match = seen.slice(seen.search(pattern));
    seen = "";
    return match;
  };
  try {
    await waitFor(/Current: 1\. Exercise first[\s\S]*Save the file/);
    await fixture.write("exercises/01_fixture/first.ts", passing);
    await waitFor(/Press n for the next exercise when you are ready/);
    // It waits for the learner: nothing moves on by itself.
    await sleep(1000);
    assert.doesNotMatch(seen, /Current: 2\./);
    await press("n");
    await waitFor(/Current: 2\. Exercise second/);
    await press("h");
    const one = await waitFor(/Hint 1 of 2: First hint for second\.[^]*quit/);
    assert.doesNotMatch(one, /Hint 2 of 2/, "one hint per press");
    await press("h");
    await waitFor(/Hint 1 of 2[^]*Hint 2 of 2: Second hint for second\./);
    await press("q");
    const status = await child.status;
    assert.equal(status.code, 0);
  } finally {
    await writer.close().catch(() => {});
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
    await child.status;
    await pump;
    await child.stderr.cancel();
  }
});

Deno.test({
  name:
    "grade and grade --watch end their test runs on SIGTERM, SIGHUP and SIGINT, leaving no process behind",
  ignore: Deno.build.os === "windows",
  async fn() {
    for (
      const [signal, args] of [
        ["SIGTERM", []],
        ["SIGHUP", ["--watch"]],
        ["SIGINT", []],
      ] as const
    ) {
      await using fixture = await makeCourse([{
        id: "spin",
        starter: "export function answer(): number {\n  for (;;) {}\n}\n",
      }]);
      const child = command(fixture, [...args, "--timeout", "600"], "piped")
        .spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream())
        .getReader();
      // Wait until a test run of the spinning exercise is under way.
      const started = performance.now();
      let runs: number[] = [];
      while (runs.length === 0) {
        assert.ok(performance.now() - started < 60_000, "no test run started");
        await new Promise((resolve) => setTimeout(resolve, 100));
        runs = await testRunsUnder(fixture.course.root);
      }
      child.kill(signal);
      const status = await child.status;
      await reader.cancel().catch(() => {});
      await child.stdin.close().catch(() => {});
      assert.notEqual(status.code, 0, signal);
      // Its children were killed with their group: none may remain.
      for (
        let i = 0;
        i < 50 && (await testRunsUnder(fixture.course.root)).length;
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(
        await testRunsUnder(fixture.course.root),
        [],
        `${signal}: a test run outlived the grader`,
      );
    }
  },
});

/** The processes whose command line names `root` (the grader's test runs). */
async function testRunsUnder(root: string): Promise<number[]> {
  const found: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
    const line = await Deno.readTextFile(`/proc/${entry.name}/cmdline`)
      .catch(() => "");
    if (line.includes(root) && line.includes("\0test\0")) {
      found.push(Number(entry.name));
    }
  }
  return found;
}
