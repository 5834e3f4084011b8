/**
 * The live course: builds the site, serves it on 127.0.0.1, grades every
 * exercise, and, through one watcher, acts on each saved source: an
 * exercise is graded again; a lesson, template, style, script, data file or
 * solution rebuilds the site and reloads open pages; `course.json` does both.
 *
 * @module
 */

import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Course,
  exercisePaths,
  loadCourse,
  progressOf,
} from "../course/mod.ts";
import { overview, progressBar, resultLine } from "../grader/report.ts";
import { SITE_DIR } from "../site/build.ts";
import { describeError } from "../course/main.ts";
import { type FileWatch, watchFiles } from "../course/watch.ts";
import { type Grader, openGrader } from "../grader/grade.ts";
import { createGrading, type Grading } from "./grading.ts";
import { type LiveServer, startServer } from "./server.ts";
import { createLiveSite } from "./site.ts";

/** Options of {@linkcode start}. */
export interface StartOptions {
  /** The course folder. Defaults to this repository. */
  root?: string | undefined;
  /** The first port to try. Defaults to 3000. */
  port?: number | undefined;
  /** Grade the exercises (true by default); without it, the site is only served and rebuilt. */
  grade?: boolean;
  /** Stop a test run after this many milliseconds (the grader's default otherwise). */
  timeoutMs?: number | undefined;
  /** Wait this long after the last save of a burst (the watcher's default otherwise). */
  debounceMs?: number | undefined;
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

const REPO_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** Site sources whose change means a new build: pages, templates, styles, scripts, data, diagrams. */
const SITE_SOURCE = /\.(?:md|vto|css|js|json|svg|png)$/;

/** Builds, serves, grades and watches until {@linkcode LiveCourse.stop}. */
export async function start(options: StartOptions = {}): Promise<LiveCourse> {
  const { port = 3000, grade = true, log = console.log, signal } = options;
  const root = await Deno.realPath(resolve(options.root ?? REPO_ROOT));
  let course = await loadCourse(root);
  let server: LiveServer | undefined;
  let grading: LiveGrading | undefined;
  let watch: FileWatch | undefined;
  const site = createLiveSite({
    root,
    log,
    onSwap: (dir) => server?.swap(dir),
  });
  const startGrading = async () => {
    const grader = await openGrader(course, {
      ...(options.timeoutMs === undefined
        ? {}
        : { timeoutMs: options.timeoutMs }),
    });
    grading = gradeLive(course, grader, {
      log,
      url: () => server?.url ?? "",
      onChange: () => server?.broadcast(grading?.state() ?? null),
    });
    grading.request(course.exercises.map((e) => e.id));
  };

  // One watcher for every source, handed each burst of saves once.
  const onSaved = async (paths: string[]) => {
    const inExercises = paths.filter((path) =>
      path.startsWith(join(root, "exercises") + sep)
    );
    const courseFile = paths.includes(join(root, "course.json"));
    if (courseFile) {
      const next = await loadCourse(root).catch((error: Error) => {
        log(
          `course.json could not be read again: ${error.message}. Nothing changes until it is fixed.`,
        );
      });
      if (next) {
        course = next;
        await grading?.stop();
        if (grade) await startGrading();
      }
    } else if (grading) {
      const ids = course.exercises.map((e) => e.id).filter((id) =>
        inExercises.some((path) => exercisesOf(course, path).includes(id))
      );
      if (ids.length) {
        log(`Saved: grading ${ids.join(", ")} again…`);
        grading.regrade(ids);
      }
    }
    const sources = paths.filter((path) =>
      !inExercises.includes(path) && SITE_SOURCE.test(path) ||
      path.startsWith(join(root, "solutions") + sep)
    );
    if (sources.length) await site.rebuild(sources);
    else if (inExercises.length) await site.rebuildIfShown(inExercises);
  };

  const stop = async () => {
    await watch?.close();
    await grading?.stop();
    await site.close();
    await server?.close();
  };

  try {
    log("Building the course site…");
    await site.build();
    signal?.throwIfAborted();
    server = startServer({
      dir: site.dir(),
      port,
      state: () => grading?.state() ?? null,
      restore: site.restore,
    });
    if (port !== 0 && server.port !== port) {
      log(`Port ${port} is taken: using ${server.port} instead.`);
    }
    log(`The course is at ${server.url}  (Ctrl-C to stop)`);
    watch = watchFiles(
      [
        ...["lessons", "exercises", "solutions", "course.json"].map((name) =>
          join(root, name)
        ),
        SITE_DIR,
      ],
      {
        debounceMs: options.debounceMs,
        onChange: onSaved,
        onError: (error) =>
          log(`A save could not be handled: ${describeError(error)}`),
      },
    );
    if (grade) {
      log(
        `Grading ${course.exercises.length} exercises; each is graded again when you save it.\n`,
      );
      await startGrading();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.url, stop };
}

/** Options of {@linkcode gradeLive}. */
interface GradeLiveOptions {
  log: (line: string) => void;
  url: () => string;
  onChange: () => void;
}

/** Grading that the learner watches. */
interface LiveGrading extends Grading {
  /** Grades saved exercises again, before the others, and prints their results. */
  regrade(ids: string[]): void;
}

/**
 * Grading as the terminal shows it: the first full pass printed whole, in
 * course order, once done; after that, and for what the learner saved, each
 * result with the progress bar.
 */
function gradeLive(
  course: Course,
  grader: Grader,
  options: GradeLiveOptions,
): LiveGrading {
  const { log, url } = options;
  let firstPassDone = false;
  const saved = new Set<string>();
  const grading: Grading = createGrading(course, grader, {
    onResult: (result) => {
      if (!saved.delete(result.id) && !firstPassDone) return;
      log(resultLine(course, result));
      if (result.summary) log(indent(result.summary));
      log(`${progressBar(progressOf(course, grading.results()))}  ${url()}`);
    },
    onChange: options.onChange,
    onIdle: () => {
      if (firstPassDone) return;
      firstPassDone = true;
      const results = grading.results();
      log(`${overview(course, results, progressOf(course, results))}\n`);
      log(`The course is at ${url()}  (Ctrl-C to stop)\n`);
    },
  });
  return {
    ...grading,
    regrade(ids) {
      for (const id of ids) saved.add(id);
      grading.request(ids, { first: true });
    },
  };
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
