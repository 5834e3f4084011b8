/**
 * # Build the bounded collection helper
 *
 * Every test in this course that waits for a collection goes through a helper
 * like this one. Build your own, so that each of its steps is yours.
 *
 * Implement:
 * - `requireGc(scope)`: return `scope.gc` when it is a function. Otherwise throw
 *   an `Error` whose message tells the reader how to run:
 *   `--v8-flags=--expose-gc` must appear in it.
 * - `collectUntil(condition, options)`: repeat rounds of
 *   1. wait for a later task (`setTimeout`), so the current job ends and the
 *      objects it kept alive are released;
 *   2. call `gc()`;
 *   3. wait for one more task, so that cleanup callbacks can run;
 *   4. check `condition()`: if it holds, return `true` at once.
 *
 *   After `maxRounds` rounds (10 by default) return `false`: "not observed",
 *   which is never proof that something leaked. `options.gc` is the collector
 *   to call; by default it is `requireGc(globalThis)`.
 *
 * ```ts ignore
 * function makeRef(): WeakRef<object> {
 *   return new WeakRef({ big: new Uint8Array(1024) });
 * }
 * const ref = makeRef();
 * await collectUntil(() => ref.deref() === undefined); // true
 * await collectUntil(() => false, { maxRounds: 3 }); // false, after 3 gc() calls
 * ```
 *
 * @module
 */

/** Options for {@linkcode collectUntil}. */
export interface CollectOptions {
  /** The most rounds to run (10 by default). */
  maxRounds?: number;
  /** The collector to call (`requireGc(globalThis)` by default). */
  gc?: () => void;
}

/** Returns `scope.gc`, or throws an error that says how to expose it. */
export function requireGc(scope: object = globalThis): () => void {
  // TODO: return the scope's `gc` when it is a function; otherwise throw an
  // Error that says to run with --v8-flags=--expose-gc.
  return () => {};
}

/** Runs bounded "end the job, collect, yield a task" rounds until `condition` holds. */
export async function collectUntil(
  condition: () => boolean,
  options: CollectOptions = {},
): Promise<boolean> {
  // TODO: run the four steps of a round, at most `maxRounds` times.
  return await Promise.resolve(condition());
}
