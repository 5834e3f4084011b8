/**
 * Support for the tests of this lesson: records the errors that reach
 * `globalThis` uncaught, from a timer callback or an event listener, and
 * cancels them, so that a test can check what was reported and go on.
 *
 * @module
 */

/** The errors recorded so far; disposing it stops the recording. */
export interface UncaughtErrors extends Disposable {
  /** Each error, in the order it was reported. */
  readonly errors: unknown[];
}

/** Starts recording the errors that reach `globalThis` uncaught. */
export function captureUncaughtErrors(): UncaughtErrors {
  const errors: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    errors.push(event.error);
  };
  globalThis.addEventListener("error", listener);
  return {
    errors,
    [Symbol.dispose]: () => globalThis.removeEventListener("error", listener),
  };
}
