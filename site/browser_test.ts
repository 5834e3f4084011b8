/**
 * The site in a real browser: Playwright drives Debian's Chromium against
 * the built site served on 127.0.0.1. Every page loads without a console
 * error or a failed request; next and previous lead through the whole
 * course; search finds the WeakRef lesson; the pages read without
 * JavaScript; screenshots at phone and desktop widths go to `_screenshots/`.
 *
 * Where Chromium is not installed, the test is reported as ignored and says
 * how to install it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, hasChromium, launchChromium } from "./_chromium.ts";
import { build, REPO_ROOT } from "./build.ts";
import { builtPages } from "./_check.ts";
import { loadSiteCourse } from "./_course.ts";
import { staticHandler } from "./static.ts";

const SCREENSHOTS = join(REPO_ROOT, "_screenshots");

/**
 * Run in a page: opens every folded part, then, for each code block, with
 * its lines scrolled to the start and to the end, lists the text that lies
 * under its Copy button (and blocks that neither wrap nor scroll).
 */
const HIDDEN_UNDER_COPY = `(() => {
  const found = [];
  for (const details of document.querySelectorAll("details")) details.open = true;
  for (const block of document.querySelectorAll(".code-block")) {
    const pre = block.querySelector("pre");
    const button = block.querySelector(".copy");
    if (!pre || !button) continue;
    const style = getComputedStyle(pre);
    const scrolls = ["auto", "scroll"].includes(style.overflowX);
    if (!scrolls && !/wrap/.test(style.whiteSpace + " " + style.textWrapMode)) {
      found.push("a block neither wraps nor scrolls: " + pre.textContent.slice(0, 40));
    }
    for (const left of [0, pre.scrollWidth]) {
      pre.scrollLeft = left;
      const b = button.getBoundingClientRect();
      const view = pre.getBoundingClientRect();
      const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          // Only what can be seen: inside the block's box.
          const x1 = Math.max(r.left, view.left), x2 = Math.min(r.right, view.right);
          const y1 = Math.max(r.top, view.top), y2 = Math.min(r.bottom, view.bottom);
          if (x2 <= x1 || y2 <= y1) continue;
          if (x1 < b.right && x2 > b.left && y1 < b.bottom && y2 > b.top) {
            found.push(JSON.stringify(node.textContent.trim().slice(0, 40)) +
              (left ? " (scrolled to the end)" : ""));
          }
        }
      }
    }
    pre.scrollLeft = 0;
  }
  return found;
})()`;

/** Records console errors, page errors and failed requests of a page. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on(
    "pageerror",
    (error) => problems.push(`page error: ${error.message}`),
  );
  page.on("requestfailed", (request) => {
    // Leaving a page aborts what it was still loading (lazy images): not a fault.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(
      `request failed: ${request.url()} (${request.failure()?.errorText})`,
    );
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  return problems;
}

Deno.test({
  name: hasChromium
    ? "the site works in Chromium: every page, next and previous, search, no JavaScript"
    : `browser test skipped: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`,
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const outDir = await Deno.makeTempDir({ prefix: "course_site_browser_" });
    let browser: Browser | undefined;
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      staticHandler(outDir),
    );
    try {
      await build({ outDir });
      const base = `http://127.0.0.1:${server.addr.port}`;
      const course = await loadSiteCourse(REPO_ROOT);
      const urls = (await builtPages(outDir)).map((page) => page.url);
      browser = await launchChromium();

      await t.step(
        "every page loads with no console error or failed request, and fits 320 px",
        async () => {
          const context = await browser!.newContext({
            viewport: { width: 320, height: 700 },
          });
          const page = await context.newPage();
          const problems = watchProblems(page);
          for (const url of urls) {
            await page.goto(base + url, { waitUntil: "load" });
            const title = await page.title();
            assert.ok(title.length > 0, `${url} has no title`);
            assert.equal(
              await page.locator("main h1").count(),
              1,
              `${url} should have one h1`,
            );
            const width = Number(
              await page.evaluate("document.documentElement.scrollWidth"),
            );
            assert.ok(
              width <= 320,
              `${url} scrolls sideways at 320 px (${width} px wide)`,
            );
            // Lazy images: bring each into view so that a missing one fails.
            for (const image of await page.locator("main img").all()) {
              await image.scrollIntoViewIfNeeded();
              await page.waitForFunction(
                (img) => (img as { complete: boolean }).complete,
                await image.elementHandle(),
              );
            }
          }
          await context.close();
          assert.deepEqual(problems, [], "Problems while opening every page");
        },
      );

      await t.step(
        "next and previous lead through the whole course",
        async () => {
          const context = await browser!.newContext({
            viewport: { width: 1280, height: 900 },
          });
          const page = await context.newPage();
          const problems = watchProblems(page);
          const expected = ["/", ...course.pages.map((entry) => entry.url)];
          await page.goto(base + "/");
          const forward = [new URL(page.url()).pathname];
          while (await page.locator('.pager a[rel="next"]').count() > 0) {
            await page.locator('.pager a[rel="next"]').click();
            await page.waitForLoadState("load");
            forward.push(new URL(page.url()).pathname);
            assert.ok(
              forward.length <= expected.length,
              "Next links go round in a loop",
            );
          }
          assert.deepEqual(
            forward,
            expected,
            "Next links should follow the course order",
          );

          // Back to the start with the left arrow key.
          const backward = [new URL(page.url()).pathname];
          while (await page.locator('.pager a[rel="prev"]').count() > 0) {
            await Promise.all([
              page.waitForURL((url) => url.pathname !== backward.at(-1)),
              page.keyboard.press("ArrowLeft"),
            ]);
            backward.push(new URL(page.url()).pathname);
            assert.ok(
              backward.length <= expected.length,
              "Previous links go round in a loop",
            );
          }
          assert.deepEqual(
            backward,
            [...expected].reverse(),
            "The left arrow key should walk back in course order",
          );

          // And the right arrow key moves forward.
          await page.keyboard.press("ArrowRight");
          await page.waitForURL(base + expected[1]);
          await context.close();
          assert.deepEqual(problems, []);
        },
      );

      const searchPage = async () => {
        const context = await browser!.newContext({
          viewport: { width: 1280, height: 900 },
        });
        const page = await context.newPage();
        const problems = watchProblems(page);
        await page.goto(base + "/");
        const search = async (query: string) => {
          await page.fill("#search-input", query);
          // Wait for the results of this query, not those of the last one.
          const results = page.locator(
            `#search-results[data-query="${query}"] a`,
          );
          await results.first().waitFor({ timeout: 10_000 });
          const hrefs = [];
          for (const link of await results.all()) {
            hrefs.push(
              new URL(await link.getAttribute("href") ?? "", base).pathname,
            );
          }
          return hrefs;
        };
        return { context, search, problems };
      };

      await t.step("search finds an exercise by its title", async () => {
        const { context, search, problems } = await searchPage();
        for (const exercise of course.exercises.slice(0, 1)) {
          const found = await search(exercise.title);
          assert.ok(
            found.includes(exercise.url),
            `Searching "${exercise.title}" should find ${exercise.url}, found ${found}`,
          );
        }
        await context.close();
        assert.deepEqual(problems, []);
      });

      const weakref = course.lessons.find((l) => l.slug === "03_weakref");
      await t.step({
        name: 'search "deref" finds the WeakRef lesson',
        fn: async () => {
          assert.ok(weakref, "lessons/03_weakref.md is missing");
          const { context, search, problems } = await searchPage();
          const found = await search("deref");
          assert.ok(
            found.includes(weakref!.url),
            `Searching "deref" should find ${weakref!.url}, found ${found}`,
          );
          await context.close();
          assert.deepEqual(problems, []);
        },
      });

      await t.step(
        "pages read without JavaScript, and code gets copy buttons with it",
        async () => {
          const target = course.pages[0]?.url ?? "/";
          const noScript = await browser!.newContext({
            javaScriptEnabled: false,
          });
          const plain = await noScript.newPage();
          await plain.goto(base + target);
          assert.ok(
            await plain.locator("main h1").isVisible(),
            "The title shows without JavaScript",
          );
          assert.equal(
            await plain.locator("[data-search]").isVisible(),
            false,
            "Search needs JavaScript, so it stays hidden",
          );
          assert.ok(
            await plain.locator("#course-nav a").count() > 1,
            "The sidebar shows without JavaScript",
          );
          await noScript.close();

          const context = await browser!.newContext();
          const page = await context.newPage();
          await page.goto(base + target);
          const blocks = await page.locator("main pre.shiki").count();
          assert.equal(
            await page.locator("main .copy").count(),
            blocks,
            "Each code block has a copy button",
          );
          await context.close();
        },
      );

      await t.step(
        "code blocks wrap or scroll, and no text is under their Copy button, at 320 px and 1280 px",
        async () => {
          const found: string[] = [];
          for (const width of [320, 1280]) {
            const context = await browser!.newContext({
              viewport: { width, height: 800 },
            });
            const page = await context.newPage();
            for (const url of urls) {
              await page.goto(base + url);
              const hidden = await page.evaluate(HIDDEN_UNDER_COPY) as string[];
              found.push(
                ...hidden.map((text) => `${url} at ${width} px: ${text}`),
              );
            }
            await context.close();
          }
          assert.deepEqual(found, [], "Code hidden under a Copy button");
        },
      );

      await t.step(
        "keyboard: the first Tab shows a skip link that moves focus to the content",
        async () => {
          const context = await browser!.newContext();
          const page = await context.newPage();
          await page.goto(base + (course.pages[0]?.url ?? "/"));
          await page.keyboard.press("Tab");
          const skip = page.locator("a.skip");
          assert.equal(
            await skip.evaluate((el) => el === el.ownerDocument.activeElement),
            true,
            "The first Tab should focus the skip link",
          );
          const box = await skip.boundingBox();
          assert.ok(
            box && box.y >= 0,
            "The focused skip link should be on screen",
          );
          await page.keyboard.press("Enter");
          assert.equal(
            await page.locator("main").evaluate((el) =>
              el === el.ownerDocument.activeElement
            ),
            true,
            "The skip link should move focus to the main content",
          );
          await context.close();
        },
      );

      await t.step(
        "pages pass axe's WCAG 2 A and AA checks (contrast, landmarks, labels), light and dark",
        async () => {
          const targets = [
            "/",
            course.lessons[0]?.url,
            course.exercises[0]?.url,
          ].filter((url): url is string => Boolean(url));
          const found: string[] = [];
          for (const scheme of ["light", "dark"] as const) {
            const context = await browser!.newContext({ colorScheme: scheme });
            const page = await context.newPage();
            for (const url of targets) {
              await page.goto(base + url);
              // Open the folded parts so that their contents are checked too.
              await page.evaluate(
                'document.querySelectorAll("details").forEach((d) => d.open = true)',
              );
              await page.addScriptTag({ content: axe.source });
              const violations = await page.evaluate(`
                axe.run(document, {
                  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
                }).then((result) => result.violations.map((v) =>
                  v.id + ": " + v.help + " (" + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ") + ")"
                ))
              `) as string[];
              found.push(...violations.map((v) => `${url} (${scheme}): ${v}`));
            }
            await context.close();
          }
          assert.deepEqual(found, [], "Accessibility problems");
        },
      );

      await t.step(
        "screenshots at 375 px and 1280 px, light and dark",
        async () => {
          await Deno.mkdir(SCREENSHOTS, { recursive: true });
          const lesson = course.lessons.find((l) => l.slug === "03_weakref") ??
            course.lessons[0];
          const shots = [
            ["home", "/"],
            ...(lesson ? [["lesson", lesson.url]] : []),
            ...(course.exercises[0]
              ? [["exercise", course.exercises[0].url]]
              : []),
          ];
          for (const width of [375, 1280]) {
            for (const scheme of ["light", "dark"] as const) {
              const context = await browser!.newContext({
                viewport: { width, height: width < 600 ? 800 : 900 },
                colorScheme: scheme,
              });
              const page = await context.newPage();
              for (const [name, url] of shots) {
                await page.goto(base + url);
                const scrollWidth = Number(
                  await page.evaluate("document.documentElement.scrollWidth"),
                );
                assert.ok(
                  scrollWidth <= width,
                  `${url} scrolls sideways at ${width} px (${scrollWidth} px wide)`,
                );
                await page.screenshot({
                  path: join(SCREENSHOTS, `${name}_${width}_${scheme}.png`),
                });
              }
              await context.close();
            }
          }
        },
      );
    } finally {
      await browser?.close();
      await server.shutdown();
      await Deno.remove(outDir, { recursive: true });
    }
  },
});
