/**
 * What the tests of lessons 1 and 2 share: how property checks run (the same
 * inputs on every run) and report (the smallest failing input, in plain
 * words), and a guard that turns an error thrown by the code under test into
 * a failed assertion that names the call.
 *
 * Support modules may not import packages, so the tests run fast-check
 * themselves and hand its report to {@linkcode explain}.
 *
 * @module
 */

import { AssertionError } from "node:assert";

/** The parameters of every property check: a fixed seed, 100 inputs. */
export const runs = { seed: 42, numRuns: 100 } as const;

/** What `fc.check` reports, as far as {@linkcode explain} needs it. */
export interface CheckReport<T> {
  /** Whether some input broke the property. */
  failed: boolean;
  /** The smallest such input, once shrunk, as the tuple fast-check gives. */
  counterexample: [T] | null;
  /** What the property threw for it, if it threw. */
  errorInstance?: unknown;
}

/**
 * Fails when `report` found an input that breaks the property, with the
 * message `problem` gives for the smallest such input. `problem` says what is
 * wrong for an input, in plain words, or returns `undefined`.
 */
export function explain<T>(
  report: CheckReport<T>,
  problem: (input: T) => string | undefined,
): void {
  if (!report.failed) return;
  const smallest = report.counterexample?.[0] as T;
  // Asked again, `problem` describes the smallest input (or throws the
  // assertion that a guarded call raised for it).
  const message = problem(smallest) ??
    (report.errorInstance instanceof Error
      ? report.errorInstance.message
      : `The check failed for ${JSON.stringify(smallest)}`);
  throw new AssertionError({ message });
}

/**
 * Calls `run` (which calls the code under test) and returns its result; if
 * it throws anything but a failed assertion, fails with a message that names
 * the call (`what`) and the error.
 */
export function attempt<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AssertionError) throw error;
    throw new AssertionError({
      message: `${what} threw ${describeError(error)}`,
    });
  }
}

/** Names an error the way a message should: "TypeError: detail". */
export function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
