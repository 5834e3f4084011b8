/**
 * `grade --watch`: grades the current exercise again whenever one of its
 * files is saved, and moves on only when the learner presses `n`.
 *
 * @module
 */

import { dirname, join } from "node:path";
import {
  type Exercise,
  exercisePaths,
  onExit,
  progressOf,
  type Result,
  task,
  watchFiles,
} from "../../course/mod.ts";
import { describeExercise, progressBar, resultLine } from "../report.ts";
import type { Context } from "./context.ts";

/** Options for {@linkcode watch}. */
export interface WatchOptions {
  /** Results of a first full grading, in course order. */
  results: Result[];
  /** Wait this long after the last save before grading (the watcher's default otherwise). */
  debounceMs?: number;
  /** Clear the screen before each redraw (for terminals). */
  clearScreen?: boolean;
}

const keys =
  "n: next exercise   h: a hint (again for the next)   r: grade again   q: quit";

/** The keys that end watch mode: q, Ctrl-C and Ctrl-D. */
const quitKeys = ["q", "\x03", "\x04"];

/** Runs watch mode until the learner presses `q`, stdin closes, or the signal aborts. */
export async function watch(
  context: Context,
  options: WatchOptions,
): Promise<void> {
  const { debounceMs } = options;
  const session = new WatchSession(context, options);
  // Watch before the first draw, so that no save after the prompt is missed.
  // A burst of saves is graded once; a save of a file the exercise does not
  // depend on comes back at once as "unchanged".
  const files = watchFiles([join(context.course.root, "exercises")], {
    ...(debounceMs !== undefined ? { debounceMs } : {}),
    onChange: (paths) => session.saved(paths),
  });
  const stopWatching = onExit(() => files.close());
  session.draw();
  try {
    await readUntilQuit(context.signal, (key) => session.press(key));
  } finally {
    stopWatching();
    await files.close();
    await session.idle();
  }
}

/** The exercise being worked on, its latest results, and what the keys do. */
class WatchSession {
  readonly #context: Context;
  readonly #clearScreen: boolean;
  readonly #byId: Map<string, Result>;
  #current: Exercise;
  #busy = Promise.resolve();

  constructor(
    context: Context,
    { results, clearScreen = false }: WatchOptions,
  ) {
    this.#context = context;
    this.#clearScreen = clearScreen;
    this.#byId = new Map(results.map((result) => [result.id, result]));
    const { course } = context;
    this.#current = progressOf(course, results).next ?? course.exercises[0]!;
  }

  /** Shows the current exercise, its result and progress, then `extra`. */
  draw(extra = ""): void {
    const { course } = this.#context;
    const current = this.#current;
    const result = this.#byId.get(current.id);
    const progress = progressOf(course, [...this.#byId.values()]);
    const passed = result?.status === "passed";
    const text = [
      result ? resultLine(course, result, this.#context) : "",
      "",
      progressBar(progress),
      "",
      describeExercise(course, current, "Current", result),
      "",
      passed
        ? `Passed. Compare with the reference: ${
          task(`grade solution ${current.id}`)
        }\nPress n for the next exercise when you are ready.`
        : "Save the file to grade it again.",
      extra,
      keys,
    ].filter((line, i, all) => line !== "" || all[i - 1] !== "").join("\n");
    this.#context.print(
      `${this.#clearScreen ? "\x1b[2J\x1b[H" : ""}${text}\n`,
    );
  }

  /** Acts on one key other than the quit keys. */
  press(key: string): Promise<void> | void {
    if (key === "n") this.#moveOn();
    else if (key === "h") return this.#showNextHint();
    else if (key === "r") return this.#regrade(true);
  }

  /** Grades the current exercise again when a saved file is one of its own. */
  async saved(paths: string[]): Promise<void> {
    if (paths.some((path) => belongsTo(this.#context, this.#current, path))) {
      await this.#regrade();
    }
  }

  /** Resolves once no grading is under way. */
  idle(): Promise<void> {
    return this.#busy;
  }

  #regrade(fresh = false): Promise<void> {
    const { grader, signal } = this.#context;
    this.#busy = this.#busy.then(async () => {
      const current = this.#current;
      this.#context.print(`Grading ${current.id}…`);
      const [result] = await grader.grade([current], {
        signal,
        ...(fresh ? { fresh } : {}),
      });
      if (result) this.#byId.set(current.id, result);
      this.draw();
    }).catch((error) => {
      if (!signal.aborted) throw error;
    });
    return this.#busy;
  }

  #moveOn(): void {
    const { exercises } = this.#context.course;
    if (this.#byId.get(this.#current.id)?.status !== "passed") {
      this.draw(
        "This exercise does not pass yet: finish it first, or press h for a hint.",
      );
      return;
    }
    const start = exercises.indexOf(this.#current);
    const after = [...exercises.slice(start + 1), ...exercises.slice(0, start)];
    const next = after.find((e) => this.#byId.get(e.id)?.status !== "passed");
    if (!next) {
      this.draw(`All ${exercises.length} exercises pass. Press q to quit.`);
      return;
    }
    this.#current = next;
    // Files may have changed since they were last graded, in another terminal.
    this.#regrade();
  }

  async #showNextHint(): Promise<void> {
    const { store } = this.#context.grader;
    const current = this.#current;
    const count = current.hints.length;
    const shown = Math.min(store.hintsSeen(current) + 1, count);
    store.seeHints(current, shown);
    await store.save();
    this.draw(
      current.hints.slice(0, shown)
        .map((hint, i) => `Hint ${i + 1} of ${count}: ${hint}`)
        .join("\n") +
        (shown === count
          ? `\nThat was the last hint. The reference solution: ${
            task(`grade solution ${current.id} --force`)
          }`
          : ""),
    );
  }
}

/** Hands each key to `onKey` until a quit key, the end of input, or the signal. */
async function readUntilQuit(
  signal: AbortSignal,
  onKey: (key: string) => Promise<void> | void,
): Promise<void> {
  const stop = new Promise<"stop">((resolve) => {
    if (signal.aborted) resolve("stop");
    signal.addEventListener("abort", () => resolve("stop"), { once: true });
  });
  const input = readKeys()[Symbol.asyncIterator]();
  try {
    while (true) {
      const next = await Promise.race([input.next(), stop]);
      if (next === "stop" || next.done || quitKeys.includes(next.value)) break;
      await onKey(next.value);
    }
  } finally {
    void input.return?.(undefined);
  }
}

/** Whether a saved file is in the exercise's folder, beside its starter. */
function belongsTo(
  context: Context,
  exercise: Exercise,
  path: string,
): boolean {
  const folder = dirname(exercisePaths(context.course, exercise).exercise);
  return dirname(path) === folder;
}

/** Single keys from a terminal, or the first letter of each line otherwise. */
async function* readKeys(): AsyncGenerator<string> {
  const raw = Deno.stdin.isTerminal();
  const restore = () => {
    if (raw) Deno.stdin.setRaw(false);
  };
  if (raw) Deno.stdin.setRaw(true);
  const unregister = onExit(restore);
  const decoder = new TextDecoder();
  try {
    for await (const chunk of Deno.stdin.readable) {
      const text = decoder.decode(chunk);
      const keys = raw ? [...text] : text.split("\n").map((l) => l.trim()[0]);
      for (const key of keys) if (key) yield key.toLowerCase();
    }
  } finally {
    unregister();
    restore();
  }
}
