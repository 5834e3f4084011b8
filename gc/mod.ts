/**
 * Deterministic garbage collection for the course's tests and lesson examples.
 *
 * A collection only clears a target that nothing strong reaches and that the
 * current turn has not kept alive, so every helper here first lets the current
 * turn end (it waits for the next task), then calls V8's `gc()`. Waiting
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
 * When a target should have gone and has not, {@linkcode assertCollected}
 * fails with the chain of references that keeps it, found by
 * {@linkcode whyAlive} in a heap snapshot (which needs the `sys` permission).
 *
 * @example Fail with the path that keeps a target alive
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertCollected } from "@course/gc";
 *
 * const kept: object[] = [];
 * function track(): WeakRef<object> {
 *   const target = { name: "kept" };
 *   kept.push(target);
 *   return new WeakRef(target);
 * }
 *
 * await assert.rejects(
 *   assertCollected(track(), { message: "The target was not collected", maxRounds: 2 }),
 *   /The target was not collected\n/,
 * );
 * ```
 *
 * @module
 */

import type { WhyAlive, WhyAliveOptions } from "./why_alive.ts";
import { explainsOnce, gradingGc } from "./_graded.ts";

export type { Hop, HopKind, WhyAlive, WhyAliveOptions } from "./why_alive.ts";

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
 * Returns V8's `gc()` function, or throws {@linkcode GcUnavailableError}.
 * Under the grader it is the one the grader handed over, whatever the code
 * under test puts in the global `gc`.
 */
export function requireGc(): () => void {
  const gc = gradingGc() ?? (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== "function") throw new GcUnavailableError();
  return gc as () => void;
}

/** Resolves in a later task, after the current turn (this task and its microtasks). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Options for {@linkcode collect}. */
export interface CollectOptions {
  /** How many "end the turn, then collect" rounds to run. */
  rounds?: number;
}

/** Lets the current turn end, then collects garbage, `rounds` times (2 by default). */
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
 * Repeats "let the turn end, collect, yield a task" until `condition` holds or
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

/**
 * Takes a heap snapshot and explains what keeps `value` reachable: the
 * shortest chain of strong references from a GC root to it, in words and as
 * hops. Needs the `sys` permission. The snapshot reader (and the inspector)
 * load on the first call, so that code that never asks pays nothing.
 */
export function whyAlive(
  value: WeakKey,
  options?: WhyAliveOptions,
): Promise<WhyAlive> {
  return import("./why_alive.ts").then((explainer) =>
    explainer.whyAlive(value, options)
  );
}

/** Options for {@linkcode assertCollected}. */
export interface AssertCollectedOptions extends CollectUntilOptions {
  /** The failure's first line, for example "The closed label was not collected". */
  message: string;
  /** How the retaining path names the target, for example "the label". */
  name?: string;
}

/**
 * Collects garbage until `ref`'s target is gone, as {@linkcode collectUntil}
 * does. When the target is still there after the last round, throws an
 * `AssertionError` whose message is `message` followed by the chain of
 * references that keeps the target (see {@linkcode whyAlive}), or by one line
 * saying why no chain is shown. A target that goes away costs no snapshot.
 */
export async function assertCollected(
  ref: WeakRef<WeakKey>,
  options: AssertCollectedOptions,
): Promise<void> {
  if (await collectUntil(() => ref.deref() === undefined, options)) return;
  // A snapshot costs up to a second. Under the grader, one explanation per
  // run is enough to start from, and keeps a run with many failures within
  // its time limit.
  if (explainsOnce() && explained) {
    if (ref.deref() === undefined) return;
    const { AssertionError } = await import("node:assert");
    throw new AssertionError({
      message:
        `${options.message}\nNo retaining path is shown: only the first failing collection of a run is explained.`,
    });
  }
  explained = true;
  const why = await explainTarget(ref, options);
  if (why === undefined) return;
  // Loaded here, like whyAlive(): a passing test loads nothing more.
  const { AssertionError } = await import("node:assert");
  throw new AssertionError({ message: `${options.message}\n${why}` });
}

/** Whether a failing collection of this process was explained already. */
let explained = false;

/**
 * What keeps `ref`'s target reachable, in words; `undefined` when it has just
 * gone. The target is only held during this synchronous call, so that neither
 * this frame nor the caller's keeps it while the snapshot is taken.
 */
function explainTarget(
  ref: WeakRef<WeakKey>,
  options: WhyAliveOptions,
): Promise<string | undefined> {
  const target = ref.deref();
  if (target === undefined) return Promise.resolve(undefined);
  return whyAlive(target, options).then(
    ({ text }) => text,
    (error: unknown) => `No retaining path is shown: ${whyNoPath(error)}`,
  );
}

function whyNoPath(error: unknown): string {
  if (
    error instanceof Deno.errors.NotCapable && /\bsys\b/.test(error.message)
  ) {
    return "a heap snapshot needs the sys permission (run with --allow-sys)";
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `the heap snapshot failed: ${detail}`;
}
