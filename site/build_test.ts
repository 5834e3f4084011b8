/**
 * Tests of the site build: the real course (every lesson and exercise has its
 * page, no broken internal link or anchor, every image has alt text) and a
 * small fixture course that exercises link rewriting and highlighting.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { build, REPO_ROOT } from "./build.ts";
import {
  builtPages,
  checkLinks,
  FIXTURE_STARTER,
  imagesOf,
  lessonSlugs,
  textOf,
  writeFixtureCourse,
} from "./_check.ts";
import { loadSiteCourse, splitDocComment } from "./_course.ts";
import { rewriteLink } from "./_markdown.ts";
import {
  alive,
  commandLine,
  descendants,
  hasProc,
  spawnWatched,
} from "./_child.ts";

Deno.test("the course site has a page for every lesson and exercise, with no broken link", async (t) => {
  const outDir = await Deno.makeTempDir({ prefix: "course_site_" });
  try {
    const result = await build({ outDir });
    const pages = await builtPages(outDir);
    const urls = new Set(pages.map((page) => page.url));
    const course = await loadSiteCourse(REPO_ROOT);

    await t.step("the home page lists every lesson with its summary", () => {
      const home = pages.find((page) => page.url === "/");
      assert.ok(home, "The site has a home page at /.");
      assert.match(
        textOf(home.html),
        /deno task start --open/,
        "The home page shows how to start.",
      );
      assert.match(
        textOf(home.html),
        /npx --yes deno@\S+ task start --open/,
        "The home page shows how to start without Deno installed.",
      );
      for (const lesson of course.lessons) {
        assert.ok(
          home.html.includes(`href="${lesson.url}"`),
          `The home page links to the lesson ${lesson.slug}.`,
        );
      }
    });

    await t.step("every lesson in lessons/ has its page", async () => {
      for (const slug of await lessonSlugs(REPO_ROOT)) {
        assert.ok(
          urls.has(`/lessons/${slug}/`),
          `No page for lessons/${slug}.md`,
        );
      }
    });

    await t.step("every exercise in course.json has its page", () => {
      for (const exercise of course.exercises) {
        const page = pages.find((p) => p.url === `/exercises/${exercise.id}/`);
        assert.ok(page, `No page for the exercise "${exercise.id}"`);
        assert.ok(
          page.html.includes(`data-exercise-status="${exercise.id}"`),
          `The page of "${exercise.id}" has no live-status element.`,
        );
        assert.ok(
          textOf(page.html).includes(`deno task grade ${exercise.id}`),
          `The page of "${exercise.id}" does not show its grade command.`,
        );
        assert.match(
          textOf(page.html),
          new RegExp(`npx --yes deno@\\S+ task grade ${exercise.id}`),
          `The page of "${exercise.id}" does not show the command without Deno installed.`,
        );
        const hints = page.html.match(/<details class="hint">/g) ?? [];
        assert.equal(
          hints.length,
          exercise.hints.length,
          `The page of "${exercise.id}" should fold each hint.`,
        );
        if (exercise.solution) {
          assert.match(
            page.html,
            /<details class="spoiler"[^>]*>\s*<summary>[^<]*spoiler/i,
            `The solution of "${exercise.id}" should be folded behind a spoiler warning.`,
          );
        }
      }
    });

    await t.step("every page is in the sidebar, marked when current", () => {
      for (const entry of course.pages) {
        const page = pages.find((p) => p.url === entry.url);
        assert.ok(page, `No page for ${entry.url}`);
        assert.match(
          page.html,
          new RegExp(`href="${entry.url}" aria-current="page"`),
          `${entry.url} is not marked as the current page in the sidebar.`,
        );
      }
    });

    await t.step("no internal link or anchor is broken", async () => {
      assert.deepEqual(
        await checkLinks(outDir, pages),
        [],
        "These links lead nowhere.",
      );
    });

    await t.step("every image has a text alternative", () => {
      for (const page of pages) {
        for (const image of imagesOf(page.html)) {
          assert.match(
            image,
            /\salt="[^"]+"/,
            `${page.url}: ${image} has no alt text`,
          );
        }
      }
    });

    await t.step(
      "code is highlighted at build time and no highlighter is shipped",
      async () => {
        for (const page of pages) {
          const scripts = [
            ...page.html.matchAll(/<script\b[^>]*src="([^"]+)"/g),
          ]
            .map((m) => m[1]);
          assert.deepEqual(
            scripts,
            ["/assets/site.js"],
            `${page.url} loads other scripts`,
          );
          const plain = page.html.match(/<pre>(?!<code class="language-)/g) ??
            [];
          assert.equal(
            plain.length,
            0,
            `${page.url} has a code block without highlighting`,
          );
        }
        const css = await Deno.readTextFile(join(outDir, "assets", "code.css"));
        assert.match(
          css,
          /--shiki-dark/,
          "code.css should hold both themes' colours.",
        );
      },
    );

    await t.step("the search index is written", async () => {
      const info = await Deno.stat(join(outDir, "pagefind", "pagefind.js"));
      assert.ok(info.isFile, "Pagefind's pagefind.js is missing.");
    });

    assert.ok(
      result.pages >= course.pages.length + 1,
      "Fewer pages than expected.",
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

const FIXTURE_LESSON = `---
title: First steps with \`WeakRef\`
order: 1
summary: A fixture lesson.
---

# First steps with \`WeakRef\`

See [the next lesson](02_next.md#second-part) and
[the exercise](../exercises/01_first/first.ts).

![Two boxes and a dashed arrow](diagrams/boxes.svg)

\`\`\`ts ignore
const answer: number = 42;
\`\`\`

Template syntax stays text: {{ title }} and {% raw %} and \${answer}.

## Exercises

Run \`deno task grade first\`.
`;

const FIXTURE_NEXT = `---
title: Next
order: 2
summary: The second fixture lesson.
---

## Second part

Back to [the first lesson](01_first.md).
`;

async function writeFixture(root: string) {
  await writeFixtureCourse(root, "01_first", {
    "lessons/01_first.md": FIXTURE_LESSON,
    "lessons/02_next.md": FIXTURE_NEXT,
    "lessons/diagrams/boxes.svg":
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"><title>Boxes</title></svg>',
  });
}

Deno.test("lesson links, diagrams and code blocks become page URLs and highlighted code", async () => {
  const root = await Deno.makeTempDir({ prefix: "course_fixture_" });
  try {
    await writeFixture(root);
    const outDir = join(root, "_site");
    await build({ root, outDir, search: false });
    const pages = await builtPages(outDir);
    const lesson = pages.find((page) => page.url === "/lessons/01_first/");
    assert.ok(lesson, "The fixture lesson has a page.");
    assert.match(
      lesson.html,
      /href="\/lessons\/02_next\/#second-part"/,
      "Lesson links are rewritten.",
    );
    assert.match(
      lesson.html,
      /href="\/exercises\/first\/"/,
      "Exercise links are rewritten.",
    );
    assert.match(
      lesson.html,
      /src="\/lessons\/diagrams\/boxes.svg"/,
      "Diagram paths are rewritten.",
    );
    assert.match(
      lesson.html,
      /<code class="language-ts">/,
      "`ts ignore` blocks are highlighted as ts.",
    );
    assert.equal(
      lesson.html.match(/<h1\b/g)?.length,
      1,
      "A lesson's own `# Title` is not repeated under the page title.",
    );
    assert.match(
      lesson.html,
      /Template syntax stays text: \{\{ title \}\} and \{% raw %\}/,
      "Lessons are Markdown only: no template language runs on them.",
    );
    assert.match(
      lesson.html,
      /First steps with <code>WeakRef<\/code>/,
      "Titles render inline code.",
    );

    const exercise = pages.find((page) => page.url === "/exercises/first/");
    assert.ok(exercise, "The fixture exercise has a page.");
    assert.match(
      exercise.html,
      /Return <code>42<\/code>/,
      "The statement is rendered as Markdown.",
    );
    assert.doesNotMatch(
      exercise.html,
      /@module/,
      "The statement leaves out the @module tag.",
    );
    assert.match(exercise.html, /TODO/, "The starter code is shown.");
    assert.deepEqual(await checkLinks(outDir, pages), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("splitDocComment() separates the statement from the code", () => {
  const { doc, code } = splitDocComment(FIXTURE_STARTER);
  assert.match(doc, /^# First\n\nReturn `42`\./);
  assert.doesNotMatch(doc, /@module|^\s*\*/m);
  assert.match(code, /^\/\*\* Returns the answer\. \*\//);
});

Deno.test("rewriteLink() maps repository files to page URLs", async () => {
  const course = await loadSiteCourse(REPO_ROOT);
  const exercise = course.exercises[0];
  const from = "lessons/01_reachability.md";
  assert.equal(
    rewriteLink("03_weakref.md#deref", from, course),
    "/lessons/03_weakref/#deref",
  );
  assert.equal(
    rewriteLink("diagrams/a.svg", from, course),
    "/lessons/diagrams/a.svg",
  );
  assert.equal(rewriteLink("../README.md", from, course), "/");
  assert.equal(
    rewriteLink("https://example.org/x.md", from, course),
    "https://example.org/x.md",
  );
  assert.equal(rewriteLink("#local", from, course), "#local");
  if (exercise) {
    const test = exercise.file.replace(/\.ts$/, "_test.ts");
    for (
      const path of [
        `exercises/${exercise.file}`,
        `solutions/${exercise.file}`,
        `exercises/${test}`,
      ]
    ) {
      assert.equal(
        rewriteLink(`../${path}`, from, course),
        exercise.url,
        `../${path}`,
      );
    }
  }
});

Deno.test({
  name:
    "deno task build ends its search indexer and prints no stack trace when SIGTERM or SIGHUP comes while it indexes",
  ignore: !hasProc,
  async fn() {
    for (const signal of ["SIGTERM", "SIGHUP"] as const) {
      const outDir = await Deno.makeTempDir({ prefix: "course_site_signal_" });
      try {
        await using task = spawnWatched(
          Deno.execPath(),
          ["task", "build", "--out", outDir],
          { cwd: REPO_ROOT },
        );
        // The indexer runs for a fifth of a second: look for it often.
        let indexer: Map<number, string> | undefined;
        while (!indexer) {
          const below = await descendants(task.child.pid);
          for (const pid of below.keys()) {
            if (/pagefind/.test(await commandLine(pid))) indexer = below;
          }
          if (task.output().includes("Built ")) {
            throw new Error(`The build ended before its indexer was seen`);
          }
          if (!indexer) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        task.child.kill(signal);
        const code = await task.done();
        assert.equal(code, 130, task.output());
        assert.match(task.output(), /Stopped before the site was built\.\n$/);
        assert.doesNotMatch(task.output(), /^\s+at |Stack backtrace/m);
        for (const [pid, start] of indexer) {
          assert.ok(
            !(await alive(pid, start)),
            `${await commandLine(pid)} still runs after ${signal}`,
          );
        }
      } finally {
        await Deno.remove(outDir, { recursive: true });
      }
    }
  },
});
