/**
 * Lesson examples whose output the site shows, from a real run made while the
 * site is built: a fenced block whose info string is `ts output`. Such a
 * block is TypeScript like any other (`deno test --doc` checks and runs it,
 * ignoring the second word); the build also runs it in a child
 * `deno run -A --v8-flags=--expose-gc`, under the course's `deno.json` (so
 * that `@course/gc` resolves), and the page shows what it printed right
 * after the code.
 *
 * The runs start when the build starts and go on while the pages render: a
 * page first gets a marker where the output goes, and the marker is replaced
 * once that output is in. Each distinct block runs once per build.
 *
 * @module
 */

import { join } from "node:path";
import MarkdownIt from "markdown-it";

/** The word of the info string that asks for a block's output. */
export const OUTPUT_WORD = "output";

/** How long one block may run. */
export const OUTPUT_TIMEOUT_MS = 60_000;

/** Whether a fenced block with this info string is run for its output. */
export function showsOutput(info: string): boolean {
  const [lang, ...words] = info.trim().split(/\s+/);
  return (lang === "ts" || lang === "typescript") &&
    words.includes(OUTPUT_WORD) && !words.includes("ignore");
}

/** A block to run, and where it is written. */
export interface OutputBlock {
  /** The code, as the fence holds it. */
  code: string;
  /** Where it is, for messages: `lessons/01_reachability.md:120`. */
  where: string;
}

const parser = new MarkdownIt();

/** The blocks of a Markdown text (from the file `source`) that show output. */
export function findOutputBlocks(
  markdown: string,
  source: string,
): OutputBlock[] {
  return parser.parse(markdown, {}).flatMap((token) =>
    token.type === "fence" && showsOutput(token.info)
      ? [{
        code: token.content,
        where: `${source}:${(token.map?.[0] ?? 0) + 1}`,
      }]
      : []
  );
}

/** An example that failed or ran out of time while the site was built. */
export class ExampleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExampleError";
  }
}

/**
 * The {@linkcode ExampleError} inside `error` (the site generator wraps the
 * errors of a page in its own), if there is one.
 */
export function exampleError(error: unknown): ExampleError | undefined {
  for (let e = error; e instanceof Error;) {
    if (e instanceof ExampleError) return e;
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return undefined;
}

/** Options of {@linkcode runBlock} and {@linkcode startOutputs}. */
export interface RunOptions {
  /** The course folder: the one that holds `deno.json`. */
  root: string;
  /** How long one block may run ({@linkcode OUTPUT_TIMEOUT_MS} by default). */
  timeoutMs?: number;
  /**
   * How many blocks run at once (8 by default: a run mostly waits, and the
   * runs should all start before the pages render, to overlap with them).
   */
  concurrency?: number;
  /** Ends every run: the build was stopped. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `block` in a child Deno, as a file named `example.ts` in a folder of
 * its own (so that the output names it so), and returns what it printed.
 * Rejects, naming the block, if it fails or runs out of time.
 */
export async function runBlock(
  block: OutputBlock,
  options: RunOptions,
): Promise<string> {
  const { root, timeoutMs = OUTPUT_TIMEOUT_MS, signal } = options;
  const folder = await Deno.makeTempDir({ prefix: "course_output_" });
  try {
    await Deno.writeTextFile(join(folder, "example.ts"), block.code);
    const timeout = AbortSignal.timeout(timeoutMs);
    const deno = [
      Deno.execPath(),
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      "--config",
      join(root, "deno.json"),
      "--frozen",
      "--quiet",
      "example.ts",
    ];
    // At a low priority where `nice` exists, so that the pages, which render
    // meanwhile, keep their core.
    const run = (program: string, args: string[]) =>
      new Deno.Command(program, {
        args,
        cwd: folder,
        env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      }).output();
    const result = await run("nice", ["-n", "10", ...deno]).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      return run(deno[0]!, deno.slice(1));
    });
    signal?.throwIfAborted();
    if (timeout.aborted) {
      throw new ExampleError(
        `The example at ${block.where} ran for more than ${timeoutMs} ms`,
      );
    }
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    if (!result.success) {
      const detail = decode(result.stderr).trim().split("\n").slice(0, 8);
      throw new ExampleError(
        `The example at ${block.where} failed: ${detail.join("\n")}`,
      );
    }
    return decode(result.stdout);
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
}

/** The outputs of one build, being made. */
export interface RunningOutputs {
  /** The marker that stands for `code`'s output in a page until it is in. */
  marker(code: string): string;
  /** Replaces each marker in `html` with `render(output)`, once the output is in. */
  fill(html: string, render: (output: string) => string): Promise<string>;
}

const MARKER = /<!--course-output:(\d+)-->/g;

/**
 * Starts running `blocks` (each distinct code once, several at a time) and
 * returns how to place their outputs. A run that fails rejects the `fill` of
 * every page that shows it; `marker` throws for a block that was not given.
 */
export function startOutputs(
  blocks: readonly OutputBlock[],
  options: RunOptions,
): RunningOutputs {
  const codes = new Map<string, number>();
  const distinct: OutputBlock[] = [];
  for (const block of blocks) {
    if (codes.has(block.code)) continue;
    codes.set(block.code, distinct.length);
    distinct.push(block);
  }
  const limit = pool(options.concurrency ?? 8);
  const outputs = distinct.map((block) =>
    limit(() => runBlock(block, options))
  );
  // A page awaits only its own blocks, and a failure surfaces there.
  for (const output of outputs) output.catch(() => {});
  return {
    marker(code) {
      const k = codes.get(code);
      if (k === undefined) {
        throw new Error(
          `No output was made for a block marked "${OUTPUT_WORD}": only lessons' blocks are run`,
        );
      }
      return `<!--course-output:${k}-->`;
    },
    async fill(html, render) {
      const keys = [...new Set([...html.matchAll(MARKER)].map((m) => m[1]!))];
      if (keys.length === 0) return html;
      const shown = new Map<string, string>();
      for (const key of keys) {
        shown.set(key, render(await outputs[Number(key)]!));
      }
      return html.replace(MARKER, (_, key: string) => shown.get(key)!);
    },
  };
}

/** Runs at most `width` tasks at a time, in the order they were given. */
function pool(width: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= width) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
