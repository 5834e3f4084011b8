/**
 * `deno task start`: the whole learning loop in one command. Builds the
 * course site, serves it on 127.0.0.1 (port 3000 or the next free one),
 * grades every exercise, and grades an exercise again each time its file or
 * its test is saved. Open pages update without a reload; the terminal shows
 * each result and the progress bar. A changed lesson rebuilds the site and
 * reloads open pages. Ctrl-C stops the server and every test
 * run it started.
 *
 * ```sh
 * deno task start                          # this course, port 3000
 * deno task start --port 8000 --root ../my-copy
 * ```
 *
 * @module
 */

import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type Course,
  exercisePaths,
  loadCourse,
  progressOf,
} from "../course/mod.ts";
import { parseTimeout } from "../grader/cli.ts";
import { CourseError } from "../course/mod.ts";
import { overview, progressBar, resultLine } from "../grader/report.ts";
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
  let site = await Deno.makeTempDir({ prefix: "course_live_site_" });
  let server: LiveServer | undefined;
  const watchers: Deno.FsWatcher[] = [];
  const watching: Promise<void>[] = [];
  let rebuilding = Promise.resolve();
  let stopping = false;

  // The first full pass is printed whole, in course order, once it is done;
  // after that, each result comes with the progress bar.
  let firstPassDone = false;
  const saved = new Set<string>();
  const bar = () =>
    `${progressBar(progressOf(course, grading.results()))}  ${
      server?.url ?? ""
    }`;
  const grading = createGrading(course, {
    timeoutMs,
    onResult: (result) => {
      // During the first pass, only what the learner saved is shown at once.
      if (!saved.delete(result.id) && !firstPassDone) return;
      log(resultLine(course, result));
      if (result.summary) log(indent(result.summary));
      log(bar());
    },
    onChange: () => server?.broadcast(grading.state()),
    onIdle: () => {
      if (firstPassDone) return;
      firstPassDone = true;
      const results = grading.results();
      log(`${overview(course, results, progressOf(course, results))}\n`);
      log(`The course is at ${server?.url ?? ""}  (Ctrl-C to stop)\n`);
    },
  });

  // A lesson changed: build into a new folder, serve it, reload open pages.
  const rebuild = (changed: string) => {
    rebuilding = rebuilding.then(async () => {
      if (stopping) return;
      const next = await Deno.makeTempDir({ prefix: "course_live_site_" });
      try {
        const result = await build({ root, outDir: next });
        if (stopping) throw new Error("Stopping");
        const old = site;
        site = next;
        server?.swap(next);
        await Deno.remove(old, { recursive: true }).catch(() => {});
        log(
          `Rebuilt the site after a change to ${
            relative(root, changed)
          } in ${result.timings.total} ms`,
        );
      } catch (error) {
        await Deno.remove(next, { recursive: true }).catch(() => {});
        if (!stopping) {
          log(
            `The site could not be built again: ${
              (error as Error).message
            }. The previous pages stay up.`,
          );
        }
      }
    });
  };

  const stop = async () => {
    stopping = true;
    for (const watcher of watchers) watcher.close();
    await grading.stop();
    await Promise.all(watching);
    await rebuilding;
    await server?.close();
    await Deno.remove(site, { recursive: true }).catch(() => {});
  };

  try {
    log("Building the course site…");
    const built = await build({ root, outDir: site });
    signal?.throwIfAborted();
    server = startServer({ dir: built.outDir, port, state: grading.state });
    if (port !== 0 && server.port !== port) {
      log(`Port ${port} is taken: using ${server.port} instead.`);
    }
    log(`The course is at ${server.url}  (Ctrl-C to stop)`);
    log(
      `Grading ${course.exercises.length} exercises; each is graded again when you save it.\n`,
    );
    const exercises = Deno.watchFs(join(root, "exercises"));
    watchers.push(exercises);
    watching.push(debounced(exercises, debounceMs, (paths) => {
      const ids = course.exercises.map((e) => e.id).filter((id) =>
        paths.some((path) => exercisesOf(course, path).includes(id))
      );
      if (ids.length === 0) return;
      log(`Saved: grading ${ids.join(", ")} again…`);
      for (const id of ids) saved.add(id);
      grading.request(ids, { first: true });
    }));
    const lessons = await Deno.stat(join(root, "lessons")).then(
      () => Deno.watchFs(join(root, "lessons")),
      () => undefined,
    );
    if (lessons) {
      watchers.push(lessons);
      watching.push(debounced(lessons, debounceMs, (paths) => {
        if (paths.some((path) => /\.(md|svg)$/.test(path))) rebuild(paths[0]);
      }));
    }
    grading.request(course.exercises.map((e) => e.id));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.url, stop };
}

/** Calls `onBatch` with the paths changed, once no change came for `ms`. */
async function debounced(
  watcher: Deno.FsWatcher,
  ms: number,
  onBatch: (paths: string[]) => void,
): Promise<void> {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  for await (const event of watcher) {
    if (event.kind === "access") continue;
    for (const path of event.paths) pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...pending];
      pending.clear();
      onBatch(paths);
    }, ms);
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

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CourseError(
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
  const early = new AbortController();
  stopped.then(() => early.abort());
  const signals: Deno.Signal[] = Deno.build.os === "windows"
    ? ["SIGINT"]
    : ["SIGINT", "SIGTERM"];
  const handlers = signals.map((signal) => {
    // A second Ctrl-C does not wait for the clean stop.
    const handler = () =>
      early.signal.aborted ? Deno.exit(130) : onStop(signal);
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  try {
    let live: LiveCourse;
    try {
      live = await start({ ...options, signal: early.signal });
    } catch (error) {
      if (!early.signal.aborted) throw error;
      console.log("Stopped before the course was served.");
      return 130;
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
    const message = error instanceof CourseError
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
