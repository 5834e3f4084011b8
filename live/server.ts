/**
 * The live server: serves the built site on 127.0.0.1, adds the live script
 * to HTML pages (and only there: the published site never has it), and
 * pushes the grading state to open pages with Server-Sent Events.
 *
 * @module
 */

import { staticHandler } from "../site/static.ts";

/** Where the live script and the event stream are served. */
export const LIVE_PATH = "/__live";

/** The tag added to every HTML page the live server sends. */
export const LIVE_TAG =
  `<script type="module" src="${LIVE_PATH}/client.js"></script>`;

const CLIENT = new URL("./client.js", import.meta.url);

/** Options of {@linkcode startServer}. */
export interface ServerOptions {
  /** The built site to serve. */
  dir: string;
  /** The first port to try; 0 lets the system choose. */
  port: number;
  /** How many ports after `port` to try when it is taken (20 by default). */
  attempts?: number;
  /** The current state, sent to each page as it connects. */
  state: () => unknown;
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
  const { dir, port: first, attempts = 20, state } = options;
  const encoder = new TextEncoder();
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  let files = staticHandler(dir);
  const event = (data: unknown, name = "state") =>
    encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  const send = (chunk: Uint8Array) => {
    for (const stream of streams) {
      try {
        stream.enqueue(chunk);
      } catch {
        streams.delete(stream);
      }
    }
  };

  const handler = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === `${LIVE_PATH}/client.js`) {
      return new Response(await Deno.readFile(CLIENT), {
        headers: {
          "content-type": "text/javascript; charset=utf-8",
          "cache-control": "no-store",
        },
      });
    }
    if (pathname === `${LIVE_PATH}/events`) {
      let self: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller;
          streams.add(controller);
          controller.enqueue(encoder.encode("retry: 1000\n\n"));
          controller.enqueue(event(state()));
        },
        cancel() {
          streams.delete(self);
        },
      });
      return new Response(body, {
        headers: {
          "content-type": "text/event-stream",
          "cache-control": "no-store",
        },
      });
    }
    if (pathname === `${LIVE_PATH}/state`) {
      return Response.json(state(), {
        headers: { "cache-control": "no-store" },
      });
    }
    const response = await files(request);
    if (!response.headers.get("content-type")?.startsWith("text/html")) {
      return response;
    }
    return new Response(injectLiveTag(await response.text()), {
      status: response.status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
      },
    });
  };

  const server = listen(first, attempts, handler);
  const port = server.addr.port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    broadcast(data) {
      send(event(data));
    },
    swap(next) {
      files = staticHandler(next);
      send(event(null, "reload"));
    },
    async close() {
      for (const stream of streams) {
        try {
          stream.close();
        } catch {
          // Already closed by the page.
        }
      }
      streams.clear();
      await server.shutdown();
    },
  };
}

/** Adds the live script to an HTML page, before `</head>` where there is one. */
export function injectLiveTag(html: string): string {
  const at = html.search(/<\/head>/i);
  return at === -1
    ? `${html}${LIVE_TAG}`
    : `${html.slice(0, at)}${LIVE_TAG}\n${html.slice(at)}`;
}

function listen(
  first: number,
  attempts: number,
  handler: (request: Request) => Promise<Response>,
): Deno.HttpServer<Deno.NetAddr> {
  const last = first === 0 ? 0 : first + attempts - 1;
  for (let port = first;; port++) {
    try {
      return Deno.serve(
        { hostname: "127.0.0.1", port, onListen: () => {} },
        handler,
      );
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
