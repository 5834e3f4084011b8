/**
 * What the exercises' tests share, and nothing an exercise's own file uses:
 * the tests import it, so it may use the course's packages (fast-check and
 * `@course/gc`).
 *
 * - Values in plain words: {@linkcode show}, {@linkcode describeError}.
 * - Property checks that try the same inputs on every run and fail with the
 *   smallest failing input in plain words: {@linkcode assertProperty},
 *   {@linkcode assertAsyncProperty}; fixed samples for checks that must
 *   prepare every case before one collection: {@linkcode sample},
 *   {@linkcode distinctNames}, {@linkcode assertEveryCase}.
 * - Calls into the learner's code: {@linkcode attempt} turns an error it
 *   throws into a failed assertion, {@linkcode outcomeOf} and
 *   {@linkcode asyncOutcomeOf} record how a call ended,
 *   {@linkcode captureUncaughtErrors} records what reaches `globalThis`.
 * - Collection: {@linkcode assertAllCollected} (for one object, call
 *   `assertCollected` from `@course/gc`), {@linkcode collectables};
 *   cleanup callbacks: {@linkcode assertCallbackRuns}, {@linkcode settled},
 *   and the checks of a list that they fill ({@linkcode assertSameArray},
 *   {@linkcode assertOldestFirst}).
 *
 * Assertions never run inside a callback handed to the learner's code: the
 * helpers record, then assert.
 *
 * @module
 */

import assert, { AssertionError } from "node:assert/strict";
import fc from "fast-check";
import { onUncaughtError } from "@course/gc/_graded.ts";
import { nothingKeptRequirement } from "@course/model/constants.ts";
import {
  assertCollected,
  type AssertCollectedOptions,
  collectUntil,
} from "@course/gc";

// Values in plain words

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
    iterableLimit: 16,
    strAbbreviateSize: 60,
  });
}

/** Names a thrown value the way a message should: "TypeError: detail". */
export function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : `the value ${show(error)}`;
}

// Property checks

/** The seed of every property check and sample: each run tries the same values. */
const seed = 42;

/** Options of {@linkcode assertProperty} and {@linkcode assertAsyncProperty}. */
export interface PropertyOptions<T> {
  /**
   * Says what the failing input was, such as "With the key "a"": the
   * failure reads "<describe(input)>: <the problem>". Without it, the
   * problem alone, which then names the input itself.
   */
  describe?: (input: T) => string;
  /** How many inputs to try (100 by default). */
  numRuns?: number;
  /**
   * Report the first failing input without shrinking it, for checks whose
   * every run is slow (real timers).
   */
  endOnFailure?: boolean;
}

/**
 * Fails the property for one input when `check` found a `problem` there,
 * a sentence that fast-check then keeps with the input.
 */
function failWith(problem: string | undefined | void): void {
  if (problem !== undefined) throw new AssertionError({ message: problem });
}

/** What fast-check reports of a run, as far as a failure message needs it. */
interface PropertyRun<T> {
  failed: boolean;
  counterexample: [T] | null;
  errorInstance?: unknown;
  numSkips: number;
}

/** The failure of `run` (from `caller`), or nothing when every input passed. */
function failureOf<T>(
  run: PropertyRun<T>,
  options: PropertyOptions<T>,
  caller: (...args: never[]) => unknown,
): AssertionError | undefined {
  // No check here skips an input: a skip can only come from the code under
  // test throwing fast-check's own "precondition failed" marker.
  if (run.numSkips > 0) {
    const failure = new AssertionError({
      message:
        "Your code threw a value that marks an input as one to skip: throw ordinary errors only",
    });
    Error.captureStackTrace(failure, caller);
    return failure;
  }
  if (!run.failed) return undefined;
  let message = "The property check stopped before it found a failing input";
  if (run.counterexample !== null) {
    const [input] = run.counterexample;
    const error = run.errorInstance;
    const problem = error instanceof AssertionError
      ? error.message
      : `your code threw ${describeError(error)}`;
    message = options.describe
      ? `${options.describe(input)}: ${problem}`
      : problem;
  }
  const failure = new AssertionError({ message });
  // Point at the test that made the check, not at this module.
  Error.captureStackTrace(failure, caller);
  return failure;
}

function parameters<T>(options: PropertyOptions<T>) {
  const { numRuns = 100, endOnFailure = false } = options;
  return { seed, numRuns, endOnFailure };
}

/**
 * Checks `check` for inputs of `arbitrary` (the same inputs on every run),
 * and fails with the smallest input that it finds a problem with. `check`
 * says what is wrong for an input, in plain words, by returning a sentence
 * or by failing an assertion; an error that the code under test throws
 * fails the check as "your code threw <the error>".
 */
export function assertProperty<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (input: T) => string | undefined | void,
  options: PropertyOptions<T> = {},
): void {
  const run = fc.check(
    fc.property(arbitrary, (input) => failWith(check(input))),
    parameters(options),
  );
  const failure = failureOf(run, options, assertProperty);
  if (failure) throw failure;
}

/** As {@linkcode assertProperty}, for a check that resolves to its finding. */
export async function assertAsyncProperty<T>(
  arbitrary: fc.Arbitrary<T>,
  check: (input: T) => Promise<string | undefined | void>,
  options: PropertyOptions<T> = {},
): Promise<void> {
  const run = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => failWith(await check(input))),
    parameters(options),
  );
  const failure = failureOf(run, options, assertAsyncProperty);
  if (failure) throw failure;
}

/** Draws `count` values of `arbitrary`, the same ones on every run. */
export function sample<T>(arbitrary: fc.Arbitrary<T>, count: number): T[] {
  return fc.sample(arbitrary, { seed, numRuns: count });
}

/**
 * Draws `count` different names from `names` (non-empty strings by
 * default), the same ones on every run.
 */
export function distinctNames(
  count: number,
  names: fc.Arbitrary<string> = fc.string({ minLength: 1 }),
): string[] {
  const drawn = sample(
    fc.uniqueArray(names, { minLength: count, maxLength: count }),
    1,
  );
  return drawn[0] ?? [];
}

/**
 * Any string a caller might use as a name or a label: the empty string,
 * strings that look like words a test could be recognised by ("closed",
 * "leaked"), names of `Object.prototype` properties, and arbitrary text.
 */
export const anyName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "closed",
    "closed.txt",
    "disposed",
    "leak",
    "leaked",
    "forgotten",
    "config",
    "__proto__",
    "constructor",
    "toString",
  ),
  fc.string(),
  fc.string({ unit: "binary" }),
);

/**
 * Checks `problem` on each of `cases` (prepared together, for instance
 * before one collection) and fails with the message of the smallest case (by
 * its length as JSON) that has one, so that the learner reads the simplest
 * example of the mistake.
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

/** Whether two lists hold the same strings, in any order. */
export function sameItems(
  actual: readonly string[],
  expected: readonly string[],
): boolean {
  const sorted = (list: readonly string[]) => JSON.stringify([...list].sort());
  return sorted(actual) === sorted(expected);
}

// Calls into the learner's code

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

/** What a call ended with: what it returned, or what it threw. */
export type Outcome<T = unknown> = { returned: T } | { threw: unknown };

/** Runs `call` and records how it ended. */
export function outcomeOf<T>(call: () => T): Outcome<T> {
  try {
    return { returned: call() };
  } catch (error) {
    return { threw: error };
  }
}

/** Runs `call` and records what it resolved to, or what it threw or rejected with. */
export async function asyncOutcomeOf<T>(
  call: () => Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { returned: await call() };
  } catch (error) {
    return { threw: error };
  }
}

/** An outcome in words: "returned <value>" or "threw <value>". */
export function describeOutcome(outcome: Outcome): string {
  return "threw" in outcome
    ? `threw ${show(outcome.threw)}`
    : `returned ${show(outcome.returned)}`;
}

/** The errors recorded so far; disposing it stops the recording. */
export interface UncaughtErrors extends Disposable {
  /** Each error, in the order it was reported. */
  readonly errors: unknown[];
}

/**
 * Starts recording the errors that reach `globalThis` uncaught, from a timer
 * callback or an event listener, and cancels them, so that a test can check
 * what was reported and go on. Under the grader it hears them before any
 * listener of the code under test.
 */
export function captureUncaughtErrors(): UncaughtErrors {
  const errors: unknown[] = [];
  const listener = (event: ErrorEvent) => {
    event.preventDefault();
    errors.push(event.error);
  };
  const stop = onUncaughtError(listener);
  return { errors, [Symbol.dispose]: () => void stop() };
}

// Collection

/** Something a test let go of: a weak reference to it, and how to fail. */
export interface Collectable extends AssertCollectedOptions {
  /** Reaches the object without keeping it. */
  ref: WeakRef<WeakKey>;
}

/**
 * Collects until every target is gone; if one stays, fails as
 * `assertCollected` does for the first that stays, with its message and
 * what keeps it alive. The targets come each with its own options, or as
 * weak references that share `options`. For one object, call
 * `assertCollected` itself.
 */
export function assertAllCollected(
  targets: readonly Collectable[],
): Promise<void>;
export function assertAllCollected(
  refs: readonly WeakRef<WeakKey>[],
  options: AssertCollectedOptions,
): Promise<void>;
export async function assertAllCollected(
  targets: readonly (Collectable | WeakRef<WeakKey>)[],
  shared?: AssertCollectedOptions,
): Promise<void> {
  const all = targets.map((target): Collectable =>
    target instanceof WeakRef ? { ...shared!, ref: target } : target
  );
  const gone = ({ ref }: Collectable) => ref.deref() === undefined;
  if (await collectUntil(() => all.every(gone))) return;
  for (const { ref, ...options } of all) {
    if (ref.deref() !== undefined) await assertCollected(ref, options);
  }
}

// What the tests of one file made

/** Weak references to everything {@linkcode noted} was given. */
const census: WeakRef<WeakKey>[] = [];
const inCensus = new WeakSet<WeakKey>();

/**
 * Notes `value`, and the objects in it a few levels down, as something a
 * test made afresh and will let go of (never a constant the test file
 * keeps); returns `value`. The file's last test, {@linkcode assertNothingKept},
 * requires all of it collected: an answer that keeps the first object it
 * was given, or a few, could otherwise hide among the tests that do not
 * look for collection.
 */
export function noted<T>(value: T): T {
  note(value, 3);
  return value;
}

/** The well-known symbols (`Symbol.iterator`, ...): the runtime keeps them. */
const wellKnownSymbols = new Set(
  Object.getOwnPropertyNames(Symbol).map((name) =>
    (Symbol as unknown as Record<string, unknown>)[name]
  ).filter((value) => typeof value === "symbol"),
);

function note(value: unknown, depth: number): void {
  const weak = typeof value === "object" && value !== null ||
    typeof value === "function" ||
    typeof value === "symbol" && Symbol.keyFor(value) === undefined &&
      !wellKnownSymbols.has(value);
  if (!weak) return;
  const key = value as WeakKey;
  if (inCensus.has(key)) return;
  inCensus.add(key);
  census.push(new WeakRef(key));
  if (depth === 0 || typeof value !== "object") return;
  const items = Array.isArray(value) ? value : Object.values(value);
  for (const item of items) note(item, depth - 1);
}

export { nothingKeptRequirement };

/** Options for {@linkcode noting}. */
export interface NotingOptions {
  /**
   * Note the arguments too (true by default): false where the tests pass
   * functions or classes of their own that live as long as the file.
   */
  handed?: boolean;
}

/**
 * `under` (a function or a class under test), noting what it returns or
 * makes, and the arguments it is called or constructed with (see
 * {@linkcode noted}).
 */
export function noting<T extends object>(
  under: T,
  { handed = true }: NotingOptions = {},
): T {
  const args = (list: unknown[]) => handed ? noted(list) : list;
  return new Proxy(under, {
    apply: (target, self, list) =>
      noted(Reflect.apply(target as () => unknown, self, args(list))),
    construct: (target, list, newTarget) =>
      noted(
        Reflect.construct(target as new () => object, args(list), newTarget),
      ),
  });
}

/**
 * The last test of a file: every object that its tests noted, and have all
 * let go of by now, must be collected; `what` names them ("a label").
 */
export function assertNothingKept(what: string): Promise<void> {
  return assertAllCollected(census, {
    message:
      `After the last test, ${what} that a test had made and let go of was still alive: your module keeps it (the first one it was given, say, or a few of them). Keep nothing of what your code was handed once the caller has let go.`,
    name: what,
  });
}

/** Things a test let go of: each as a sentence names it, and a WeakRef to it. */
export type Watched = [what: string, ref: WeakRef<WeakKey>][];

/**
 * Each watched thing as a {@linkcode Collectable} whose failure reads
 * "<what> was still alive after 10 collections: <why>".
 */
export function collectables(watched: Watched, why: string): Collectable[] {
  return watched.map(([what, ref]) => ({
    ref,
    message: `${what} was still alive after 10 collections: ${why}`,
    name: what.charAt(0).toLowerCase() + what.slice(1),
  }));
}

/**
 * Collects until `condition` holds, as a cleanup callback makes it hold; if
 * it never does, fails with `options.message`, followed by what keeps `ref`'s
 * target alive when that is why the callback never came.
 */
export async function assertCallbackRuns(
  condition: () => boolean,
  ref: WeakRef<WeakKey>,
  options: AssertCollectedOptions,
): Promise<void> {
  if (await collectUntil(condition)) return;
  await assertCollected(ref, options);
  assert.fail(options.message);
}

/**
 * Waits, as `collectUntil` does, until `condition` holds; but when it holds
 * already (the callbacks of the last collection have run), returns at once
 * instead of collecting once more.
 */
export async function settled(condition: () => boolean): Promise<boolean> {
  return condition() || await collectUntil(condition);
}

/** A list that cleanup callbacks fill, such as a tracker's log. */
export interface CallbackList {
  /** What the list is called: "log" or "leaked". */
  list: string;
  /** Reads the list. */
  read(): string[];
  /**
   * Lets go of a new tracked object whose entry in the list will be `entry`;
   * returns a sentence that says so, such as `The handle named "a" was
   * dropped without close()`, and a weak reference to the object.
   */
  drop(entry: string): { what: string; ref: WeakRef<object> };
  /** Why an entry may never come. */
  neverCame: string;
}

/** Drops an object of `subject` and waits until its entry comes. */
async function dropAndWait(
  subject: CallbackList,
  entry: string,
): Promise<string> {
  const before = subject.read().length;
  const { what, ref } = subject.drop(entry);
  await assertCallbackRuns(() => subject.read().length > before, ref, {
    message: `${what}, but ${subject.list} stays ${
      show(subject.read())
    }. ${subject.neverCame}`,
    name: "the dropped object",
  });
  return what;
}

/**
 * Checks that the list of `subject` starts empty and stays the same array,
 * also once an entry has come.
 */
export async function assertSameArray(subject: CallbackList): Promise<void> {
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
export async function assertOldestFirst(subject: CallbackList): Promise<void> {
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
