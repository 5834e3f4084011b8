/**
 * What the tests of lessons 2 to 4 share: how property checks run (the same
 * inputs on every run) and report (the smallest failing input, in plain
 * words), how a call's outcome is recorded, and the check that things the
 * test let go of are collected.
 *
 * Support modules may not import packages, so the tests run fast-check
 * themselves (`fc.check(property, seeded)`) and hand its report to
 * {@linkcode assertHolds}.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";

/** The options of every property check: a fixed seed and 100 inputs. */
export const seeded = { seed: 42, numRuns: 100 } as const;

/** The part of fast-check's report that a failure message needs. */
export interface PropertyRun<Ts extends unknown[]> {
  /** Whether some input failed. */
  failed: boolean;
  /** The smallest input that failed, once shrunk. */
  counterexample: Ts | null;
  /** What the property threw for that input. */
  errorInstance: unknown;
}

/**
 * Throws, if `run` failed, an AssertionError that reads "With <the smallest
 * failing input, as `describe` puts it>: <the failed assertion's message>",
 * or "...: your code threw <the error>" when the code under test threw.
 */
export function assertHolds<Ts extends unknown[]>(
  run: PropertyRun<Ts>,
  describe: (...input: Ts) => string,
): void {
  if (!run.failed) return;
  if (run.counterexample === null) {
    assert.fail("The property check stopped before it found an input");
  }
  const error = run.errorInstance;
  const why = error instanceof assert.AssertionError
    ? error.message
    : `your code threw ${show(error)}`;
  assert.fail(`With ${describe(...run.counterexample)}: ${why}`);
}

/** A value in plain words, on one line: strings in quotes, `-0`, symbols. */
export function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (value instanceof Error) {
    return `${value.name}(${JSON.stringify(value.message)})`;
  }
  return Deno.inspect(value, {
    compact: true,
    breakLength: Infinity,
    depth: 3,
    iterableLimit: 8,
    strAbbreviateSize: 60,
  });
}

/** What a call ended with: what it returned, or what it threw. */
export type Outcome = { returned: unknown } | { threw: unknown };

/** Runs `call` and records how it ended. */
export function outcomeOf(call: () => unknown): Outcome {
  try {
    return { returned: call() };
  } catch (error) {
    return { threw: error };
  }
}

/** Things to watch, each named and seen through a `WeakRef`. */
export type Watched = [what: string, ref: WeakRef<WeakKey>][];

/**
 * Asserts that each watched thing is collected within 10 rounds; a failure
 * names the thing and adds `why` (what keeps it, and how to let it go).
 */
export async function assertCollected(
  watched: Watched,
  why: string,
): Promise<void> {
  for (const [what, ref] of watched) {
    const gone = await collectUntil(() => ref.deref() === undefined);
    assert.ok(gone, `${what} was still alive after 10 collections: ${why}`);
  }
}
