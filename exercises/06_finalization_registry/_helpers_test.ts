/**
 * What the tests of this lesson's exercises share (a test module by its name,
 * so that the grader lets it use fast-check; it defines no test): the names and labels they
 * try (arbitrary strings, drawn with a fixed seed so that every run is the
 * same), a way to report the smallest failing case in plain words, and a
 * guard that turns an error thrown by the learner's code into a failed
 * assertion that says which call threw.
 *
 * @module
 */

import assert, { AssertionError } from "node:assert/strict";
import fc from "fast-check";
import { collectUntil } from "@course/gc";

/** The seed of every sample drawn here: each run tries the same values. */
const seed = 6;

/**
 * Any string a caller might use as a name or a label: the empty string,
 * strings that look like words the tests could be recognised by ("closed",
 * "leaked"), names of `Object.prototype` properties, and arbitrary text.
 */
export const anyName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "closed",
    "closed.txt",
    "leaked",
    "__proto__",
    "constructor",
    "toString",
  ),
  fc.string(),
  fc.string({ unit: "binary" }),
);

/** Draws `count` values of `arbitrary`, the same ones on every run. */
export function sample<T>(arbitrary: fc.Arbitrary<T>, count: number): T[] {
  return fc.sample(arbitrary, { seed, numRuns: count });
}

/** Draws `count` different non-empty names. */
export function distinctNames(count: number): string[] {
  return sample(
    fc.uniqueArray(fc.string({ minLength: 1 }), {
      minLength: count,
      maxLength: count,
    }),
    1,
  )[0]!;
}

/** Shows a value as code: strings quoted, lists in brackets. */
export function show(value: unknown): string {
  return JSON.stringify(value);
}

/** Whether two lists hold the same strings, in any order. */
export function sameItems(
  actual: readonly string[],
  expected: readonly string[],
): boolean {
  const sorted = (list: readonly string[]) => JSON.stringify([...list].sort());
  return sorted(actual) === sorted(expected);
}

/**
 * Checks `problem` on each case and fails with the message of the smallest
 * case (by its length as JSON) that has one, so that the learner reads the
 * simplest example of the mistake.
 */
export function assertEveryCase<T>(
  cases: readonly T[],
  problem: (value: T, index: number) => string | undefined,
): void {
  const failures = cases.flatMap((value, index) => {
    const message = problem(value, index);
    return message === undefined ? [] : [{ value, message }];
  });
  failures.sort((a, b) =>
    JSON.stringify(a.value).length - JSON.stringify(b.value).length
  );
  const first = failures[0];
  if (first) {
    throw new AssertionError({
      message:
        `${first.message}\n(${failures.length} of ${cases.length} cases fail like this; this is the smallest.)`,
    });
  }
}

/**
 * Checks `problem` for values of `arbitrary` (a fixed sample, shrunk by
 * fast-check on failure) and fails with the message of the smallest value
 * that has one. Only for checks that need no garbage collection.
 */
export function assertProperty<T>(
  arbitrary: fc.Arbitrary<T>,
  problem: (value: T) => string | undefined,
): void {
  const result = fc.check(
    fc.property(arbitrary, (value) => problem(value) === undefined),
    { seed, numRuns: 200 },
  );
  if (result.failed && result.counterexample) {
    const message = problem(result.counterexample[0]) ??
      `The check failed for ${JSON.stringify(result.counterexample[0])}`;
    throw new AssertionError({ message });
  }
}

/**
 * Waits, as `collectUntil` does, until `condition` holds; but when it holds
 * already (the callbacks of the last collection have run), returns at once
 * instead of collecting once more.
 */
export async function settled(condition: () => boolean): Promise<boolean> {
  return condition() || await collectUntil(condition);
}

/**
 * Calls `run` (which calls the learner's code) and returns what it returns;
 * if it throws anything but a failed assertion, fails with a message that
 * names the call (`what`) and the error.
 */
export function attempt<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AssertionError) throw error;
    throw new AssertionError({
      message: `${what} threw ${
        error instanceof Error ? `${error.name}: ${error.message}` : error
      }`,
    });
  }
}

/** A tracker under test, as the two exercises of this lesson share it. */
export interface Subject {
  /** What its list is called: "log" or "leaked". */
  list: string;
  /** Reads the list. */
  read(): string[];
  /**
   * Lets go of a new tracked object whose entry in the list will be `entry`;
   * returns a sentence that says so, such as `The handle named "a" was
   * dropped without close()`.
   */
  drop(entry: string): string;
  /** Why an entry may never come. */
  neverCame: string;
}

/** Drops an object of `subject` and waits until its entry comes. */
async function dropAndWait(subject: Subject, entry: string): Promise<string> {
  const before = subject.read().length;
  const what = subject.drop(entry);
  const came = await collectUntil(() => subject.read().length > before);
  assert.ok(
    came,
    `${what}, but ${subject.list} stays ${
      show(subject.read())
    }. ${subject.neverCame}`,
  );
  return what;
}

/**
 * Checks that the list of `subject` starts empty and stays the same array,
 * also once an entry has come.
 */
export async function assertSameArray(subject: Subject): Promise<void> {
  const { list } = subject;
  const array = subject.read();
  assert.deepEqual(
    array,
    [],
    `A new tracker's ${list} holds ${show(array)}: it must start empty.`,
  );
  assert.equal(
    subject.read(),
    array,
    `Reading ${list} twice gave two different arrays: ${list} must be the same array every time, not a copy.`,
  );
  const [entry = ""] = distinctNames(1);
  const what = await dropAndWait(subject, entry);
  assert.equal(
    subject.read(),
    array,
    `After a callback, ${list} is a different array: push each entry onto the one array instead of replacing it.`,
  );
  assert.deepEqual(
    array,
    [entry],
    `${what}, and ${list} holds ${show(array)}: it must hold ${
      show(entry)
    } once.`,
  );
}

/**
 * Checks that entries that come one after another are listed oldest first.
 */
export async function assertOldestFirst(subject: Subject): Promise<void> {
  const entries = distinctNames(2);
  const done: string[] = [];
  for (const entry of entries) done.push(await dropAndWait(subject, entry));
  assert.deepEqual(
    subject.read(),
    entries,
    `${
      done.join(", then ")
    }; each was collected before the next: ${subject.list} reads ${
      show(subject.read())
    }, but it lists the oldest first, so each new entry goes at the end.`,
  );
}
