/**
 * Watch mode: re-grades the current exercise whenever one of its files is
 * saved, and moves on only when the learner presses `n`.
 *
 * @module
 */

import { resolve } from "node:path";
import {
  type Course,
  type Exercise,
  exercisePaths,
  progressOf,
  type Result,
} from "../course/mod.ts";
import {
  describeExercise,
  progressBar,
  type ReportOptions,
  resultLine,
} from "./report.ts";
import { runExercise, type RunOptions } from "./run.ts";

/** Options for {@linkcode watch}. */
export interface WatchOptions extends RunOptions, ReportOptions {
  /** Results of a first full grading, in course order. */
  results: Result[];
  /** Wait this long after the last save before grading (50 ms by default). */
  debounceMs?: number;
  /** Clear the screen before each redraw (for terminals). */
  clearScreen?: boolean;
}

const keys =
  "n: next exercise   h: a hint (again for the next)   r: grade again   q: quit";

/** Runs watch mode until the learner presses `q` or stdin closes. */
export async function watch(
  course: Course,
  options: WatchOptions,
): Promise<void> {
  const { results, debounceMs = 50, clearScreen = false, ...rest } = options;
  const byId = new Map(results.map((result) => [result.id, result]));
  let current = progressOf(course, results).next ?? course.exercises[0];
  let busy = Promise.resolve();
  const hintsShown = new Map<string, number>();

  const draw = (extra = "") => {
    const result = byId.get(current.id);
    const progress = progressOf(course, [...byId.values()]);
    const passed = result?.status === "passed";
    const text = [
      result ? resultLine(course, result, rest) : "",
      "",
      progressBar(progress),
      "",
      describeExercise(course, current, "Current", result),
      "",
      passed
        ? `Passed. Compare with the reference: deno task grade solution ${current.id}\nPress n for the next exercise when you are ready.`
        : "Save the file to grade it again.",
      extra,
      keys,
    ].filter((line, i, all) => line !== "" || all[i - 1] !== "").join("\n");
    console.log(`${clearScreen ? "\x1b[2J\x1b[H" : ""}${text}\n`);
  };

  const regrade = () => {
    busy = busy.then(async () => {
      console.log(`Grading ${current.id}…`);
      byId.set(current.id, await runExercise(course, current, rest));
      draw();
    });
    return busy;
  };

  const moveOn = () => {
    if (byId.get(current.id)?.status !== "passed") {
      draw(
        "This exercise does not pass yet: finish it first, or press h for a hint.",
      );
      return;
    }
    const start = course.exercises.indexOf(current);
    const after = [
      ...course.exercises.slice(start + 1),
      ...course.exercises.slice(0, start),
    ];
    const next = after.find((e) => byId.get(e.id)?.status !== "passed");
    if (!next) {
      draw(`All ${course.exercises.length} exercises pass. Press q to quit.`);
      return;
    }
    current = next;
    // Files may have changed since they were last graded, in another terminal.
    regrade();
  };

  const showNextHint = () => {
    const count = current.hints.length;
    const shown = Math.min((hintsShown.get(current.id) ?? 0) + 1, count);
    hintsShown.set(current.id, shown);
    draw(
      current.hints.slice(0, shown)
        .map((hint, i) => `Hint ${i + 1} of ${count}: ${hint}`)
        .join("\n"),
    );
  };

  // Watch before the first draw, so that no save after the prompt is missed.
  const watcher = Deno.watchFs(resolve(course.root, "exercises"));
  draw();
  const watching = (async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    for await (const event of watcher) {
      if (!event.paths.some((path) => belongsTo(course, current, path))) {
        continue;
      }
      clearTimeout(timer);
      timer = setTimeout(regrade, debounceMs);
    }
    clearTimeout(timer);
  })();

  try {
    for await (const key of readKeys()) {
      if (key === "q" || key === "\x03" || key === "\x04") break;
      if (key === "n") moveOn();
      else if (key === "h") showNextHint();
      else if (key === "r") await regrade();
    }
  } finally {
    watcher.close();
    await watching;
    await busy;
  }
}

function belongsTo(course: Course, exercise: Exercise, path: string): boolean {
  const paths = exercisePaths(course, exercise);
  return path === paths.exercise || path === paths.test;
}

/** Single keys from a terminal, or the first letter of each line otherwise. */
async function* readKeys(): AsyncGenerator<string> {
  const raw = Deno.stdin.isTerminal();
  if (raw) Deno.stdin.setRaw(true);
  const decoder = new TextDecoder();
  try {
    for await (const chunk of Deno.stdin.readable) {
      const text = decoder.decode(chunk);
      const keys = raw ? [...text] : text.split("\n").map((l) => l.trim()[0]);
      for (const key of keys) if (key) yield key.toLowerCase();
    }
  } finally {
    if (raw) Deno.stdin.setRaw(false);
  }
}
