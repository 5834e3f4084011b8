/**
 * Tests for `watch.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/05_tracking_objects/watch/):
 * - strong_closure: the interval's callback passes the `target` parameter to
 *   `onTick`, so the watcher keeps its target alive for ever.
 * - never_clears: skips `onTick` once the target is gone but never clears the
 *   interval, which keeps firing for nothing.
 * - passes_weakref: calls `onTick` with the `WeakRef` instead of the target.
 * - stop_does_nothing: returns a stop function that leaves the interval running.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";
import { type Stop, watch } from "./watch.ts";

/** A signed-in user's session, the kind of object a monitor watches. */
class Session {
  readonly scratch = new Uint8Array(4096);
  constructor(readonly user: string) {}
}

type TimerId = ReturnType<typeof setInterval>;

/**
 * Records every interval started while installed and which were cleared.
 * `restore()` puts the real functions back and clears whatever is still
 * running, so a failing test never leaves a live timer behind.
 */
function trackIntervals() {
  const realSetInterval = globalThis.setInterval;
  const realClearInterval = globalThis.clearInterval;
  const realClearTimeout = globalThis.clearTimeout;
  const started: TimerId[] = [];
  const cleared = new Set<unknown>();
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const id = realSetInterval(...args);
    started.push(id);
    return id;
  }) as typeof setInterval;
  globalThis.clearInterval = ((id?: TimerId) => {
    cleared.add(id);
    realClearInterval(id);
  }) as typeof clearInterval;
  globalThis.clearTimeout = ((id?: TimerId) => {
    cleared.add(id);
    realClearTimeout(id);
  }) as typeof clearTimeout;
  return {
    started,
    /** The intervals started and not cleared yet. */
    live(): TimerId[] {
      return started.filter((id) => !cleared.has(id));
    },
    restore(): void {
      globalThis.setInterval = realSetInterval;
      globalThis.clearInterval = realClearInterval;
      globalThis.clearTimeout = realClearTimeout;
      for (const id of started) realClearInterval(id);
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it holds or `ms` milliseconds have passed. */
async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await delay(2);
  }
  return true;
}

/** Starts a watcher on a session that only the watcher could reach. */
function watchForgottenSession(counter: { ticks: number }): {
  ref: WeakRef<Session>;
  stop: Stop;
} {
  const session = new Session("linus");
  const stop = watch(session, () => counter.ticks++, 5);
  return { ref: new WeakRef(session), stop };
}

const notStarted =
  "watch() must start one interval with setInterval(callback, ms)";

Deno.test("watch() calls onTick with the live target on every tick", async () => {
  const timers = trackIntervals();
  try {
    const session = new Session("ada");
    const seen: unknown[] = [];
    const stop = watch(session, (target) => seen.push(target), 5);
    assert.equal(
      timers.started.length,
      1,
      `${notStarted}; it started ${timers.started.length}.`,
    );
    const ticked = await waitFor(() => seen.length >= 3, 2000);
    assert.ok(
      ticked,
      `With ms = 5, onTick ran only ${seen.length} times in 2 seconds: call it on every tick while the target is alive.`,
    );
    assert.ok(
      seen.every((value) => value === session),
      "onTick must receive the target itself (the value deref() returned), not a WeakRef or a copy.",
    );
    stop();
  } finally {
    timers.restore();
  }
});

Deno.test("watch() returns a function that stops the watcher", async () => {
  const timers = trackIntervals();
  try {
    const session = new Session("grace");
    let ticks = 0;
    const stop = watch(session, () => ticks++, 5);
    assert.equal(timers.started.length, 1, `${notStarted}.`);
    assert.ok(
      await waitFor(() => ticks >= 1, 2000),
      "onTick never ran within 2 seconds while the target was alive.",
    );
    stop();
    assert.equal(
      timers.live().length,
      0,
      "After stop(), the interval that watch() started must be cleared (clearInterval with its id).",
    );
    const before = ticks;
    await delay(40);
    assert.equal(ticks, before, "onTick must not run after stop().");
    assert.equal(session.user, "grace"); // the session stayed alive throughout
  } finally {
    timers.restore();
  }
});

Deno.test("watch() does not keep its target alive", async () => {
  const timers = trackIntervals();
  try {
    const counter = { ticks: 0 };
    const { ref } = watchForgottenSession(counter);
    assert.equal(timers.started.length, 1, `${notStarted}.`);
    const collected = await collectUntil(() => ref.deref() === undefined);
    assert.ok(
      collected,
      "Only the watcher could reach the session, yet it was not collected within 10 rounds: the interval's callback must reach the target only through a WeakRef, never through the `target` parameter or a variable that holds it.",
    );
  } finally {
    timers.restore();
  }
});

Deno.test("watch() clears its own interval once the target is collected", async () => {
  const timers = trackIntervals();
  try {
    const counter = { ticks: 0 };
    const { ref } = watchForgottenSession(counter);
    assert.equal(timers.started.length, 1, `${notStarted}.`);
    const collected = await collectUntil(() => ref.deref() === undefined);
    assert.ok(
      collected,
      "The session was not collected within 10 rounds, so the watcher never got the chance to stop: do not let the interval's callback hold the target.",
    );
    const cleared = await waitFor(() => timers.live().length === 0, 1000);
    assert.ok(
      cleared,
      "The session was collected, but 1 second later the interval was still running: when deref() returns undefined, call clearInterval with the interval's id.",
    );
    const ticks = counter.ticks;
    await delay(30);
    assert.equal(
      counter.ticks,
      ticks,
      "onTick must not run once the target is gone.",
    );
  } finally {
    timers.restore();
  }
});
