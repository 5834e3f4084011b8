/**
 * Tests for `cleanup_log.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/06_finalization_registry/cleanup_log/):
 * - held_value_reaches_target: the held value contains the target, so no
 *   tracked target can ever be collected.
 * - registry_per_call: a new registry per track() call, dropped at once, so
 *   its callbacks never arrive.
 * - logs_when_tracked: logs the label when the target is tracked, not after
 *   it has been collected.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";
import { type CleanupTracker, trackCleanup } from "./cleanup_log.ts";

/** Tracks a fresh object that nothing else keeps; returns a WeakRef to it. */
function trackTemporary(
  tracker: CleanupTracker,
  label: string,
): WeakRef<object> {
  const target = { label, payload: new Uint8Array(1024) };
  tracker.track(target, label);
  return new WeakRef(target);
}

Deno.test("trackCleanup() starts with an empty log", () => {
  const tracker = trackCleanup();
  assert.deepEqual(
    tracker.log,
    [],
    "Nothing has been collected yet, so the log must be empty.",
  );
});

Deno.test("trackCleanup() does not keep a tracked target alive", async () => {
  const tracker = trackCleanup();
  const ref = trackTemporary(tracker, "report");
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "The tracked target was never collected: something keeps it reachable. The registry holds its held value strongly, so the held value must not be the target or contain it.",
  );
});

Deno.test("trackCleanup() logs the label of a collected target", async () => {
  const tracker = trackCleanup();
  trackTemporary(tracker, "report");
  const logged = await collectUntil(() => tracker.log.includes("report"));
  assert.ok(
    logged,
    `After 10 rounds of "collect, then wait a task", "report" was not in the log (log: ${
      JSON.stringify(tracker.log)
    }). Register the target with its label as the held value, and keep the registry reachable for as long as the tracker is: a registry that nothing reaches may be collected, and then its callbacks never run.`,
  );
  assert.deepEqual(
    tracker.log,
    ["report"],
    "The label of the one collected target must be logged exactly once.",
  );
});

Deno.test("trackCleanup() logs every collected target once", async () => {
  const tracker = trackCleanup();
  for (const label of ["a", "b", "c"]) trackTemporary(tracker, label);
  const logged = await collectUntil(() => tracker.log.length >= 3);
  assert.ok(
    logged,
    `Three targets were tracked and dropped, but the log holds ${
      JSON.stringify(tracker.log)
    }. Every collected target's label should arrive through the registry's callback.`,
  );
  assert.deepEqual(
    [...tracker.log].sort(),
    ["a", "b", "c"],
    "Each label appears once (callbacks may arrive in any order, so the test sorts them).",
  );
});

Deno.test("trackCleanup() logs nothing for a target still in use", async () => {
  const tracker = trackCleanup();
  const kept = { label: "kept" };
  tracker.track(kept, "kept");
  assert.equal(
    tracker.log.length,
    0,
    "A label belongs in the log only after its target has been collected, not when it is tracked.",
  );
  trackTemporary(tracker, "dropped");
  const logged = await collectUntil(() => tracker.log.includes("dropped"));
  assert.ok(
    logged,
    'The dropped target\'s label "dropped" never reached the log: the callback must log it.',
  );
  assert.ok(
    !tracker.log.includes("kept"),
    'The log contains "kept", but that target is still referenced by the test: it cannot have been collected.',
  );
  assert.equal(kept.label, "kept"); // uses `kept`, so it stays reachable to here
});
