/**
 * `deno task start` end to end, as a child process: on a fixture course, the
 * requests it must refuse, its site folder removed under it, each stop signal
 * with a test run under way (nothing left behind), `--open`, and bad
 * arguments; then, in Chromium on a copy of this course, a saved solution
 * turning its page to passed.
 *
 * Where Chromium is not installed, the browser test is reported as ignored.
 *
 * @module
 */

import assert from "node:assert/strict";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { CHROMIUM, hasChromium, launchChromium } from "../site/_chromium.ts";
import {
  alive,
  commandLine,
  descendants,
  hasProc,
  spawnWatched,
  type WatchedChild,
} from "../site/_child.ts";
import { rawGet } from "../site/_raw_request.ts";
import { loadCourse } from "../course/mod.ts";
import { passing } from "../grader/_fixture.ts";
import { copyCourse } from "../tools/course_copy.ts";
import { commitAll, endless, LESSON_TEXT, liveCourse } from "./_fixture.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(
  /\/$/,
  "",
);
/** How long a page may take to show a result: the machine may be busy. */
const BOUND_MS = 90_000;
/** A line of a stack trace, or Deno's backtrace note. */
const STACK = /^\s+at |Stack backtrace|Uncaught/m;

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * `deno task start` on a fixture course whose first exercise never ends, with
 * its own temporary folder (TMPDIR), started and printing its address.
 */
async function startTask(
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const fixture = await liveCourse([
    { id: "endless", starter: endless },
    { id: "answer", starter: passing },
  ]);
  const tmp = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "course_start_tmp_" }),
  );
  const port = freePort();
  const task = spawnWatched(Deno.execPath(), [
    "task",
    "start",
    "--root",
    fixture.course.root,
    "--port",
    String(port),
    "--timeout",
    "600",
    ...args,
  ], {
    cwd: REPO_ROOT,
    env: {
      TMPDIR: tmp,
      PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await task.printed(`The course is at ${url}`);
  } catch (error) {
    await task[Symbol.asyncDispose]();
    throw error;
  }
  return {
    task,
    tmp,
    port,
    url,
    /** The live site's folder now. */
    async siteDir(): Promise<string> {
      const names = [];
      for await (const entry of Deno.readDir(tmp)) names.push(entry.name);
      const sites = names.filter((name) => /^course_live_site_\w+$/.test(name));
      assert.equal(sites.length, 1, `live site folders: ${sites}`);
      return join(tmp, sites[0]!);
    },
    async [Symbol.asyncDispose]() {
      await task[Symbol.asyncDispose]();
      await fixture[Symbol.asyncDispose]();
      await Deno.remove(tmp, { recursive: true });
    },
  };
}

/** Waits until the endless exercise's `deno test` runs below the task; returns every process below it. */
async function underway(task: WatchedChild): Promise<Map<number, string>> {
  const deadline = Date.now() + BOUND_MS;
  for (;;) {
    const found = await descendants(task.child.pid);
    const lines = await Promise.all([...found.keys()].map(commandLine));
    if (lines.some((line) => / test .*endless_test\.ts/.test(line))) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`No test run started:\n${task.output()}`);
    }
    // /proc has no event to await: look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Checks that the task ended cleanly: "Stopped." last, no process, no folder, no listener. */
async function assertCleanEnd(
  started: Awaited<ReturnType<typeof startTask>>,
  seen: Map<number, string>,
) {
  const { task, tmp, port } = started;
  await task.done();
  const output = task.output();
  assert.match(
    output.trimEnd().split("\n").at(-1) ?? "",
    /^Stopped\. Nothing is listening on /,
    `the last line is not the Stopped line:\n${output}`,
  );
  assert.doesNotMatch(output, STACK, output);
  for (const [pid, start] of seen) {
    assert.ok(
      !(await alive(pid, start)),
      `process ${pid} (${await commandLine(pid)}) still runs`,
    );
  }
  const left = [];
  for await (const entry of Deno.readDir(tmp)) left.push(entry.name);
  assert.deepEqual(left, [], "temporary folders were left behind");
  await assert.rejects(
    Deno.connect({ hostname: "127.0.0.1", port }),
    Deno.errors.ConnectionRefused,
    "something still listens on the port",
  );
}

Deno.test({
  name:
    "deno task start refuses what it must not serve, rebuilds its removed site folder, and SIGTERM ends its test runs and removes its folder",
  ignore: !hasProc,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using started = await startTask();
    const { task, port } = started;
    const site = await started.siteDir();
    const evil = `${site}-evil`;
    await Deno.mkdir(evil);
    await Deno.writeTextFile(join(evil, "secret.txt"), "sibling secret");
    const outside = join(started.tmp, "..", `${basename(started.tmp)}.txt`);
    await Deno.writeTextFile(outside, "outside secret");
    try {
      await Deno.symlink(outside, join(site, "leak.txt"));
      const cases: [string, Record<string, string>, number][] = [
        [`/..%2f${basename(site)}-evil/secret.txt`, {}, 404],
        ["/leak.txt", {}, 404],
        ["/%", {}, 400],
        ["/%00", {}, 404],
        [`/${"a".repeat(256)}`, {}, 404],
        ["/index.html/x", {}, 404],
        ["/", { host: "evil.example" }, 403],
        [`/__live/state`, { host: `evil.example:${port}` }, 403],
        [`/__live/state`, { origin: "http://evil.example" }, 403],
        [`/__live/events`, { "sec-fetch-site": "cross-site" }, 403],
      ];
      for (const [target, headers, status] of cases) {
        const response = await rawGet(port, target, headers);
        assert.equal(
          response.status,
          status,
          `${target} ${JSON.stringify(headers)}`,
        );
        assert.doesNotMatch(response.body, /secret|"results"/, target);
      }
      assert.equal((await rawGet(port, "/__live/state")).status, 200);

      // The folder goes (a temp cleaner): the next page builds it again.
      // Pages asked for at once wait for one build.
      await Deno.remove(site, { recursive: true });
      const pages = await Promise.all(
        [1, 2, 3].map(() => rawGet(port, "/lessons/01_fixture/")),
      );
      for (const page of pages) {
        assert.equal(page.status, 200);
        assert.match(page.body, new RegExp(LESSON_TEXT));
      }
      assert.notEqual(await started.siteDir(), site);
      assert.equal(
        task.output().match(/Rebuilt the site after its folder was removed/g)
          ?.length,
        1,
      );
      assert.doesNotMatch(
        task.output(),
        STACK,
        "a request printed a stack trace",
      );
    } finally {
      await Deno.remove(evil, { recursive: true });
      await Deno.remove(outside);
    }

    const seen = await underway(task);
    task.child.kill("SIGTERM");
    await assertCleanEnd(started, seen);
  },
});

Deno.test({
  name:
    "deno task start ends its test runs and removes its folder on SIGHUP, and on Ctrl-C (SIGINT to it and to its child) always prints its Stopped line",
  ignore: !hasProc,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    {
      await using started = await startTask();
      const seen = await underway(started.task);
      started.task.child.kill("SIGHUP");
      await assertCleanEnd(started, seen);
    }
    await using started = await startTask();
    const seen = await underway(started.task);
    // A terminal's Ctrl-C reaches every process of the foreground group,
    // and deno task forwards its own copy too.
    for (const pid of [started.task.child.pid, ...seen.keys()]) {
      try {
        Deno.kill(pid, "SIGINT");
      } catch {
        // Already gone.
      }
    }
    await assertCleanEnd(started, seen);
  },
});

Deno.test({
  name:
    "deno task start --open opens the address where an opener exists, and says the address where none does",
  ignore: !hasProc || Deno.build.os !== "linux",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const bin = await Deno.makeTempDir({ prefix: "course_opener_" });
    try {
      const seen = join(bin, "opened.txt");
      await Deno.writeTextFile(
        join(bin, "xdg-open"),
        `#!/bin/sh\necho "$1" > "${seen}"\n`,
      );
      await Deno.chmod(join(bin, "xdg-open"), 0o755);
      for (const withOpener of [true, false]) {
        // Only Deno's own folder and, in the first round, the fake opener.
        const path = [...withOpener ? [bin] : [], dirname(Deno.execPath())];
        await using started = await startTask(["--open", "--no-grade"], {
          PATH: path.join(":"),
        });
        const expected = withOpener
          ? `Opened ${started.url} in your browser.`
          : `No browser could be opened from here: visit ${started.url} yourself.`;
        await started.task.printed(expected);
        if (withOpener) {
          assert.equal((await Deno.readTextFile(seen)).trim(), started.url);
        }
        started.task.child.kill("SIGTERM");
        await assertCleanEnd(started, new Map());
      }
    } finally {
      await Deno.remove(bin, { recursive: true });
    }
  },
});

Deno.test("deno task start refuses a bad --port or --timeout in one line, before starting anything", async () => {
  for (
    const [args, message] of [
      [
        ["--port", "70000"],
        /^error: --port takes a port number from 0 to 65535, such as 3000: got "70000"\n$/,
      ],
      [["--port", "3000x"], /^error: --port takes .*: got "3000x"\n$/],
      [
        ["--timeout", "2147484"],
        /^error: --timeout takes a number of seconds above 0 and at most 2147483, such as 10: got "2147484"\n$/,
      ],
      [["--timeout", "0"], /^error: --timeout takes .*: got "0"\n$/],
      [["--colour"], /^error: Unknown option '--colour'.*: see --help\n$/],
    ] as const
  ) {
    await using command = spawnWatched(Deno.execPath(), [
      "run",
      "-A",
      "--quiet",
      "live/main.ts",
      ...args,
    ], { cwd: REPO_ROOT });
    assert.equal(await command.done(), 2, args.join(" "));
    const { stdout, stderr } = command.streams();
    assert.equal(stdout, "", args.join(" "));
    assert.match(stderr, message, args.join(" "));
  }
});

Deno.test({
  name: hasChromium
    ? "deno task start grades live: a saved solution turns its page to passed, and Ctrl-C stops everything"
    : `live browser test skipped: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`,
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const course = await loadCourse(REPO_ROOT);
    await using copy = await copyCourse(course, {}, {}, { site: true });
    // A clone: the pages show the committed starters, so a save changes no page.
    await commitAll(copy.course.root);
    const [exercise, other] = course.exercises;
    assert.ok(exercise && other);
    const port = freePort();
    await using child = spawnWatched(Deno.execPath(), [
      "run",
      "-A",
      "live/main.ts",
      "--root",
      copy.course.root,
      "--port",
      String(port),
      "--timeout",
      "60",
    ], { cwd: REPO_ROOT });
    const log = () => `Output of deno task start:\n${child.output()}`;
    let browser: Browser | undefined;
    try {
      const url = `http://127.0.0.1:${port}/`;
      await child.printed(`The course is at ${url}`, BOUND_MS);

      browser = await launchChromium();
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${url}exercises/${exercise.id}/`);
      const box = page.locator(`[data-exercise-status="${exercise.id}"]`);
      const item = page.locator(`[data-exercise="${exercise.id}"]`);

      // The starter fails: the first grading reaches the open page.
      await box.and(page.locator('[data-status="failed"]')).waitFor({
        timeout: BOUND_MS,
      }).catch((error) => {
        throw new Error(`${error.message}\n${log()}`);
      });
      assert.match(await box.innerText(), /Failed/);
      assert.doesNotMatch(
        await item.getAttribute("class") ?? "",
        /passed/,
        "the sidebar marks the starter passed",
      );

      // Saving the solution turns the page to passed, without a reload.
      await page.evaluate("window.notReloaded = true");
      await Deno.copyFile(
        join(course.root, "solutions", exercise.file),
        join(copy.course.root, "exercises", exercise.file),
      );
      await box.and(page.locator('[data-status="passed"]')).waitFor({
        timeout: BOUND_MS,
      }).catch((error) => {
        throw new Error(`${error.message}\n${log()}`);
      });
      assert.match(await box.innerText(), /Passed/);
      assert.equal(
        await page.evaluate("window.notReloaded"),
        true,
        "the page was reloaded",
      );
      assert.match(
        await item.getAttribute("class") ?? "",
        /\bpassed\b/,
        "the sidebar does not mark the exercise passed",
      );
      assert.deepEqual(errors, [], "the page had script errors");
      assert.match(child.output(), new RegExp(`✓ passed +1  ${exercise.id}`));
      assert.match(child.output(), /\[[█░]+\] \d+\/\d+/, "no progress line");

      // Ctrl-C while a test run is under way: save another exercise and wait
      // for its run to show up as a child process.
      await Deno.writeTextFile(
        join(copy.course.root, "exercises", other.file),
        await Deno.readTextFile(
          join(copy.course.root, "exercises", other.file),
        ),
      );
      const seen = new Map<number, string>();
      const deadline = Date.now() + BOUND_MS;
      while (hasProc && seen.size === 0) {
        for (const [pid, start] of await descendants(child.child.pid)) {
          seen.set(pid, start);
        }
        assert.ok(Date.now() < deadline, `no test run started\n${log()}`);
        // /proc has no event to await: look again shortly.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.child.kill("SIGINT");
      await child.done();
      assert.match(child.output(), /Stopped\./);
      for (const [pid, start] of seen) {
        assert.ok(
          !(await alive(pid, start)),
          `process ${pid}, started by the command, still runs`,
        );
      }
      await assert.rejects(
        Deno.connect({ hostname: "127.0.0.1", port }),
        Deno.errors.ConnectionRefused,
        "something still listens on the port",
      );
    } finally {
      await browser?.close();
    }
  },
});
