/**
 * What the grader's sandbox hands to `@course/gc` before any other module
 * runs: V8's `gc()`, kept here rather than on `globalThis` so that the code
 * under test can neither see it nor replace it, and whether to explain only
 * the first failing collection of a run. Exercise code cannot import this
 * module: the grader refuses imports outside `exercises/` but `@course/gc`.
 *
 * @module
 */

let hiddenGc: (() => void) | undefined;
let explainOnce = false;
let allFrames = false;

/** Called by the grader's preload: `gc` serves the course's helpers only. */
export function enterGrading(gc: () => void): void {
  if (hiddenGc) throw new Error("The grader's gc() was handed over already");
  hiddenGc = gc;
  explainOnce = true;
}

/** V8's `gc()` as the grader handed it over, if it did. */
export function gradingGc(): (() => void) | undefined {
  return hiddenGc;
}

/** Whether only the first failing collection of the run is explained. */
export function explainsOnce(): boolean {
  return explainOnce;
}

/**
 * Runs `read` with every frame in stack traces, the tests' own included,
 * which the grader's sandbox otherwise hides: for the lines of a path.
 */
export function withAllFrames<T>(read: () => T): T {
  allFrames = true;
  try {
    return read();
  } finally {
    allFrames = false;
  }
}

/** Whether stack traces show every frame just now. */
export function showsAllFrames(): boolean {
  return allFrames;
}
