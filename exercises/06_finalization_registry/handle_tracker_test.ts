/**
 * Tests for `handle_tracker.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/06_finalization_registry/handle_tracker/):
 * - never_unregisters: close() does not unregister, so closed handles are
 *   reported as leaked too.
 * - handle_as_held_value: uses the handle as its own held value, which
 *   register() rejects with a TypeError.
 * - close_always_true: close() returns true on every call instead of passing
 *   on what unregister() reports.
 * - held_value_reaches_handle: the held value holds the handle, so no handle
 *   is ever collected or reported.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collect, collectUntil } from "@course/gc";
import { type HandleTracker, handleTracker } from "./handle_tracker.ts";

/** Opens a handle, optionally closes it, drops it; returns a WeakRef to it. */
function openAndDrop(
  tracker: HandleTracker,
  name: string,
  closeIt: boolean,
): WeakRef<object> {
  const handle = tracker.open(name);
  if (closeIt) handle.close();
  return new WeakRef(handle);
}

Deno.test("open() returns an open handle with its name", () => {
  const tracker = handleTracker();
  assert.doesNotThrow(
    () => tracker.open("probe"),
    "open() threw: register() throws a TypeError when the held value is the target itself. Use something that does not reach the handle, such as its name.",
  );
  const handle = tracker.open("config.json");
  assert.equal(handle.name, "config.json", "The handle keeps its name.");
  assert.equal(handle.closed, false, "A new handle is open: closed is false.");
});

Deno.test("close() returns true the first time and false afterwards", () => {
  const tracker = handleTracker();
  const handle = tracker.open("config.json");
  assert.equal(
    handle.close(),
    true,
    "The first close() unregisters the handle, so it returns true (what unregister() returned).",
  );
  assert.equal(handle.closed, true, "After close(), closed is true.");
  assert.equal(
    handle.close(),
    false,
    "The second close() finds nothing left to unregister, so it returns false: unregister() reports whether it removed anything.",
  );
  assert.equal(handle.closed, true, "A closed handle stays closed.");
});

Deno.test("handleTracker() reports a handle that was never closed", async () => {
  const tracker = handleTracker();
  const ref = openAndDrop(tracker, "cache.db", false);
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "The forgotten handle was never collected: the registry holds held values strongly, so the held value must not hold the handle.",
  );
  const reported = await collectUntil(() =>
    tracker.leaked.includes("cache.db")
  );
  assert.ok(
    reported,
    `The forgotten handle "cache.db" was collected but not reported (leaked: ${
      JSON.stringify(tracker.leaked)
    }). Register every handle in one registry that the tracker keeps, with the name as the held value.`,
  );
  assert.deepEqual(
    tracker.leaked,
    ["cache.db"],
    "The one forgotten handle is reported exactly once.",
  );
});

Deno.test("handleTracker() does not report a handle that was closed", async () => {
  const tracker = handleTracker();
  const closedRef = openAndDrop(tracker, "closed.txt", true);
  const forgottenRef = openAndDrop(tracker, "forgotten.txt", false);
  const done = await collectUntil(() =>
    closedRef.deref() === undefined &&
    forgottenRef.deref() === undefined &&
    tracker.leaked.includes("forgotten.txt")
  );
  assert.ok(
    done,
    `Both handles should be collected and "forgotten.txt" reported (leaked: ${
      JSON.stringify(tracker.leaked)
    }).`,
  );
  await collect(); // give any other pending callback its chance to run
  assert.deepEqual(
    tracker.leaked,
    ["forgotten.txt"],
    'Only the forgotten handle may be reported. "closed.txt" was closed, so close() must unregister it (pass the token to register(), then call unregister(token)).',
  );
});
