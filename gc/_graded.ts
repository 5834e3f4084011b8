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

/** Listeners for uncaught errors, heard before any that exercise code adds. */
const errorListeners = new Set<(event: ErrorEvent) => void>();
let errorsHeardFirst = false;

/**
 * Called by the grader's preload before any other module runs: from then
 * on, listeners added with `onUncaughtError` hear each uncaught error before
 * any listener that later code adds to `globalThis`, so that such a listener
 * cannot stop or cancel the error before they see it.
 */
export function hearUncaughtErrorsFirst(): void {
  if (errorsHeardFirst) return;
  errorsHeardFirst = true;
  globalThis.addEventListener("error", (event) => {
    for (const listener of [...errorListeners]) listener(event);
  });
}

/**
 * Calls `listener` with each error event that reaches `globalThis`
 * uncaught, first of all listeners when the grader runs the tests; returns
 * the function that stops it.
 */
export function onUncaughtError(
  listener: (event: ErrorEvent) => void,
): () => void {
  if (!errorsHeardFirst) {
    globalThis.addEventListener("error", listener);
    return () => globalThis.removeEventListener("error", listener);
  }
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}
