/**
 * The live server on a small fixture site: what it serves, what it refuses,
 * and, in Chromium, the status boxes before the first event.
 *
 * @module
 */

import { statuses } from "../course/mod.ts";
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import type { Page } from "playwright-core";
import { CHROMIUM, hasChromium, launchChromium } from "../site/_chromium.ts";
import { rawGet } from "../site/_raw_request.ts";
import { injectLiveTags, LIVE_PATH, startServer } from "./server.ts";

const PAGE =
  '<!doctype html><html><head><title>x</title></head><body><div data-exercise-status="first"></div><div data-course-progress></div></body></html>';

const GRADING = {
  passed: 0,
  total: 1,
  next: "first",
  nextUrl: "/exercises/first/",
  results: [],
  grading: ["first"],
  statuses,
};

/** A fixture site served by the live server on a free port. */
async function liveFixture(options: {
  state?: () => unknown;
  restore?: (
    site: { parent: string; swap(dir: string): void },
  ) => Promise<void>;
} = {}) {
  const parent = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "course_live_server_" }),
  );
  const dir = join(parent, "site");
  await Deno.mkdir(dir);
  await Deno.writeTextFile(join(dir, "index.html"), PAGE);
  await Deno.writeTextFile(join(dir, "a.css"), "p {}");
  await Deno.mkdir(join(parent, "site-evil"));
  await Deno.writeTextFile(join(parent, "site-evil", "secret.txt"), "secret");
  await Deno.writeTextFile(join(parent, "outside.txt"), "secret");
  await Deno.symlink(join(parent, "outside.txt"), join(dir, "leak.txt"));
  const restore = options.restore;
  const server = startServer({
    dir,
    port: 0,
    state: options.state ?? (() => GRADING),
    ...(restore ? { restore: () => restore(fixture) } : {}),
  });
  const fixture = {
    parent,
    dir,
    server,
    port: server.port,
    swap: (next: string) => server.swap(next),
    async [Symbol.asyncDispose]() {
      await server.close();
      await Deno.remove(parent, { recursive: true });
    },
  };
  return fixture;
}

/** The generated content before the element that `selector` finds. */
function before(page: Page, selector: string): Promise<unknown> {
  return page.evaluate(
    `getComputedStyle(document.querySelector(${
      JSON.stringify(selector)
    }), "::before").content`,
  );
}

Deno.test("injectLiveTags() adds the status style, the state and the script before </head>, and only the script without grading", () => {
  const state = { summary: "</script><script>alert(1)</script>" };
  const page = injectLiveTags(
    "<html><head><title>x</title></head><body></body></html>",
    state,
  );
  const head = page.slice(0, page.indexOf("</head>"));
  assert.match(head, /<link rel="stylesheet" href="\/__live\/client.css">/);
  assert.match(head, /<script type="module" src="\/__live\/client.js">/);
  const json =
    /<script type="application\/json" id="live-state">(.*?)<\/script>/
      .exec(head)?.[1];
  assert.ok(json, "no state in the page");
  assert.deepEqual(JSON.parse(json), state);
  assert.doesNotMatch(json, /<\//, "the state can end its script element");

  const plain = injectLiveTags("<p>no head</p>");
  assert.match(plain, /^<p>no head<\/p><script type="module"/);
  assert.doesNotMatch(plain, /live-state|client\.css/);
});

Deno.test("the live server moves to the next port when the first is taken, and serves HTML with the live script only", async () => {
  const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const taken = (blocker.addr as Deno.NetAddr).port;
  const dir = await Deno.makeTempDir({ prefix: "course_live_server_" });
  await Deno.writeTextFile(join(dir, "index.html"), PAGE);
  await Deno.writeTextFile(join(dir, "a.css"), "p {}");
  const server = startServer({
    dir,
    port: taken,
    state: () => ({ passed: 0 }),
  });
  try {
    assert.notEqual(server.port, taken, "the taken port was used");
    const page = await (await fetch(server.url)).text();
    assert.match(page, /__live\/client\.js/, "the page has no live script");
    const css = await (await fetch(`${server.url}a.css`)).text();
    assert.equal(css, "p {}", "a stylesheet was changed");
    for (const file of ["client.js", "client.css"]) {
      const response = await fetch(`${server.url}__live/${file}`);
      assert.equal(response.status, 200, file);
      await response.body?.cancel();
    }
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
    await server.close();
    blocker.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the live server answers Host 127.0.0.1, localhost and [::1] with any port, and refuses any other", async () => {
  await using site = await liveFixture();
  for (const host of ["127.0.0.1", "localhost:3000", "LOCALHOST", "[::1]:80"]) {
    const response = await rawGet(site.port, "/", { host });
    assert.equal(response.status, 200, host);
  }
  for (
    const host of [
      "evil.example",
      `evil.example:${site.port}`,
      "127.0.0.1.evil.example",
      "localhost.",
      "",
    ]
  ) {
    for (const path of ["/", "/a.css", `${LIVE_PATH}/state`]) {
      const response = await rawGet(site.port, path, { host });
      assert.equal(response.status, 403, `${host} ${path}`);
      assert.match(response.body, /^Forbidden: /);
      assert.doesNotMatch(response.body, /passed|Home|p \{\}/);
    }
  }
});

Deno.test("the live endpoints refuse other origins and answer the course's own pages, with no CORS header", async () => {
  await using site = await liveFixture();
  const own = `http://127.0.0.1:${site.port}`;
  const refused: Record<string, string>[] = [
    { origin: "http://evil.example" },
    { origin: "null" },
    { origin: `http://localhost:${site.port}` },
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site" },
    { origin: own, "sec-fetch-site": "cross-site" },
  ];
  for (const path of ["state", "events", "client.js"]) {
    for (const headers of refused) {
      const response = await rawGet(site.port, `${LIVE_PATH}/${path}`, headers);
      assert.equal(response.status, 403, `${path} ${JSON.stringify(headers)}`);
      assert.doesNotMatch(response.body, /"passed"|import|event:/);
    }
  }
  const allowed: Record<string, string>[] = [
    {},
    { origin: own },
    { "sec-fetch-site": "same-origin" },
    { "sec-fetch-site": "none" },
  ];
  for (const headers of allowed) {
    const response = await rawGet(site.port, `${LIVE_PATH}/state`, headers);
    assert.equal(response.status, 200, JSON.stringify(headers));
    assert.deepEqual(JSON.parse(response.body), GRADING);
    assert.deepEqual(
      [...response.headers.keys()].filter((name) => name.startsWith("access-")),
      [],
    );
  }
  // A page itself may be linked from anywhere; it is only read by the browser
  // that opens it, since no CORS header lets another origin read it.
  const page = await rawGet(site.port, "/", { "sec-fetch-site": "cross-site" });
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("access-control-allow-origin"), null);
});

Deno.test("the live server answers 400 or 404 to paths out of its folder, that do not decode, with NUL or long names", async () => {
  await using site = await liveFixture();
  const cases: [string, number][] = [
    [`/..%2f${basename(site.dir)}-evil/secret.txt`, 404],
    ["/leak.txt", 404],
    ["/%", 400],
    ["/%00", 404],
    [`/${"x".repeat(256)}`, 404],
    ["/index.html/x", 404],
    [`${LIVE_PATH}/..%2f..%2fsite-evil/secret.txt`, 404],
  ];
  for (const [target, status] of cases) {
    const response = await rawGet(site.port, target);
    assert.equal(response.status, status, target);
    assert.doesNotMatch(response.body, /secret|Error|\bat /, target);
  }
});

Deno.test("the live server has its site built again when the folder disappears, then serves the new one", async () => {
  let restores = 0;
  let restoring: Promise<void> | undefined;
  await using site = await liveFixture({
    restore: (fixture) =>
      restoring ??= (async () => {
        restores++;
        const next = join(fixture.parent, "rebuilt");
        await Deno.mkdir(next);
        await Deno.writeTextFile(join(next, "index.html"), "<p>Rebuilt</p>");
        fixture.swap(next);
      })(),
  });
  assert.equal((await rawGet(site.port, "/")).status, 200);
  assert.equal(restores, 0, "restored a folder that was there");
  await Deno.remove(site.dir, { recursive: true });
  const pages = await Promise.all([1, 2, 3].map(() => rawGet(site.port, "/")));
  for (const page of pages) {
    assert.equal(page.status, 200);
    assert.match(page.body, /<p>Rebuilt<\/p>/);
  }
  assert.equal(restores, 1);
});

Deno.test({
  name: hasChromium
    ? "live status boxes say grading from the first paint, and show the page's state before any event"
    : `live status browser test skipped: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`,
  ignore: !hasChromium,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    let state: unknown = GRADING;
    await using site = await liveFixture({ state: () => state });
    const browser = await launchChromium();
    try {
      // Without its script, the page shows what the server sent: grading.
      const still = await browser.newContext({ javaScriptEnabled: false });
      const page = await still.newPage();
      await page.goto(`http://127.0.0.1:${site.port}/`);
      for (const box of ["[data-exercise-status]", "[data-course-progress]"]) {
        assert.equal(await before(page, box), '"Grading…"', box);
      }
      await still.close();

      // With it, and no event stream at all, the page's own state shows.
      state = {
        ...GRADING,
        grading: [],
        results: [{
          id: "first",
          status: "failed",
          summary: "answer() should return 42",
          durationMs: 1,
          title: "First",
          lesson: "01_x",
          file: "exercises/01_x/first.ts",
          number: 1,
          url: "/exercises/first/",
        }],
      };
      const live = await browser.newContext();
      const scripted = await live.newPage();
      await scripted.route("**/__live/events", (route) => route.abort());
      await scripted.goto(`http://127.0.0.1:${site.port}/`);
      const box = scripted.locator('[data-exercise-status="first"]');
      await box.and(scripted.locator('[data-status="failed"]')).waitFor({
        timeout: 10_000,
      });
      assert.match(
        await box.innerText(),
        /Failed[\s\S]*answer\(\) should return 42/,
      );
      await live.close();

      // Without grading (start --no-grade), no box says grading.
      state = null;
      const plain = await browser.newPage();
      await plain.goto(`http://127.0.0.1:${site.port}/`);
      assert.equal(await before(plain, "[data-exercise-status]"), "none");
      assert.equal(
        await plain.locator("[data-exercise-status]").innerText(),
        "",
      );
    } finally {
      await browser.close();
    }
  },
});
