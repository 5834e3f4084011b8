/**
 * The live server: serves the built site on 127.0.0.1, adds the live script
 * to HTML pages (and only there: the published site never has it), and
 * pushes the grading state to open pages with Server-Sent Events.
 *
 * It answers only requests addressed to a loopback name, its live endpoints
 * only to its own pages (see {@linkcode refusal}), sends no CORS header, and
 * never prints a stack trace for a request.
 *
 * @module
 */

import { staticHandler } from "../site/static.ts";
import { refusal } from "./guard.ts";

/** Where the live script, its style and the event stream are served. */
export const LIVE_PATH = "/__live";

const CLIENT_SCRIPT =
  `<script type="module" src="${LIVE_PATH}/client.js"></script>`;
const CLIENT_STYLE = `<link rel="stylesheet" href="${LIVE_PATH}/client.css">`;
const FILES: Record<string, { url: URL; type: string }> = {
  [`${LIVE_PATH}/client.js`]: {
    url: new URL("./client.js", import.meta.url),
    type: "text/javascript; charset=utf-8",
  },
  [`${LIVE_PATH}/client.css`]: {
    url: new URL("./client.css", import.meta.url),
    type: "text/css; charset=utf-8",
  },
};
const NO_STORE = { "cache-control": "no-store" };

/** Options of {@linkcode startServer}. */
export interface ServerOptions {
  /** The built site to serve. */
  dir: string;
  /** The first port to try; 0 lets the system choose. */
  port: number;
  /** How many ports after `port` to try when it is taken (20 by default). */
  attempts?: number;
  /** The current grading state, sent with each page and to each page as it connects; null when nothing is graded. */
  state: () => unknown;
  /**
   * Called before a page is served when the site's folder has gone (a
   * cleaner emptied the temporary folder): resolves once a new site is
   * swapped in.
   */
  restore?: () => Promise<void>;
}

/** A running live server. */
export interface LiveServer {
  /** The port it listens on. */
  port: number;
  /** The site's address. */
  url: string;
  /** Sends the current state to every open page. */
  broadcast(state: unknown): void;
  /** Serves another built site from now on, and tells open pages to reload. */
  swap(dir: string): void;
  /** Closes every event stream and stops listening. */
  close(): Promise<void>;
}

/** Starts the server on `port`, or on the next free port after it. */
export function startServer(options: ServerOptions): LiveServer {
  const { port: first, attempts = 20, state, restore } = options;
  const events = eventStreams();
  let dir = options.dir;
  let files = staticHandler(dir);

  const live = async (pathname: string): Promise<Response> => {
    const file = FILES[pathname];
    if (file) {
      return new Response(await Deno.readFile(file.url), {
        headers: { "content-type": file.type, ...NO_STORE },
      });
    }
    if (pathname === `${LIVE_PATH}/events`) return events.open(state());
    if (pathname === `${LIVE_PATH}/state`) {
      return Response.json(state(), { headers: NO_STORE });
    }
    return new Response("Not found", { status: 404 });
  };

  const handler = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const isLive = pathname === LIVE_PATH ||
      pathname.startsWith(`${LIVE_PATH}/`);
    const refused = refusal(request, { live: isLive });
    if (refused) return refused;
    if (isLive) return await live(pathname);
    if (restore && !(await exists(dir))) await restore();
    const response = await files(request);
    if (!response.headers.get("content-type")?.startsWith("text/html")) {
      return response;
    }
    return new Response(injectLiveTags(await response.text(), state()), {
      status: response.status,
      headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE },
    });
  };

  const server = listen(first, attempts, handler);
  const port = server.addr.port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    broadcast: (data) => events.send(data),
    swap(next) {
      dir = next;
      files = staticHandler(next);
      events.send(null, "reload");
    },
    async close() {
      events.close();
      await server.shutdown();
    },
  };
}

/**
 * Adds the live script to an HTML page, before `</head>` where there is one.
 * With a grading `state` (not null), also the status style, so that status
 * boxes say "Grading…" from the first paint, and the state itself, so that
 * the script shows it before the first event.
 */
export function injectLiveTags(html: string, state: unknown = null): string {
  const tags = state === null ? CLIENT_SCRIPT : [
    CLIENT_STYLE,
    `<script type="application/json" id="live-state">${
      // Inside <script>, only "</" could end it early.
      JSON.stringify(state).replaceAll("<", "\\u003c")}</script>`,
    CLIENT_SCRIPT,
  ].join("\n");
  const at = html.search(/<\/head>/i);
  return at === -1
    ? `${html}${tags}`
    : `${html.slice(0, at)}${tags}\n${html.slice(at)}`;
}

/** The open Server-Sent Event streams. */
function eventStreams() {
  const encoder = new TextEncoder();
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const event = (data: unknown, name: string) =>
    encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  const send = (data: unknown, name = "state") => {
    const chunk = event(data, name);
    for (const stream of streams) {
      try {
        stream.enqueue(chunk);
      } catch {
        streams.delete(stream);
      }
    }
  };
  const open = (first: unknown): Response => {
    let self: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        self = controller;
        streams.add(controller);
        controller.enqueue(encoder.encode("retry: 1000\n\n"));
        controller.enqueue(event(first, "state"));
      },
      cancel() {
        streams.delete(self);
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream", ...NO_STORE },
    });
  };
  const close = () => {
    for (const stream of streams) {
      try {
        stream.close();
      } catch {
        // Already closed by the page.
      }
    }
    streams.clear();
  };
  return { send, open, close };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function listen(
  first: number,
  attempts: number,
  handler: (request: Request) => Promise<Response>,
): Deno.HttpServer<Deno.NetAddr> {
  const last = first === 0 ? 0 : first + attempts - 1;
  for (let port = first;; port++) {
    try {
      return Deno.serve({
        hostname: "127.0.0.1",
        port,
        onListen: () => {},
        // Whatever goes wrong with one request is that request's problem:
        // no stack trace in the learner's terminal.
        onError: () => new Response("Internal error", { status: 500 }),
      }, handler);
    } catch (error) {
      if (!(error instanceof Deno.errors.AddrInUse) || port >= last) {
        if (error instanceof Deno.errors.AddrInUse) {
          throw new Error(
            `Ports ${first} to ${last} are all taken: choose another with --port`,
          );
        }
        throw error;
      }
    }
  }
}
