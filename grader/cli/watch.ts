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

/** Runs watch mode until the learner presses `q`, stdin closes, or the signal aborts. */
export async function watch(
  context: Context,
  options: WatchOptions,
): Promise<void> {
  const { course, grader } = context;
  const { results, debounceMs, clearScreen = false } = options;
  const byId = new Map(results.map((result) => [result.id, result]));
  let current = progressOf(course, results).next ?? course.exercises[0]!;
  let busy = Promise.resolve();

  const draw = (extra = "") => {
    const result = byId.get(current.id);
    const progress = progressOf(course, [...byId.values()]);
    const passed = result?.status === "passed";
    const text = [
      result ? resultLine(course, result, context) : "",
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
    context.print(`${clearScreen ? "\x1b[2J\x1b[H" : ""}${text}\n`);
  };

  const regrade = (fresh = false) => {
    busy = busy.then(async () => {
      context.print(`Grading ${current.id}…`);
      const [result] = await grader.grade([current], {
        signal: context.signal,
        ...(fresh ? { fresh } : {}),
      });
      if (result) byId.set(current.id, result);
      draw();
    }).catch((error) => {
      if (!context.signal.aborted) throw error;
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

  const showNextHint = async () => {
    const count = current.hints.length;
    const shown = Math.min(grader.store.hintsSeen(current) + 1, count);
    grader.store.seeHints(current, shown);
    await grader.store.save();
    draw(
      current.hints.slice(0, shown)
        .map((hint, i) => `Hint ${i + 1} of ${count}: ${hint}`)
        .join("\n") +
        (shown === count
          ? `\nThat was the last hint. The reference solution: ${
            task(`grade solution ${current.id} --force`)
          }`
          : ""),
    );
  };

  // Watch before the first draw, so that no save after the prompt is missed.
  // A burst of saves is graded once; a save of a file the exercise does not
  // depend on comes back at once as "unchanged".
  const files = watchFiles([join(course.root, "exercises")], {
    ...(debounceMs !== undefined ? { debounceMs } : {}),
    onChange: async (paths) => {
      if (paths.some((path) => belongsTo(context, current, path))) {
        await regrade();
      }
    },
  });
  const stopWatching = onExit(() => files.close());
  draw();

  const stop = new Promise<"stop">((resolve) => {
    if (context.signal.aborted) resolve("stop");
    context.signal.addEventListener("abort", () => resolve("stop"), {
      once: true,
    });
  });
  const input = readKeys()[Symbol.asyncIterator]();
  try {
    while (true) {
      const next = await Promise.race([input.next(), stop]);
      if (next === "stop" || next.done) break;
      const key = next.value;
      if (key === "q" || key === "\x03" || key === "\x04") break;
      if (key === "n") moveOn();
      else if (key === "h") await showNextHint();
      else if (key === "r") await regrade(true);
    }
  } finally {
    stopWatching();
    void input.return?.(undefined);
    await files.close();
    await busy;
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
