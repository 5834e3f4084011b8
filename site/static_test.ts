import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { rawGet } from "./_raw_request.ts";
import { staticHandler } from "./static.ts";

/**
 * A site folder with a page, a sub-folder, links in and out, and a sibling
 * folder whose name starts with the site folder's, served on 127.0.0.1.
 */
async function servedFixture() {
  const parent = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "course_static_" }),
  );
  const dir = join(parent, "site");
  const files: Record<string, string> = {
    "site/index.html": "<p>Home</p>",
    "site/lessons/index.html": "<p>Lessons</p>",
    "site/style.css": "p {}",
    "site/evil.example/index.html": "<p>A folder named like a host</p>",
    "site-evil/secret.txt": "sibling secret",
    "outside/secret.txt": "outside secret",
  };
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(parent, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(parent, path), text);
  }
  await Deno.symlink(join(parent, "outside/secret.txt"), join(dir, "leak.txt"));
  await Deno.symlink(join(parent, "outside"), join(dir, "leaked"));
  await Deno.symlink(join(dir, "style.css"), join(dir, "alias.css"));
  const errors: unknown[] = [];
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
    onError: (error) => {
      errors.push(error);
      return new Response("Internal error", { status: 500 });
    },
  }, staticHandler(dir));
  return {
    dir,
    port: server.addr.port,
    errors,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await Deno.remove(parent, { recursive: true });
    },
  };
}

Deno.test("staticHandler() serves pages, files and folders of its folder, with no CORS header", async () => {
  await using site = await servedFixture();
  const home = await rawGet(site.port, "/");
  assert.equal(home.status, 200);
  assert.equal(home.body, "<p>Home</p>");
  assert.equal(home.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(home.headers.get("x-content-type-options"), "nosniff");
  assert.deepEqual(
    [...home.headers.keys()].filter((name) => name.startsWith("access-")),
    [],
  );
  assert.equal((await rawGet(site.port, "/lessons/")).body, "<p>Lessons</p>");
  assert.equal((await rawGet(site.port, "/style.css")).body, "p {}");
  assert.equal(
    (await rawGet(site.port, "/alias.css")).body,
    "p {}",
    "a link that stays inside the folder is served",
  );
  const folder = await rawGet(site.port, "/lessons");
  assert.equal(folder.status, 301);
  assert.equal(
    folder.headers.get("location"),
    `http://127.0.0.1:${site.port}/lessons/`,
  );
  assert.deepEqual(site.errors, []);
});

Deno.test("staticHandler() gives 404 for a sibling folder reached through an encoded ../", async () => {
  await using site = await servedFixture();
  const name = basename(site.dir);
  for (
    const target of [
      `/..%2f${name}-evil/secret.txt`,
      `/..%2F..%2F${basename(join(site.dir, ".."))}/site-evil/secret.txt`,
      `/%2e%2e/${name}-evil/secret.txt`,
      "/..%2foutside/secret.txt",
    ]
  ) {
    const response = await rawGet(site.port, target);
    assert.equal(response.status, 404, target);
    assert.doesNotMatch(response.body, /secret/, target);
  }
  assert.deepEqual(site.errors, []);
});

Deno.test("staticHandler() never follows a symbolic link out of its folder", async () => {
  await using site = await servedFixture();
  for (const target of ["/leak.txt", "/leaked/secret.txt", "/leaked/"]) {
    const response = await rawGet(site.port, target);
    assert.equal(response.status, 404, target);
    assert.doesNotMatch(response.body, /secret/, target);
  }
  assert.deepEqual(site.errors, []);
});

Deno.test("staticHandler() answers 400 or 404, never an error, for paths that do not decode, NUL, long names and files used as folders", async () => {
  await using site = await servedFixture();
  const cases: [string, number][] = [
    ["/%", 400],
    ["/%E0%A4%A", 400],
    ["/%ff", 400],
    ["/%00", 404],
    ["/index.html%00.css", 404],
    [`/${"a".repeat(256)}`, 404],
    [`/${"a".repeat(256)}/index.html`, 404],
    ["/index.html/x", 404],
    ["/style.css/", 404],
    ["/missing.html", 404],
  ];
  for (const [target, status] of cases) {
    const response = await rawGet(site.port, target);
    assert.equal(response.status, status, target);
    assert.doesNotMatch(response.body, /\bat |Error/, target);
  }
  assert.deepEqual(site.errors, [], "a request reached the error handler");
});

Deno.test("staticHandler() redirects a folder on its own host, refuses other methods, and gives 404 once its folder is gone", async () => {
  await using site = await servedFixture();
  const redirect = await rawGet(site.port, "//evil.example");
  assert.equal(redirect.status, 301);
  assert.equal(
    new URL(redirect.headers.get("location") ?? "").host,
    `127.0.0.1:${site.port}`,
  );
  const handler = staticHandler(site.dir);
  const post = await handler(
    new Request("http://127.0.0.1/", { method: "POST" }),
  );
  assert.equal(post.status, 405);
  const head = await handler(
    new Request("http://127.0.0.1/", { method: "HEAD" }),
  );
  assert.equal(head.status, 200);
  assert.equal(head.body, null);
  await Deno.remove(site.dir, { recursive: true });
  assert.equal((await rawGet(site.port, "/")).status, 404);
  assert.deepEqual(site.errors, []);
});
