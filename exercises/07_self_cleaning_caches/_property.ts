/**
 * Readable property checks for the course's tests. The tests run
 * `fast-check` with {@linkcode seeded}, so every run tries the same inputs,
 * and hand the result to {@linkcode assertHolds}, which turns a failure into
 * one plain sentence naming the smallest input that fails.
 *
 * @module
 */

import assert from "node:assert/strict";

/** The options of every property check: a fixed seed and 100 inputs. */
export const seeded = { seed: 42, numRuns: 100 } as const;

/** The part of fast-check's `RunDetails` that a failure message needs. */
export interface PropertyRun<Ts extends unknown[]> {
  /** Whether some input failed. */
  failed: boolean;
  /** The smallest input that failed, once shrunk. */
  counterexample: Ts | null;
  /** What that input threw. */
  errorInstance: unknown;
}

/** A value in plain words: strings in quotes, arrays in brackets. */
export function show(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Throws, if `run` failed, an AssertionError that starts with
 * `describe(smallest failing input)`, followed by the failed assertion's
 * message or the error thrown.
 */
export function assertHolds<Ts extends unknown[]>(
  run: PropertyRun<Ts>,
  describe: (...input: Ts) => string,
): void {
  if (!run.failed) return;
  let message = "the property check stopped before it found an input";
  if (run.counterexample !== null) {
    const error = run.errorInstance;
    const why = error instanceof assert.AssertionError
      ? error.message
      : `it threw ${String(error)}`;
    message = `${describe(...run.counterexample)}: ${why}`;
  }
  const failure = new assert.AssertionError({ message });
  // Point at the test that made the check, not at this helper.
  Error.captureStackTrace(failure, assertHolds);
  throw failure;
}
