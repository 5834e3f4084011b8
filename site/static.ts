/**
 * A small static file handler for the built site, for tests and tools that
 * serve `_site/` themselves (Deno's std `serveDir` cannot be downloaded here).
 *
 * @module
 */

import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pagefind": "application/octet-stream",
};

/** Returns a request handler that serves the files under `dir`. */
export function staticHandler(
  dir: string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    let path = normalize(join(dir, decodeURIComponent(pathname)));
    if (!path.startsWith(normalize(dir))) {
      return new Response("Not found", { status: 404 });
    }
    try {
      if ((await Deno.stat(path)).isDirectory) {
        if (!pathname.endsWith("/")) {
          return Response.redirect(new URL(pathname + "/", request.url), 301);
        }
        path = join(path, "index.html");
      }
      const body = await Deno.readFile(path);
      const type = TYPES[extname(path)] ?? "application/octet-stream";
      return new Response(body, { headers: { "content-type": type } });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        return new Response("Not found", { status: 404 });
      }
      throw error;
    }
  };
}
