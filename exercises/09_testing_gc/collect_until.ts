/**
 * # Build the bounded collection helper
 *
 * Every test in this course that waits for a collection goes through a helper
 * like this one. Build your own, so that each of its steps is yours.
 *
 * Implement:
 * - `requireGc(scope)`: return `scope.gc` itself when it is a function. When
 *   `scope` has no `gc`, or its `gc` is not a function, throw an `Error` whose
 *   message tells the reader how to run: `--v8-flags=--expose-gc` must appear
 *   in it. Look only at `scope` (it is `globalThis` by default).
 * - `collectUntil(condition, options)`: repeat rounds of
 *   1. wait for a later task (`setTimeout` with no delay), so the current turn
 *      ends and the objects it kept alive are released;
 *   2. call `gc()`;
 *   3. wait for one more task, so that cleanup callbacks can run;
 *   4. check `condition()`: if it holds, return `true` at once.
 *
 *   Run at most `maxRounds` rounds (10 by default; `0` runs none), then return
 *   `false`: "not observed", which is never proof that something leaked, so
 *   never throw for it. Check the condition once per round, only after step 3;
 *   if it throws, let its error through and run no more rounds. Wait for tasks,
 *   never for a number of milliseconds: a round takes as long as its two tasks
 *   and its `gc()`.
 *
 *   The collector is `options.gc` when given (even when a global `gc` exists);
 *   otherwise it is `requireGc(globalThis)`, read when `collectUntil` is
 *   called, so that without any `gc` it fails with `requireGc`'s error.
 *
 * Under the grader, V8's `gc()` is hidden from your code: where a test needs a
 * global `gc`, it defines one for as long as it runs.
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

/** Runs bounded "end the turn, collect, yield a task" rounds until `condition` holds. */
export async function collectUntil(
  condition: () => boolean,
  options: CollectOptions = {},
): Promise<boolean> {
  // TODO: run the four steps of a round, at most `maxRounds` times.
  return await Promise.resolve(condition());
}
