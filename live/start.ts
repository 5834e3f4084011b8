/**
 * The live course: builds the site, serves it on 127.0.0.1, grades every
 * exercise, and, through one watcher, acts on each saved source: an
 * exercise is graded again; a lesson, template, style, script, data file or
 * solution rebuilds the site and reloads open pages; `course.json` does both.
 *
 * @module
 */

import { dirname, join, resolve } from "node:path";
import {
  type Course,
  courseFile,
  exercisePaths,
  isInside,
  loadCourse,
  progressOf,
} from "../course/mod.ts";
import { overview, progressBar, resultLine } from "../grader/report.ts";
import { REPO_ROOT, SITE_DIR } from "../site/build.ts";
import { describeError } from "../course/main.ts";
import { type FileWatch, watchFiles } from "../course/watch.ts";
import { type Grader, openGrader } from "../grader/grade.ts";
import { createGrading, type Grading } from "./grading.ts";
import { type LiveServer, startServer } from "./server.ts";
import { createLiveSite, type LiveSite } from "./site.ts";

/** Options of {@linkcode start}. */
export interface StartOptions {
  /** The course folder. Defaults to this repository. */
  root?: string | undefined;
  /** The site's sources: templates, styles, scripts. Defaults to this repository's `site/`. */
  siteDir?: string | undefined;
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

/** Site sources whose change means a new build: pages, templates, styles, scripts, data, diagrams. */
const SITE_SOURCE = /\.(?:md|vto|css|js|json|svg|png)$/;

/** Builds, serves, grades and watches until {@linkcode LiveCourse.stop}. */
export async function start(options: StartOptions = {}): Promise<LiveCourse> {
  const root = await Deno.realPath(resolve(options.root ?? REPO_ROOT));
  const live = new Live(root, await loadCourse(root), options);
  try {
    return { url: await live.open(), stop: () => live.stop() };
  } catch (error) {
    await live.stop();
    throw error;
  }
}

/** The parts of a live course, and what a saved source does to them. */
class Live {
  readonly #root: string;
  readonly #options: StartOptions;
  readonly #log: (line: string) => void;
  readonly #site: LiveSite;
  #course: Course;
  #server: LiveServer | undefined;
  #grading: LiveGrading | undefined;
  #watch: FileWatch | undefined;

  constructor(root: string, course: Course, options: StartOptions) {
    this.#root = root;
    this.#course = course;
    this.#options = options;
    this.#log = options.log ?? console.log;
    this.#site = createLiveSite({
      root,
      siteDir: options.siteDir,
      log: this.#log,
      onSwap: (dir) => this.#server?.swap(dir),
    });
  }

  /** Builds the site, serves it, watches every source and grades; returns the address. */
  async open(): Promise<string> {
    const { port = 3000, grade = true, signal } = this.#options;
    const log = this.#log;
    log("Building the course site…");
    await this.#site.build();
    signal?.throwIfAborted();
    const server = startServer({
      dir: this.#site.dir(),
      port,
      state: () => this.#grading?.state() ?? null,
      restore: () => this.#site.restore(),
    });
    this.#server = server;
    // What the grader remembers is in every page from the first request on:
    // the queue reads it before the address is given out.
    if (grade) await this.#openGrading();
    if (port !== 0 && server.port !== port) {
      log(`Port ${port} is taken: using ${server.port} instead.`);
    }
    log(`The course is at ${server.url}  (Ctrl-C to stop)`);
    this.#watch = this.#watchSources();
    if (this.#grading) {
      log(
        `Grading ${this.#course.exercises.length} exercises; each is graded again when you save it.\n`,
      );
      this.#grading.request(this.#course.exercises.map((e) => e.id));
    }
    return server.url;
  }

  /** Stops the watcher, every test run and the server; removes the built site. */
  async stop(): Promise<void> {
    await this.#watch?.close();
    await this.#grading?.stop();
    await this.#site.close();
    await this.#server?.close();
  }

  /** One watcher for every source, handed each burst of saves once. */
  #watchSources(): FileWatch {
    const root = this.#root;
    return watchFiles(
      [
        ...["lessons", "exercises", "solutions", courseFile].map((name) =>
          join(root, name)
        ),
        this.#options.siteDir ?? SITE_DIR,
      ],
      {
        debounceMs: this.#options.debounceMs,
        onChange: (paths) => this.#saved(paths),
        onError: (error) =>
          this.#log(`A save could not be handled: ${describeError(error)}`),
      },
    );
  }

  /** Opens the grader and its queue, with every remembered result. */
  async #openGrading(): Promise<void> {
    const course = this.#course;
    const { timeoutMs } = this.#options;
    const grader = await openGrader(course, {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    this.#grading = gradeLive(course, grader, {
      log: this.#log,
      url: () => this.#server?.url ?? "",
      onChange: () => this.#server?.broadcast(this.#grading?.state() ?? null),
    });
  }

  async #saved(paths: string[]): Promise<void> {
    const root = this.#root;
    const inExercises = paths.filter((path) =>
      isInside(join(root, "exercises"), path)
    );
    if (paths.includes(join(root, courseFile))) await this.#reloadCourse();
    else this.#regradeSaved(inExercises);
    const sources = paths.filter((path) =>
      !inExercises.includes(path) && SITE_SOURCE.test(path) ||
      isInside(join(root, "solutions"), path)
    );
    if (sources.length) await this.#site.rebuild(sources);
    else if (inExercises.length) await this.#site.rebuildIfShown(inExercises);
  }

  /** Reads `course.json` again and, if it is sound, grades the new course. */
  async #reloadCourse(): Promise<void> {
    const next = await loadCourse(this.#root).catch((error: Error) => {
      this.#log(
        `course.json could not be read again: ${error.message}. Nothing changes until it is fixed.`,
      );
    });
    if (!next) return;
    this.#course = next;
    await this.#grading?.stop();
    if (this.#options.grade ?? true) {
      await this.#openGrading();
      this.#grading?.request(next.exercises.map((e) => e.id));
    }
  }

  /** Grades again the exercises that saved files of `exercises/` belong to. */
  #regradeSaved(inExercises: string[]): void {
    const course = this.#course;
    if (!this.#grading) return;
    const ids = course.exercises.map((e) => e.id).filter((id) =>
      inExercises.some((path) => exercisesOf(course, path).includes(id))
    );
    if (ids.length) {
      this.#log(`Saved: grading ${ids.join(", ")} again…`);
      this.#grading.regrade(ids);
    }
  }
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
  return Object.assign(grading, {
    regrade(ids: string[]) {
      for (const id of ids) saved.add(id);
      grading.request(ids, { first: true });
    },
  });
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
