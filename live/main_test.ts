/**
 * `deno task start` end to end: the command runs as a child process against a
 * temporary copy of the course; Chromium opens an exercise page; the
 * exercise's solution is written into the copy; the page turns to passed
 * without a reload; SIGINT then ends the command, every test run it started,
 * and its server.
 *
 * Where Chromium is not installed, the browser test is reported as ignored.
 *
 * @module
 */

import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { CHROMIUM, hasChromium, launchChromium } from "../site/_chromium.ts";
import { loadCourse } from "../course/mod.ts";
import { copyCourse } from "../tools/course_copy.ts";
import { exercisesOf } from "./main.ts";
import { injectLiveTag, LIVE_TAG, startServer } from "./server.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const hasProc = await Deno.stat("/proc/self/stat").then(
  () => true,
  () => false,
);
/** How long a page may take to show a result: the machine may be busy. */
const BOUND_MS = 90_000;

Deno.test("injectLiveTag() adds the live script before </head>", () => {
  assert.equal(
    injectLiveTag("<html><head><title>x</title></head><body></body></html>"),
    `<html><head><title>x</title>${LIVE_TAG}\n</head><body></body></html>`,
  );
  assert.equal(injectLiveTag("<p>no head</p>"), `<p>no head</p>${LIVE_TAG}`);
});

Deno.test("exercisesOf() maps a saved file to its exercise, a support module to its folder", async () => {
  const course = await loadCourse(REPO_ROOT.replace(/\/$/, ""));
  const [first] = course.exercises;
  const folder = join(course.root, "exercises", first.file, "..");
  const sameFolder = course.exercises
    .filter((e) => e.file.split("/")[0] === first.file.split("/")[0])
    .map((e) => e.id);
  assert.deepEqual(
    exercisesOf(course, join(course.root, "exercises", first.file)),
    [first.id],
  );
  assert.deepEqual(
    exercisesOf(
      course,
      join(course.root, "exercises", first.file.replace(".ts", "_test.ts")),
    ),
    [first.id],
  );
  assert.deepEqual(
    exercisesOf(course, join(folder, "_support.ts")),
    sameFolder,
  );
  assert.deepEqual(exercisesOf(course, join(folder, "notes.txt~")), []);
});

Deno.test("the live server moves to the next port when the first is taken, and serves HTML with the live script only", async () => {
  const dir = await Deno.makeTempDir({ prefix: "course_live_server_" });
  const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const taken = (blocker.addr as Deno.NetAddr).port;
  let server: ReturnType<typeof startServer> | undefined;
  try {
    await Deno.writeTextFile(
      join(dir, "index.html"),
      "<html><head></head><body>Home</body></html>",
    );
    await Deno.writeTextFile(join(dir, "a.css"), "p {}");
    server = startServer({ dir, port: taken, state: () => ({ passed: 0 }) });
    assert.notEqual(server.port, taken, "the taken port was used");
    const page = await (await fetch(server.url)).text();
    assert.ok(page.includes(LIVE_TAG), "the page has no live script");
    const css = await (await fetch(`${server.url}a.css`)).text();
    assert.equal(css, "p {}", "a stylesheet was changed");
    const client = await fetch(`${server.url}__live/client.js`);
    assert.match(client.headers.get("content-type") ?? "", /javascript/);
    await client.body?.cancel();
    const events = await fetch(`${server.url}__live/events`);
    const reader = events.body!.pipeThrough(new TextDecoderStream())
      .getReader();
    let text = "";
    while (!text.includes("data: ")) text += (await reader.read()).value;
    assert.match(text, /event: state\ndata: \{"passed":0\}/);
    server.broadcast({ passed: 1 });
    while (!text.includes('"passed":1')) text += (await reader.read()).value;
    await reader.cancel();
  } finally {
    await server?.close();
    blocker.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/** The pids of every process below `pid`, with their start times (Linux only). */
async function descendants(pid: number): Promise<Map<number, string>> {
  if (!hasProc) return new Map();
  const parents = new Map<number, { ppid: number; start: string }>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`).catch(
      () => "",
    );
    // Fields after the command name, which is in parentheses: state, ppid, ...
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields.length < 20 || fields[0] === "Z") continue;
    parents.set(Number(entry.name), {
      ppid: Number(fields[1]),
      start: fields[19],
    });
  }
  const found = new Map<number, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, { ppid, start }] of parents) {
      if (!found.has(child) && (ppid === pid || found.has(ppid))) {
        found.set(child, start);
        grew = true;
      }
    }
  }
  return found;
}

/** Whether the process `pid` that started at `start` still runs (not a zombie). */
async function alive(pid: number, start: string): Promise<boolean> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields.length >= 20 && fields[19] === start && fields[0] !== "Z";
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Waits for `promise` at most `ms`; resolves to undefined when time is up. */
async function within<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve) =>
        timer = setTimeout(() => resolve(undefined), ms)
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${ms} ms waiting for ${what}\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

Deno.test({
  name: hasChromium
    ? "deno task start grades live: a saved solution turns its page to passed, and Ctrl-C stops everything"
    : `live browser test skipped: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`,
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const course = await loadCourse(REPO_ROOT.replace(/\/$/, ""));
    await using copy = await copyCourse(course);
    for (const part of ["lessons", "solutions"]) {
      await cp(join(course.root, part), join(copy.course.root, part), {
        recursive: true,
      });
    }
    const [exercise, other] = course.exercises;
    const port = freePort();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "live/main.ts",
        "--root",
        copy.course.root,
        "--port",
        String(port),
        "--timeout",
        "60",
      ],
      cwd: REPO_ROOT,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let output = "";
    const reading = Promise.all(
      [child.stdout, child.stderr].map(async (stream) => {
        for await (const text of stream.pipeThrough(new TextDecoderStream())) {
          output += text;
        }
      }),
    );
    const log = () => `Output of deno task start:\n${output}`;
    const seen = new Map<number, string>();
    let exited = false;
    const status = child.status.finally(() => exited = true);
    let browser: Browser | undefined;
    try {
      const url = `http://127.0.0.1:${port}/`;
      await until(
        "the URL",
        () => output.includes(`The course is at ${url}`) || exited,
        BOUND_MS,
        log,
      );
      assert.ok(!exited, `the command ended early\n${log()}`);

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
      assert.match(output, new RegExp(`✓ passed +1  ${exercise.id}`));
      assert.match(output, /\[[█░]+\] \d+\/\d+/, "no progress line");

      // Ctrl-C while a test run is under way: save another exercise and wait
      // for its run to show up as a child process.
      await Deno.writeTextFile(
        join(copy.course.root, "exercises", other.file),
        await Deno.readTextFile(
          join(copy.course.root, "exercises", other.file),
        ),
      );
      await until(
        "a test run below the command",
        async () => {
          const found = await descendants(child.pid);
          for (const [pid, start] of found) seen.set(pid, start);
          return found.size > 0 || !hasProc;
        },
        BOUND_MS,
        log,
      );
      child.kill("SIGINT");
      const ended = await within(status, 30_000);
      assert.ok(ended, `the command did not stop within 30 s\n${log()}`);
      await reading;
      assert.match(output, /Stopped\./);
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
      if (!exited) {
        // Ask first, so that the command removes its built site; then force.
        child.kill("SIGINT");
        await within(status, 15_000);
      }
      if (!exited) {
        for (const [pid] of await descendants(child.pid)) {
          try {
            Deno.kill(pid, "SIGKILL");
          } catch {
            // Already gone.
          }
        }
        child.kill("SIGKILL");
      }
      await status;
      await reading.catch(() => {});
    }
  },
});
