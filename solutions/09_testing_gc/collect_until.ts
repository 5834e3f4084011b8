/**
 * Reference solution for "Build the bounded collection helper".
 *
 * The order of the steps is the whole point. Waiting for a task before
 * `gc()` ends the turn that created or read the target, so the engine may
 * release it (a collection in that same turn must not clear it). Waiting for
 * another task after `gc()` gives the cleanup callbacks that the collection
 * made due their turn (they never run in the middle of synchronous code, and a
 * resolved promise is not enough). The bound keeps an inconclusive wait from
 * becoming an endless one.
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
  const gc = (scope as { gc?: unknown }).gc;
  if (typeof gc !== "function") {
    throw new Error(
      "gc() is not exposed: run with --v8-flags=--expose-gc",
    );
  }
  return gc as () => void;
}

/** Resolves in a later task, after the current turn and its microtasks. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs bounded "end the turn, collect, yield a task" rounds until `condition` holds. */
export async function collectUntil(
  condition: () => boolean,
  options: CollectOptions = {},
): Promise<boolean> {
  const { maxRounds = 10, gc = requireGc(globalThis) } = options;
  for (let round = 0; round < maxRounds; round++) {
    await nextTask(); // the turn that touched the target ends here
    gc();
    await nextTask(); // cleanup callbacks made due by gc() run here
    if (condition()) return true;
  }
  return false; // not observed: inconclusive, never proof of a leak
}
