/**
 * start() in this process, on a fixture course: what each saved source
 * leads to, with and without grading.
 *
 * @module
 */

import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { loadCourse } from "../course/mod.ts";
import { failing, passing } from "../grader/_fixture.ts";
import { SITE_DIR } from "../site/build.ts";
import { LESSON_TEXT, liveCourse } from "./_fixture.ts";
import { exercisesOf, start } from "./start.ts";

const REPO_ROOT = join(SITE_DIR, "..");

/** Collects log lines; a test awaits the line it expects. */
function logLines() {
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  return {
    lines,
    log(line: string) {
      lines.push(line);
      for (const wake of waiting) wake();
    },
    /** Resolves with the first line (from `from` on) that matches `pattern`. */
    async seen(pattern: RegExp, from = 0, ms = 60_000): Promise<string> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = lines.slice(from).find((line) => pattern.test(line));
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          throw new Error(`No line matched ${pattern}:\n${lines.join("\n")}`);
        }
        const { promise, resolve } = Promise.withResolvers<void>();
        waiting.add(resolve);
        const timer = setTimeout(resolve, deadline - Date.now());
        await promise;
        clearTimeout(timer);
        waiting.delete(resolve);
      }
    },
  };
}

/** Saves as many editors do: a temporary file renamed over the original. */
async function renameSave(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(`${path}.tmp~`, text);
  await Deno.rename(`${path}.tmp~`, path);
}

Deno.test("exercisesOf() maps a saved file to its exercise, a support module to its folder", async () => {
  const course = await loadCourse(REPO_ROOT);
  const [first] = course.exercises;
  assert.ok(first);
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

Deno.test({
  name:
    "start() rebuilds on a lesson, a solution, a site asset and course.json, regrades a saved exercise, and does not rebuild for a save the pages do not show",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using fixture = await liveCourse([
      { id: "answer", starter: passing },
      { id: "second", starter: failing },
    ]);
    const root = fixture.course.root;
    // A copy of the site's sources: saving one must not touch this repository.
    const siteDir = join(root, "site");
    await cp(SITE_DIR, siteDir, { recursive: true });
    const out = logLines();
    const live = await start({
      root,
      siteDir,
      port: 0,
      debounceMs: 30,
      timeoutMs: 60_000,
      log: out.log,
    });
    try {
      const get = async (path: string) => {
        const response = await fetch(new URL(path, live.url));
        return { status: response.status, text: await response.text() };
      };
      await out.seen(/✗ failed +2 +second/);
      const lesson = await get("/lessons/01_fixture/");
      assert.match(lesson.text, new RegExp(LESSON_TEXT));

      // A save that the pages do not show (the site shows the committed
      // starter) grades the exercise again and builds nothing.
      let from = out.lines.length;
      await renameSave(join(root, "exercises/01_fixture/second.ts"), passing);
      await out.seen(/^Saved: grading second again/, from);
      await out.seen(/✓ passed +2 +second/, from);

      // A lesson: a new build, with the new text.
      await renameSave(
        join(root, "lessons/01_fixture.md"),
        `---\ntitle: Fixture lesson\norder: 1\nsummary: A lesson for tests.\n---\n\nChanged lesson.\n`,
      );
      await out.seen(
        /^Rebuilt the site after a change to lessons\/01_fixture\.md/,
        from,
      );
      assert.deepEqual(
        out.lines.filter((line) => /Rebuilt.*exercises\//.test(line)),
        [],
        "an exercise save rebuilt the site",
      );
      assert.match(
        (await get("/lessons/01_fixture/")).text,
        /Changed lesson\./,
      );

      // A solution, shown on its exercise's page.
      from = out.lines.length;
      await fixture.write(
        "solutions/01_fixture/answer.ts",
        "export function answer(): number {\n  return 6 * 7;\n}\n",
      );
      await out.seen(
        /^Rebuilt the site after a change to solutions\/01_fixture\/answer\.ts/,
        from,
      );
      assert.match((await get("/exercises/answer/")).text, /6<\/span>.*\*.*7/s);

      // The site's own style sheet, saved unchanged (as an editor would).
      from = out.lines.length;
      const css = join(siteDir, "assets", "site.css");
      await renameSave(css, await Deno.readTextFile(css));
      await out.seen(
        /^Rebuilt the site after a change to site\/assets\/site\.css/,
        from,
      );

      // course.json: a new exercise gets its page and is graded.
      from = out.lines.length;
      await fixture.write("exercises/01_fixture/third.ts", failing);
      await fixture.write(
        "exercises/01_fixture/third_test.ts",
        await Deno.readTextFile(
          join(root, "exercises/01_fixture/second_test.ts"),
        )
          .then((text) => text.replaceAll("second", "third")),
      );
      await fixture.write("solutions/01_fixture/third.ts", passing);
      const courseJson = JSON.parse(
        await Deno.readTextFile(join(root, "course.json")),
      );
      courseJson.exercises.push({
        id: "third",
        title: "Exercise third",
        lesson: "01_fixture",
        file: "01_fixture/third.ts",
        hints: ["A hint."],
        requirements: ["answer() returns 42"],
      });
      await renameSave(join(root, "course.json"), JSON.stringify(courseJson));
      await out.seen(
        /^Rebuilt the site after a change to .*course\.json/,
        from,
      );
      assert.equal((await get("/exercises/third/")).status, 200);
      await out.seen(/✗ failed +3 +third/, from);
      const state = JSON.parse((await get("/__live/state")).text);
      assert.equal(state.total, 3);

      // A broken course.json keeps what there is, and says so.
      from = out.lines.length;
      await renameSave(join(root, "course.json"), "{");
      await out.seen(/^course\.json could not be read again: /, from);
      assert.equal((await get("/exercises/third/")).status, 200);
    } finally {
      await live.stop();
    }
    await assert.rejects(
      fetch(live.url),
      TypeError,
      "the server still answers",
    );
  },
});

Deno.test({
  name:
    "start() with grade: false serves and rebuilds the site, grading nothing",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using fixture = await liveCourse([{
      id: "answer",
      starter: failing,
    }]);
    const out = logLines();
    const live = await start({
      root: fixture.course.root,
      port: 0,
      grade: false,
      debounceMs: 30,
      log: out.log,
    });
    try {
      const page = await (await fetch(`${live.url}exercises/answer/`)).text();
      assert.match(page, /__live\/client\.js/);
      assert.doesNotMatch(page, /client\.css|live-state/);
      assert.equal(await (await fetch(`${live.url}__live/state`)).json(), null);
      const from = out.lines.length;
      await fixture.write("exercises/01_fixture/answer.ts", passing);
      await fixture.write(
        "lessons/01_fixture.md",
        (await Deno.readTextFile(
          join(fixture.course.root, "lessons/01_fixture.md"),
        )).replace(LESSON_TEXT, "Rewritten."),
      );
      await out.seen(/^Rebuilt the site after a change to lessons/, from);
      assert.deepEqual(
        out.lines.filter((line) => /grad(e|ing)/i.test(line)),
        [],
        "something was graded",
      );
    } finally {
      await live.stop();
    }
  },
});
