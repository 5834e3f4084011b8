/**
 * Deterministic garbage collection for the course's tests and lesson examples.
 *
 * A collection only clears a target that nothing strong reaches and that the
 * current job has not kept alive, so every helper here first lets the current
 * job end (it waits for the next macrotask), then calls V8's `gc()`. Waiting
 * for an outcome is bounded: a `false` result means "not observed", which is
 * inconclusive, never proof that something is still reachable.
 *
 * Run code that uses it with `--v8-flags=--expose-gc`; `deno task grade` and
 * `deno task test` do.
 *
 * @example Watch a target go away
 * ```ts
 * import { collectUntil } from "@course/gc";
 *
 * function makeRef(): WeakRef<object> {
 *   return new WeakRef({ big: new Uint8Array(1024) });
 * }
 *
 * const ref = makeRef();
 * const gone = await collectUntil(() => ref.deref() === undefined);
 * if (!gone) throw new Error("expected the target to be collected");
 * ```
 *
 * @module
 */

/** The error thrown when V8's `gc()` is not exposed to this process. */
export class GcUnavailableError extends Error {
  constructor() {
    super(
      "gc() is not exposed: run with --v8-flags=--expose-gc (deno task grade and deno task test do)",
    );
    this.name = "GcUnavailableError";
  }
}

/**
 * Where the grader keeps V8's `gc()` while it grades, out of sight of the
 * code under test; {@linkcode requireGc} looks there too.
 */
export const hiddenGcKey: unique symbol = Symbol.for("@course/gc: gc()");

/** Returns V8's `gc()` function, or throws {@linkcode GcUnavailableError}. */
export function requireGc(): () => void {
  const gc = (globalThis as { gc?: unknown }).gc ??
    (globalThis as { [hiddenGcKey]?: unknown })[hiddenGcKey];
  if (typeof gc !== "function") throw new GcUnavailableError();
  return gc as () => void;
}

/** Resolves in a later macrotask, after the current job and its microtasks. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Options for {@linkcode collect}. */
export interface CollectOptions {
  /** How many "end the job, then collect" rounds to run. */
  rounds?: number;
}

/** Lets the current job end, then collects garbage, `rounds` times (2 by default). */
export async function collect(options: CollectOptions = {}): Promise<void> {
  const gc = requireGc();
  const { rounds = 2 } = options;
  for (let i = 0; i < rounds; i++) {
    await nextTask();
    gc();
  }
  await nextTask();
}

/** Options for {@linkcode collectUntil}. */
export interface CollectUntilOptions {
  /** The most "collect, then yield a task" rounds to try (10 by default). */
  maxRounds?: number;
}

/**
 * Repeats "let the job end, collect, yield a task" until `condition` holds or
 * `maxRounds` rounds have run. Returns whether the condition was seen to hold.
 * Finalization callbacks that the collections make due run in those tasks.
 */
export async function collectUntil(
  condition: () => boolean,
  options: CollectUntilOptions = {},
): Promise<boolean> {
  const gc = requireGc();
  const { maxRounds = 10 } = options;
  for (let i = 0; i < maxRounds; i++) {
    await nextTask();
    gc();
    await nextTask();
    if (condition()) return true;
  }
  return false;
}
