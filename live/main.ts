/**
 * `deno task start`: the whole learning loop in one command. Builds the
 * course site, serves it on 127.0.0.1 (port 3000 or the next free one),
 * grades every exercise, and grades an exercise again each time its file or
 * its test is saved. Open pages update without a reload; the terminal shows
 * each result and the progress bar. Ctrl-C stops the server and every test
 * run it started.
 *
 * ```sh
 * deno task start                          # this course, port 3000
 * deno task start --port 8000 --root ../my-copy
 * ```
 *
 * @module
 */

import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Course, exercisePaths, loadCourse } from "../grader/course.ts";
import { GraderError } from "../grader/errors.ts";
import { progressOf } from "../grader/grade.ts";
import { nextSteps, progressBar, resultLine } from "../grader/report.ts";
import { build } from "../site/build.ts";
import { createGrading } from "./grading.ts";
import { type LiveServer, startServer } from "./server.ts";

const usage = `Usage: deno task start [options]

Builds the course site, serves it with live grading, and grades an exercise
again each time you save it. Ctrl-C stops it.

Options:
  --port <n>        the first port to try (default 3000; the next free one is used)
  --root <dir>      the course folder (default: this course)
  --timeout <s>     stop a test run after this many seconds (default 10)
  --help            show this text`;

/** Options of {@linkcode start}. */
export interface StartOptions {
  /** The course folder. Defaults to this repository. */
  root?: string;
  /** The first port to try. Defaults to 3000. */
  port?: number;
  /** Stop a test run after this many milliseconds (the grader's default otherwise). */
  timeoutMs?: number;
  /** Wait this long after the last save before grading (150 ms by default). */
  debounceMs?: number;
  /** Print to this function (console.log by default). */
  log?: (line: string) => void;
  /** When aborted before the site is built, {@linkcode start} cleans up and rejects. */
  signal?: AbortSignal;
}

/** A running live course. */
export interface LiveCourse {
  /** The site's address. */
  url: string;
  /** Stops the watcher, every test run and the server; removes the built site. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(
  /\/$/,
  "",
);

/** Builds, serves, grades and watches until {@linkcode LiveCourse.stop}. */
export async function start(options: StartOptions = {}): Promise<LiveCourse> {
  const {
    port = 3000,
    timeoutMs,
    debounceMs = 150,
    log = console.log,
    signal,
  } = options;
  const root = await Deno.realPath(resolve(options.root ?? REPO_ROOT));
  const course = await loadCourse(root);
  const outDir = await Deno.makeTempDir({ prefix: "course_live_site_" });
  let server: LiveServer | undefined;
  let watcher: Deno.FsWatcher | undefined;
  let watching: Promise<void> | undefined;

  // The first full pass prints one line per exercise, then the progress bar
  // and what is next; after that, each result comes with the bar.
  let firstPassDone = false;
  const saved = new Set<string>();
  const bar = () =>
    `${progressBar(progressOf(course, grading.results()))}  ${
      server?.url ?? ""
    }`;
  const grading = createGrading(course, {
    timeoutMs,
    onResult: (result) => {
      log(resultLine(course, result));
      if (!saved.delete(result.id) && !firstPassDone) return;
      if (result.summary) log(indent(result.summary));
      log(bar());
    },
    onChange: () => server?.broadcast(grading.state()),
    onIdle: () => {
      if (firstPassDone) return;
      firstPassDone = true;
      const results = grading.results();
      const progress = progressOf(course, results);
      const next = results.find((r) => r.id === progress.next?.id);
      log(`\n${bar()}\n\n${nextSteps(course, progress, next)}\n`);
    },
  });

  const stop = async () => {
    watcher?.close();
    await grading.stop();
    await watching;
    await server?.close();
    await Deno.remove(outDir, { recursive: true }).catch(() => {});
  };

  try {
    log("Building the course site…");
    const built = await build({ root, outDir });
    signal?.throwIfAborted();
    server = startServer({ dir: built.outDir, port, state: grading.state });
    if (port !== 0 && server.port !== port) {
      log(`Port ${port} is taken: using ${server.port} instead.`);
    }
    log(`The course is at ${server.url}  (Ctrl-C to stop)`);
    log(
      `Grading ${course.exercises.length} exercises; each is graded again when you save it.\n`,
    );
    watcher = Deno.watchFs(join(root, "exercises"), { recursive: true });
    watching = watchExercises(course, watcher, debounceMs, (ids) => {
      log(`Saved: grading ${ids.join(", ")} again…`);
      for (const id of ids) saved.add(id);
      grading.request(ids, { first: true });
    });
    grading.request(course.exercises.map((e) => e.id));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.url, stop };
}

/** Maps saved files to the exercises they belong to, after a quiet spell. */
async function watchExercises(
  course: Course,
  watcher: Deno.FsWatcher,
  debounceMs: number,
  onSaved: (ids: string[]) => void,
): Promise<void> {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  for await (const event of watcher) {
    if (event.kind === "access") continue;
    for (const path of event.paths) {
      for (const id of exercisesOf(course, path)) pending.add(id);
    }
    if (pending.size === 0) continue;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const ids = course.exercises.map((e) => e.id).filter((id) =>
        pending.has(id)
      );
      pending.clear();
      onSaved(ids);
    }, debounceMs);
  }
  clearTimeout(timer);
}

/**
 * Returns the ids of the exercises a changed file belongs to: its own file or
 * its test, or, for another `.ts` file in an exercise's folder (a support
 * module), every exercise of that folder.
 */
export function exercisesOf(course: Course, path: string): string[] {
  const own = course.exercises.filter((exercise) => {
    const paths = exercisePaths(course, exercise);
    return path === paths.exercise || path === paths.test;
  });
  if (own.length || !path.endsWith(".ts")) return own.map((e) => e.id);
  return course.exercises
    .filter((e) => dirname(exercisePaths(course, e).exercise) === dirname(path))
    .map((e) => e.id);
}

function indent(text: string): string {
  return text.split("\n").map((line) => `  ${line}`).join("\n");
}

function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new GraderError(
      `--timeout takes a number of seconds, such as 10: got "${text}"`,
    );
  }
  return seconds * 1000;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new GraderError(
      `--port takes a port number, such as 3000: got "${text}"`,
    );
  }
  return port;
}

/** Runs the command with command-line arguments until SIGINT or SIGTERM. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      root: { type: "string" },
      timeout: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const options: StartOptions = {
    port: parsePort(values.port),
    root: values.root,
    timeoutMs: parseTimeout(values.timeout),
  };

  // Listen for Ctrl-C before starting anything, so that nothing outlives it.
  const { promise: stopped, resolve: onStop } = Promise.withResolvers<
    string
  >();
  const signals: Deno.Signal[] = Deno.build.os === "windows"
    ? ["SIGINT"]
    : ["SIGINT", "SIGTERM"];
  const handlers = signals.map((signal) => {
    const handler = () => onStop(signal);
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  const early = new AbortController();
  stopped.then(() => early.abort());
  try {
    let live: LiveCourse;
    try {
      live = await start({ ...options, signal: early.signal });
    } catch (error) {
      if (early.signal.aborted) return 130;
      throw error;
    }
    await stopped;
    console.log("\nStopping: ending test runs and closing the server…");
    await live.stop();
    console.log(`Stopped. Nothing is listening on ${live.url} any more.`);
    return 0;
  } finally {
    for (const [signal, handler] of handlers) {
      Deno.removeSignalListener(signal, handler);
    }
  }
}

if (import.meta.main) {
  try {
    Deno.exitCode = await main(Deno.args);
  } catch (error) {
    const message = error instanceof GraderError
      ? error.message
      : (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
      ? `${(error as Error).message}: see --help`
      : (error as Error).message;
    console.error(`error: ${message}`);
    Deno.exitCode = 2;
  }
  // Eleventy and Pagefind may keep handles open; everything this command
  // started is stopped by now.
  Deno.exit();
}
