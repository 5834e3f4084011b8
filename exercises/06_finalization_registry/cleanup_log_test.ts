/**
 * Tests for `cleanup_log.ts`: one test per requirement listed for
 * `cleanup_log` in course.json, where its wrong answers are kept too.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { assertCollected } from "@course/gc";
import {
  anyName,
  assertAllCollected,
  assertCallbackRuns,
  assertEveryCase,
  assertOldestFirst,
  assertSameArray,
  attempt,
  type CallbackList,
  distinctNames,
  sameItems,
  sample,
  settled,
  show,
} from "../_testing.ts";
import { type CleanupTracker, trackCleanup } from "./cleanup_log.ts";

/** Why a dropped target's label may never reach the log. */
const neverLogged =
  "Either something keeps the target reachable (the registry holds each held value strongly, so it must not be or contain the target), or the callback never comes (keep the registry reachable for as long as the tracker).";

/** Calls `tracker.track()`; an error it throws fails the test. */
function track(tracker: CleanupTracker, target: object, label: string): void {
  attempt(`track(target, ${show(label)})`, () => tracker.track(target, label));
}

/** Tracks a fresh object under each label; returns a WeakRef to it. */
function trackTemporary(
  tracker: CleanupTracker,
  ...labels: string[]
): WeakRef<object> {
  const target = { payload: new Uint8Array(1024) };
  for (const label of labels) track(tracker, target, label);
  return new WeakRef(target);
}

/** The tracker's log, as a {@linkcode CallbackList}. */
function subject(tracker: CleanupTracker): CallbackList {
  return {
    list: "log",
    read: () => tracker.log,
    drop(label) {
      return {
        what: `The target labelled ${show(label)} was dropped`,
        ref: trackTemporary(tracker, label),
      };
    },
    neverCame: neverLogged,
  };
}

Deno.test("trackCleanup() returns the same log array every time", async () => {
  await assertSameArray(subject(trackCleanup()));
});

Deno.test("trackCleanup() logs the label of each collected target once", async () => {
  const [label = ""] = distinctNames(1);
  const cases = [
    [label, label],
    [""],
    ...sample(fc.array(anyName, { maxLength: 6 }), 30),
  ];
  const trackers = cases.map(() => trackCleanup());
  const refs = cases.flatMap((labels, i) =>
    labels.map((label) => trackTemporary(trackers[i]!, label))
  );
  await assertAllCollected(refs, {
    message:
      "A tracked target that nothing else held was never collected: something keeps it reachable. The registry holds each held value strongly, so the held value must not be the target or contain it, and nothing else may keep the targets.",
    name: "a tracked target",
  });
  await settled(() =>
    trackers.every((tracker, i) => tracker.log.length >= cases[i]!.length)
  );
  assertEveryCase(cases, (labels, i) => {
    const log = trackers[i]!.log;
    return sameItems(log, labels)
      ? undefined
      : `Targets labelled ${
        show(labels)
      } were tracked, dropped and collected, but the log holds ${
        show(log)
      }: each collected target's label must be logged once, exactly as given (any string, even an empty or a repeated one).`;
  });
});

Deno.test("trackCleanup() logs nothing for a target still in use", async () => {
  const tracker = trackCleanup();
  const [keptLabel = "", droppedLabel = ""] = distinctNames(2);
  const kept = { payload: new Uint8Array(1024) };
  track(tracker, kept, keptLabel);
  assert.deepEqual(
    tracker.log,
    [],
    `Right after track(), the log already holds ${
      show(tracker.log)
    }: a label belongs in the log only once its target has been collected.`,
  );
  const dropped = trackTemporary(tracker, droppedLabel);
  await assertCallbackRuns(() => tracker.log.includes(droppedLabel), dropped, {
    message: `The dropped target's label ${
      show(droppedLabel)
    } never reached the log. ${neverLogged}`,
    name: "the dropped target",
  });
  assert.deepEqual(
    tracker.log,
    [droppedLabel],
    `The log holds ${
      show(tracker.log)
    }, where only the dropped target's label ${
      show(droppedLabel)
    } belongs, once: the target labelled ${
      show(keptLabel)
    } is still in use, so it cannot have been collected.`,
  );
  assert.equal(kept.payload.length, 1024); // `kept` stays reachable to here
});

Deno.test("trackCleanup() adds each new label after the ones already logged", async () => {
  await assertOldestFirst(subject(trackCleanup()));
});

Deno.test("trackCleanup() logs a target tracked twice under each label", async () => {
  const tracker = trackCleanup();
  const [first = "", second = ""] = distinctNames(2);
  const labels = [first, second, first];
  const ref = trackTemporary(tracker, ...labels);
  await assertCollected(ref, {
    message:
      "A target tracked three times was never collected: something keeps it reachable.",
    name: "the target tracked three times",
  });
  await settled(() => tracker.log.length >= labels.length);
  assert.ok(
    sameItems(tracker.log, labels),
    `One target was tracked ${labels.length} times, under ${
      show(labels)
    }, then dropped, and the log holds ${
      show(tracker.log)
    }: every track() call is a registration of its own, so each of them is logged.`,
  );
});

/** Tracks `targets` with a tracker that it drops; returns WeakRefs to it. */
function dropTracker(
  targets: readonly object[],
): { tracker: WeakRef<CleanupTracker>; log: WeakRef<string[]> } {
  const tracker = trackCleanup();
  targets.forEach((target, i) => track(tracker, target, `target ${i}`));
  trackTemporary(tracker, "dropped");
  return { tracker: new WeakRef(tracker), log: new WeakRef(tracker.log) };
}

Deno.test("a dropped tracker can be collected while its targets are still in use", async () => {
  const targets = [{ id: 1 }, { id: 2 }];
  const refs = dropTracker(targets);
  await assertAllCollected([
    {
      ref: refs.tracker,
      message:
        "The test dropped the tracker (it still uses the tracked targets), but the tracker was never collected: something outside it, such as a module-level list or registry, keeps it reachable.",
      name: "the tracker",
    },
    {
      ref: refs.log,
      message:
        "The test dropped the tracker, but its log was never collected: a registry shared by every tracker keeps each log in its held values for as long as the targets live. Create one registry per tracker.",
      name: "the tracker's log",
    },
  ]);
  assert.equal(targets.length, 2); // the targets stay reachable to here
});
