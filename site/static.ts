/**
 * The static file handler of the built site, used by `deno task start` and
 * by the tests (Deno's std `serveDir` cannot be downloaded here). It serves
 * only what is inside its folder: a path is decoded, resolved, and required
 * to lie inside the folder both as written and once symbolic links are
 * followed. It answers every request itself, never with a thrown error:
 * 400 for a path that does not decode, 404 for anything it will not serve.
 *
 * @module
 */

import { extname, join, resolve } from "node:path";
import { isInside } from "../course/paths.ts";

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

/** The longest file or folder name most file systems allow, in bytes. */
const NAME_MAX = 255;

const encoder = new TextEncoder();

/** Returns a request handler that serves the files under `dir`. */
export function staticHandler(
  dir: string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return text(405, "Method not allowed", { allow: "GET, HEAD" });
    }
    const url = new URL(request.url);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return text(400, "Bad request: the path does not decode");
    }
    if (
      path.includes("\0") ||
      path.split("/").some((name) => encoder.encode(name).length > NAME_MAX)
    ) {
      return notFound();
    }
    try {
      const file = await fileFor(dir, path);
      if (file === "folder") {
        url.pathname += "/";
        return Response.redirect(url, 301);
      }
      if (file === undefined) return notFound();
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      const body = request.method === "HEAD" ? null : await Deno.readFile(file);
      return new Response(body, {
        headers: { "content-type": type, "x-content-type-options": "nosniff" },
      });
    } catch {
      // Missing, not a folder, a name too long, a loop of links, gone
      // while being read: all the same to a visitor.
      return notFound();
    }
  };
}

/**
 * The file to send for the decoded URL path `path`, "folder" when the path
 * names a folder without its final slash, or undefined when it names
 * nothing servable inside `dir`.
 */
async function fileFor(
  dir: string,
  path: string,
): Promise<string | undefined | "folder"> {
  const root = await Deno.realPath(dir);
  const asked = resolve(root, `.${path}`);
  if (!isInside(root, asked)) return undefined;
  let real = await Deno.realPath(asked);
  if (!isInside(root, real)) return undefined;
  if ((await Deno.stat(real)).isDirectory) {
    if (!path.endsWith("/")) return "folder";
    real = await Deno.realPath(join(real, "index.html"));
    if (!isInside(root, real)) return undefined;
  } else if (path.endsWith("/")) return undefined;
  return (await Deno.stat(real)).isFile ? real : undefined;
}

function notFound(): Response {
  return text(404, "Not found");
}

function text(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}
