/**
 * Tests for `handle_tracker.ts`: one test per requirement listed for
 * `handle_tracker` in course.json, where its wrong answers are kept too.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { assertCollected } from "@course/gc";
import {
  anyName,
  assertAllCollected,
  assertEveryCase,
  assertNothingKept,
  assertOldestFirst,
  assertProperty,
  assertSameArray,
  attempt,
  type CallbackList,
  distinctNames,
  noted,
  nothingKeptRequirement,
  noting,
  sameItems,
  sample,
  settled,
  show,
} from "../_testing.ts";
import {
  type Handle,
  type HandleTracker,
  handleTracker as handleTrackerUnderTest,
} from "./handle_tracker.ts";

/** The function under test, noting each tracker it makes. */
const handleTracker = noting(handleTrackerUnderTest);

/** Why a forgotten handle may never be reported. */
const neverReported =
  "Either something keeps the handle reachable (the registry holds each held value strongly, so it must not be or contain the handle), or the callback never comes (keep one registry for as long as the tracker).";

/** Calls `tracker.open()`; an error it throws fails the test. */
function open(tracker: HandleTracker, name: string): Handle {
  return noted(attempt(`open(${show(name)})`, () => tracker.open(name)));
}

/** Calls `handle.close()`; an error it throws fails the test. */
function close(handle: Handle): boolean {
  return attempt(
    `close() of the handle ${show(handle.name)}`,
    () => handle.close(),
  );
}

/** Opens a handle, closes it if asked, drops it; returns a WeakRef to it. */
function openAndDrop(
  tracker: HandleTracker,
  name: string,
  closeIt = false,
): WeakRef<Handle> {
  const handle = open(tracker, name);
  if (closeIt) close(handle);
  return new WeakRef(handle);
}

/** How a forgotten handle that stays alive fails a test. */
const forgottenHandle = {
  message:
    "A handle that nothing else held was never collected: something keeps it reachable. The registry holds each held value strongly, so the held value must not be the handle or contain it, and nothing else may keep the handles.",
  name: "a forgotten handle",
};

Deno.test("open() returns a new open handle with its name", () => {
  assertProperty(anyName, (name) => {
    const tracker = handleTracker();
    const handle = open(tracker, name);
    if (handle.name !== name) {
      return `open(${show(name)}) returned a handle named ${
        show(handle.name)
      }: keep the name exactly as given.`;
    }
    if (handle.closed !== false) {
      return `open(${show(name)}) returned a handle whose closed is ${
        show(handle.closed)
      }: a new handle is open, so closed is false.`;
    }
    if (open(tracker, name) === handle) {
      return `open(${
        show(name)
      }) returned the same handle twice: every call makes a new handle, even for a name already in use.`;
    }
    return undefined;
  }, { numRuns: 200 });
});

Deno.test("close() returns true the first time and false afterwards", () => {
  const tracker = handleTracker();
  const [name = ""] = distinctNames(1);
  const handle = open(tracker, name);
  const results = [close(handle), close(handle), close(handle)];
  assert.deepEqual(
    results,
    [true, false, false],
    `Three calls of close() returned ${
      show(results)
    }: the first unregisters the handle and returns true (what unregister() returned), later ones find nothing to unregister and return false.`,
  );
});

Deno.test("close() marks the handle as closed", () => {
  const tracker = handleTracker();
  const [name = "", otherName = ""] = distinctNames(2);
  const handle = open(tracker, name);
  const other = open(tracker, otherName);
  const namesake = open(tracker, name);
  close(handle);
  assert.equal(
    handle.closed,
    true,
    "After close(), the handle's closed flag is not true: close() must set it.",
  );
  close(handle);
  assert.equal(
    handle.closed,
    true,
    "After a second close(), closed is no longer true: a closed handle stays closed.",
  );
  assert.equal(
    other.closed,
    false,
    "Closing one handle changed the closed flag of another: each handle has its own.",
  );
  assert.equal(
    namesake.closed,
    false,
    "Closing one handle made another handle with the same name read as closed: each handle has its own flag, whatever its name.",
  );
  const reopened = open(tracker, name);
  assert.equal(
    handle.closed,
    true,
    "Opening a new handle with a closed handle's name made the closed one read as open again: each handle has its own flag.",
  );
  assert.equal(reopened.closed, false, "A new handle must start open.");
  close(namesake);
  close(reopened);
});

Deno.test("handleTracker() reports every handle that was never closed, once each", async () => {
  const [name = ""] = distinctNames(1);
  const cases = [
    [name, name],
    [""],
    ...sample(fc.array(anyName, { maxLength: 6 }), 30),
  ];
  const trackers = cases.map(() => handleTracker());
  await assertAllCollected(
    cases.flatMap((names, i) =>
      names.map((name) => openAndDrop(trackers[i]!, name))
    ),
    forgottenHandle,
  );
  await settled(() =>
    trackers.every((tracker, i) => tracker.leaked.length >= cases[i]!.length)
  );
  assertEveryCase(cases, (names, i) => {
    const leaked = trackers[i]!.leaked;
    return sameItems(leaked, names)
      ? undefined
      : `Handles named ${
        show(names)
      } were opened, never closed, and collected, but leaked holds ${
        show(leaked)
      }: each forgotten handle is reported once, under exactly the name it was opened with (any string, even an empty or a repeated one).`;
  });
});

/** Handles to open, in order, and whether the test closes each. */
interface Scenario {
  handles: { name: string; close: boolean }[];
  /** Whether the test closes them last opened first. */
  backwards: boolean;
}

/** What became of the handles of a scenario. */
interface Played {
  /** WeakRefs to the handles the test forgot. */
  forgotten: WeakRef<Handle>[];
  /** WeakRefs to the handles the test closed. */
  closed: WeakRef<Handle>[];
  /** What each close() returned, in the order of the calls. */
  results: boolean[];
}

/** Opens, closes and drops the handles of `scenario`. */
function play(tracker: HandleTracker, scenario: Scenario): Played {
  const handles = scenario.handles.map(({ name }) => open(tracker, name));
  const refs = (close: boolean) =>
    handles.filter((_, i) => scenario.handles[i]!.close === close)
      .map((handle) => new WeakRef(handle));
  const closing = handles.filter((_, i) => scenario.handles[i]!.close);
  if (scenario.backwards) closing.reverse();
  return {
    forgotten: refs(false),
    closed: refs(true),
    results: closing.map(close),
  };
}

/** Says in words what the test did in `scenario`. */
function describe(scenario: Scenario): string {
  const handles = scenario.handles.map((h) =>
    `${show(h.name)} (${h.close ? "closed" : "forgotten"})`
  );
  return `The test opened handles named ${handles.join(", ")}, closed them ${
    scenario.backwards ? "last opened first" : "first opened first"
  } and dropped them all`;
}

Deno.test("handleTracker() reports exactly the handles that were not closed", async () => {
  const [name = ""] = distinctNames(1);
  const sameName = (...close: boolean[]): Scenario => ({
    handles: close.map((close) => ({ name, close })),
    backwards: false,
  });
  const cases = [
    sameName(false, true, true, true),
    sameName(true, false),
    ...sample(
      fc.record({
        handles: fc.uniqueArray(
          fc.record({ name: fc.string(), close: fc.boolean() }),
          { selector: (handle) => handle.name, maxLength: 6 },
        ),
        backwards: fc.boolean(),
      }),
      30,
    ),
  ];
  const trackers = cases.map(() => handleTracker());
  const played = cases.map((scenario, i) => play(trackers[i]!, scenario));
  await assertAllCollected(
    played.flatMap(({ forgotten }) => forgotten),
    forgottenHandle,
  );
  const forgotten = cases.map((scenario) =>
    scenario.handles.filter((h) => !h.close).map((h) => h.name)
  );
  // Closed handles must go too (another test checks it); wait for them and
  // for every report, so that a report of a closed handle has come by now.
  await settled(() =>
    played.every(({ closed }) => closed.every((ref) => !ref.deref())) &&
    trackers.every((tracker, i) =>
      tracker.leaked.length >= forgotten[i]!.length
    )
  );
  assertEveryCase(cases, (scenario, i) => {
    const { results } = played[i]!;
    const leaked = trackers[i]!.leaked;
    if (results.every((result) => result) && sameItems(leaked, forgotten[i]!)) {
      return undefined;
    }
    return `${describe(scenario)}: close() returned ${
      show(results)
    } (each must be true: each handle was open) and leaked holds ${
      show(leaked)
    }, where only ${
      show(forgotten[i])
    } were forgotten. Closing a handle must unregister that handle and no other, not even one with the same name: give each registration its own token.`;
  });
});

Deno.test("handleTracker() lets a closed handle be collected", async () => {
  const tracker = handleTracker();
  const [name = ""] = distinctNames(1);
  const ref = openAndDrop(tracker, name, true);
  await assertCollected(ref, {
    message:
      "A handle that was closed and dropped was never collected: something the tracker keeps (a list or a Set of closed handles?) still reaches it.",
    name: "the closed handle",
  });
});

/** The tracker's leaked list, as a {@linkcode CallbackList}. */
function subject(tracker: HandleTracker): CallbackList {
  return {
    list: "leaked",
    read: () => tracker.leaked,
    drop(name) {
      return {
        what: `The handle named ${show(name)} was dropped without close()`,
        ref: openAndDrop(tracker, name),
      };
    },
    neverCame: neverReported,
  };
}

Deno.test("handleTracker() lists leaked names oldest first", async () => {
  await assertOldestFirst(subject(handleTracker()));
});

Deno.test("handleTracker() returns the same leaked array every time", async () => {
  await assertSameArray(subject(handleTracker()));
});

/** Where the test keeps the one handle it still uses. */
interface Holder {
  handle?: Handle | undefined;
}

/**
 * Opens three handles with a tracker that it drops: one it closes, one it
 * forgets, one it leaves open in `holder`. Returns WeakRefs to the tracker
 * and its `leaked`.
 */
function dropTracker(
  holder: Holder,
): { tracker: WeakRef<HandleTracker>; leaked: WeakRef<string[]> } {
  const tracker = handleTracker();
  const [kept = "", closed = "", forgotten = ""] = distinctNames(3);
  holder.handle = open(tracker, kept);
  openAndDrop(tracker, closed, true);
  openAndDrop(tracker, forgotten);
  return {
    tracker: new WeakRef(tracker),
    leaked: new WeakRef(tracker.leaked),
  };
}

/** Closes the handle in `holder` and lets go of it. */
function closeHeld(holder: Holder): boolean {
  const result = close(holder.handle!);
  holder.handle = undefined;
  return result;
}

Deno.test("a dropped tracker can be collected while one of its handles is still in use", async () => {
  const holder: Holder = {};
  const refs = dropTracker(holder);
  await assertCollected(refs.tracker, {
    message:
      "The test dropped the tracker (it still uses one of its handles), but the tracker was never collected: something outside it, such as a module-level list, a held value or the handle itself, keeps it reachable.",
    name: "the tracker",
  });
  assert.equal(
    closeHeld(holder),
    true,
    "The handle still in use was open, but its close() returned false after its tracker was dropped: closing must still unregister it.",
  );
  await assertCollected(refs.leaked, {
    message:
      "The test dropped the tracker and all its handles, but the tracker's leaked array was never collected: something outside the tracker, such as a module-level list or registry, keeps it reachable.",
    name: "the tracker's leaked array",
  });
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a tracker or handle");
});
