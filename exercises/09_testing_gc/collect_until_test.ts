/**
 * Tests for `collect_until.ts`.
 *
 * The grader hides V8's `gc()` from the code under test. A test that needs a
 * global `gc` defines one for as long as it runs (`withGlobalGc`); most tests
 * define the same function as the global and as `options.gc`, so that only
 * the three tests about choosing a collector depend on which one is called.
 * The collectors handed to `collectUntil` count their calls and stop a loop
 * that ignores `maxRounds`.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { nextTask, requireGc as requireRealGc } from "@course/gc";
import {
  assertAsyncProperty,
  asyncOutcomeOf,
  describeError,
  type Outcome,
} from "../_testing.ts";
import {
  type CollectOptions,
  collectUntil,
  requireGc,
} from "./collect_until.ts";

/** How the flag that exposes gc() is spelled. */
const flag = "--v8-flags=--expose-gc";

/** Makes a target in this separate frame and returns only a WeakRef to it. */
function makeRef(): WeakRef<object> {
  return new WeakRef({ payload: new Uint8Array(1024) });
}

/** A collector that counts its calls. */
interface Spy {
  /** The function to hand to `collectUntil`. */
  gc: () => void;
  /** How many times it was called. */
  calls: number;
}

/** The most calls a spy allows, far above any `maxRounds` used here. */
const callLimit = 50;

/**
 * A collector that counts its calls and then runs `work` (nothing by
 * default); past `callLimit` calls it throws, to stop a runaway loop.
 */
function spyGc(work: () => void = () => {}): Spy {
  const spy: Spy = {
    calls: 0,
    gc: () => {
      spy.calls++;
      if (spy.calls > callLimit) {
        throw new Error(
          `gc() was called more than ${callLimit} times: collectUntil must stop after maxRounds rounds`,
        );
      }
      work();
    },
  };
  return spy;
}

/** A spy that runs V8's real collector. */
function realSpy(): Spy {
  return spyGc(requireRealGc());
}

/**
 * Runs `body` with `gc` as the global `gc` (or with no global `gc` when it is
 * undefined), then puts back what was there. Under `--expose-gc` V8's own
 * `gc` cannot be deleted: it is set to undefined instead.
 */
async function withGlobalGc<T>(
  gc: (() => void) | undefined,
  body: () => Promise<T>,
): Promise<T> {
  const global = globalThis as { gc?: unknown };
  const before = Object.getOwnPropertyDescriptor(global, "gc");
  if (before && !before.configurable) global.gc = gc;
  else if (gc === undefined) delete global.gc;
  else global.gc = gc;
  try {
    return await body();
  } finally {
    if (before && !before.configurable) global.gc = before.value;
    else if (before) Object.defineProperty(global, "gc", before);
    else delete global.gc;
  }
}

/** The value of `outcome`, or a failed assertion that says what was thrown. */
function valueOf<T>(outcome: Outcome<T>, call: string): T {
  if ("threw" in outcome) {
    assert.fail(`${call} threw ${describeError(outcome.threw)}.`);
  }
  return outcome.returned;
}

/** What `run` threw, or undefined when it returned. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Runs `collectUntil(condition, options)` with `global` as the global gc (no
 * global gc when it is undefined), and records how it ended.
 */
function collectWithGlobal(
  global: (() => void) | undefined,
  condition: () => boolean,
  options?: CollectOptions,
): Promise<Outcome<boolean>> {
  return withGlobalGc(
    global,
    () => asyncOutcomeOf(() => collectUntil(condition, options)),
  );
}

/** Runs `collectUntil` with `spy.gc` as both the global gc and the gc option. */
function collectWith(
  spy: Spy,
  condition: () => boolean,
  options: { maxRounds?: number } = {},
): Promise<Outcome<boolean>> {
  return collectWithGlobal(spy.gc, condition, { ...options, gc: spy.gc });
}

Deno.test("requireGc() returns the very gc function of the scope it is given", async () => {
  const own = () => {};
  for (const global of [undefined, () => {}]) {
    await withGlobalGc(global, () => {
      const found = thrownBy(() => requireGc({ gc: own }));
      assert.equal(
        found,
        undefined,
        `requireGc({ gc }) threw ${
          describeError(found)
        }, but the scope has a gc function.`,
      );
      assert.equal(
        requireGc({ gc: own }),
        own,
        `requireGc({ gc }) must return that same function, not a wrapper or ${
          global ? "the global gc" : "another function"
        }.`,
      );
      return Promise.resolve();
    });
  }
});

Deno.test("requireGc() throws an error that says how to run when the scope has no gc", async () => {
  // A global gc exists here: requireGc must still look only at its scope.
  await withGlobalGc(() => {}, () => {
    for (
      const [shown, scope] of [["{}", {}], ["{ gc: undefined }", {
        gc: undefined,
      }]] as const
    ) {
      const error = thrownBy(() => requireGc(scope));
      assert.ok(
        error instanceof Error,
        `requireGc(${shown}) must throw an Error, since that scope has no gc (look only at the scope, not at globalThis); ${
          error === undefined
            ? "it returned instead"
            : `it threw ${describeError(error)}`
        }.`,
      );
      assert.ok(
        error.message.includes(flag),
        `The message of requireGc(${shown})'s error, "${error.message}", must tell the reader to run with ${flag}.`,
      );
    }
    return Promise.resolve();
  });
});

/** Values that are not functions, so not a gc, whatever they look like. */
const notFunctions: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, 0, 1, "", "gc", true, false, {}, []),
  fc.anything().filter((value) =>
    value !== undefined && typeof value !== "function"
  ),
);

Deno.test("requireGc() refuses a gc that is not a function", async () => {
  await withGlobalGc(() => {}, () =>
    assertAsyncProperty(notFunctions, (gc) => {
      const error = thrownBy(() => requireGc({ gc }));
      return Promise.resolve(
        error instanceof Error
          ? undefined
          : `requireGc({ gc: ${
            fc.stringify(gc)
          } }) must throw an Error: only a function can be called as gc(). ${
            error === undefined
              ? "It returned instead."
              : `It threw ${describeError(error)}.`
          }`,
      );
    }, { numRuns: 100 }));
});

Deno.test("collectUntil() calls the global gc() by default and sees an unreachable target cleared", async () => {
  const ref = makeRef();
  const spy = realSpy();
  const outcome = await collectWithGlobal(
    spy.gc,
    () => ref.deref() === undefined,
  );
  const gone = valueOf(
    outcome,
    "collectUntil(condition) with no options, while a global gc() exists,",
  );
  assert.ok(
    spy.calls > 0,
    "With no gc option, collectUntil must call the global gc(), read with requireGc(globalThis) when it is called.",
  );
  assert.equal(
    gone,
    true,
    "Nothing holds the target, so within 10 rounds of collecting the WeakRef should be empty and collectUntil should return true: check the steps of a round.",
  );
  // The global gc is read once, when collectUntil is called: a gc put in
  // its place meanwhile is not the one this call collects with.
  const first = spyGc();
  const later = spyGc();
  await collectWithGlobal(first.gc, () => {
    (globalThis as { gc?: unknown }).gc = later.gc;
    return false;
  }, { maxRounds: 3 });
  assert.deepEqual(
    [first.calls, later.calls],
    [3, 0],
    `The global gc was replaced after the first round, and the three rounds called the first gc ${
      callsOf(first)
    } and the new one ${
      callsOf(later)
    }: read the global gc once, with requireGc(globalThis), when collectUntil is called.`,
  );
});

Deno.test("collectUntil() lets the current turn end before it collects", async () => {
  // The WeakRef was made in this turn, which keeps its target alive until the
  // turn ends: one round only succeeds if it waits for a task before gc().
  const ref = makeRef();
  const spy = realSpy();
  const outcome = await collectWith(spy, () => ref.deref() === undefined, {
    maxRounds: 1,
  });
  assert.equal(
    valueOf(outcome, "collectUntil(condition, { maxRounds: 1, gc })"),
    true,
    "With one round, the target was still there: step 1 (wait for a later task, with setTimeout) must come before gc(), or the turn that made the target keeps it alive.",
  );
});

/** A target that only the returned box holds, and a WeakRef to it. */
function boxedTarget(): { box: { target?: object }; ref: WeakRef<object> } {
  const box = { target: { payload: new Uint8Array(1024) } as object };
  return { box, ref: new WeakRef(box.target) };
}

Deno.test("collectUntil() lets the turn end before every collection, not only the first", async () => {
  // The condition reads the target (which keeps it alive until the turn
  // ends), then the program lets go of it: only a round that waits for a
  // task before its gc() can collect it.
  const { box, ref } = boxedTarget();
  let checks = 0;
  const condition = () => {
    checks++;
    const gone = ref.deref() === undefined;
    delete box.target;
    return gone;
  };
  const outcome = await collectWith(realSpy(), condition, { maxRounds: 3 });
  assert.equal(
    valueOf(outcome, "collectUntil(condition, { maxRounds: 3, gc })"),
    true,
    `A target that the condition read, then let go of, was still there after ${checks} rounds: every round must wait for a later task before gc(), not only the first, or the turn of the previous check keeps the target alive.`,
  );
});

/** Registers a target that only the returned box holds. */
function registerInBox(
  registry: FinalizationRegistry<string>,
  name: string,
): { target?: object } {
  const box = { target: { payload: new Uint8Array(1024) } };
  registry.register(box.target, name);
  return box;
}

Deno.test("collectUntil() waits a task after collecting, for cleanup callbacks", async () => {
  const cleaned: string[] = [];
  const registry = new FinalizationRegistry<string>((name) => {
    cleaned.push(name);
  });
  const box = registerInBox(registry, "report");
  const realGc = requireRealGc();
  // The target is let go of in the call to gc(), so no collection can have
  // scheduled its callback before then.
  const spy = spyGc(() => {
    box.target = undefined;
    realGc();
  });
  const outcome = await collectWith(spy, () => cleaned.length === 1, {
    maxRounds: 1,
  });
  assert.equal(
    valueOf(outcome, "collectUntil(condition, { maxRounds: 1, gc })"),
    true,
    "With one round, the cleanup callback had not run when the condition was checked: after gc(), wait for a later task (step 3) before checking, since callbacks never run in the middle of your code.",
  );
});

Deno.test("collectUntil() returns false, not an error, for a target that is still held", async () => {
  const held = { payload: new Uint8Array(1024) };
  const ref = new WeakRef(held);
  const spy = realSpy();
  const outcome = await collectWith(spy, () => ref.deref() === undefined, {
    maxRounds: 2,
  });
  if ("threw" in outcome) {
    assert.fail(
      `collectUntil threw ${
        describeError(outcome.threw)
      } for a target it did not see collected. "Not observed" is inconclusive, never proof of a leak: return false.`,
    );
  }
  assert.equal(
    outcome.returned,
    false,
    "A strongly held target cannot be collected: collectUntil should return false after its rounds.",
  );
});

/** Says how many times gc() was called, and whether the spy stopped a runaway loop. */
function callsOf(spy: Spy): string {
  return spy.calls > callLimit
    ? `more than ${callLimit} times (the test stopped it there)`
    : `${spy.calls} times`;
}

Deno.test("collectUntil() runs exactly maxRounds rounds when the condition never holds", async () => {
  // Values above 10 are drawn too, so that the default cannot pass for them.
  const maxRounds = fc.oneof(
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 11, max: 15 }),
  );
  await assertAsyncProperty(maxRounds, async (maxRounds) => {
    const spy = spyGc();
    await collectWith(spy, () => false, { maxRounds });
    return spy.calls === maxRounds
      ? undefined
      : `With maxRounds: ${maxRounds} and a condition that never holds, gc() was called ${
        callsOf(spy)
      }: run exactly maxRounds rounds, one gc() each.`;
  }, { numRuns: 5 });
});

Deno.test("collectUntil() runs 10 rounds by default", async () => {
  const spy = spyGc();
  await collectWith(spy, () => false);
  assert.equal(
    spy.calls,
    10,
    `Without maxRounds and with a condition that never holds, gc() was called ${
      callsOf(spy)
    }: the default is 10 rounds.`,
  );
});

Deno.test("collectUntil() with maxRounds: 0 runs no round and returns false", async () => {
  // "At most maxRounds rounds": below zero, too, that is none.
  for (const maxRounds of [0, -1]) {
    const spy = spyGc();
    const outcome = await collectWith(spy, () => false, { maxRounds });
    const call = `collectUntil(condition, { maxRounds: ${maxRounds} })`;
    const seen = valueOf(outcome, call);
    assert.equal(
      spy.calls,
      0,
      `With maxRounds: ${maxRounds}, gc() was called ${
        callsOf(spy)
      }: at most ${maxRounds} rounds means no round at all, not the default.`,
    );
    assert.equal(
      seen,
      false,
      `With maxRounds: ${maxRounds}, collectUntil must return false.`,
    );
  }
});

Deno.test("collectUntil() returns true as soon as the condition holds", async () => {
  const cases = fc.integer({ min: 2, max: 8 }).chain((maxRounds) =>
    fc.record({
      maxRounds: fc.constant(maxRounds),
      holdsAfter: fc.integer({ min: 1, max: maxRounds - 1 }),
    })
  );
  await assertAsyncProperty(cases, async ({ maxRounds, holdsAfter }) => {
    const spy = spyGc();
    const outcome = await collectWith(spy, () => spy.calls >= holdsAfter, {
      maxRounds,
    });
    const when =
      `With maxRounds: ${maxRounds} and a condition that holds from the ${holdsAfter}. gc() call on`;
    if ("threw" in outcome) {
      return `${when}, collectUntil threw ${describeError(outcome.threw)}.`;
    }
    if (outcome.returned !== true) {
      return `${when}, collectUntil returned ${
        fc.stringify(outcome.returned)
      } instead of true.`;
    }
    return spy.calls === holdsAfter
      ? undefined
      : `${when}, gc() was called ${
        callsOf(spy)
      }: return true in the round where the condition first holds, and run no more rounds.`;
  }, { numRuns: 6 });
});

Deno.test("collectUntil() checks the condition once per round, after collecting", async () => {
  const spy = spyGc();
  const checkedAfter: number[] = [];
  const outcome = await collectWith(spy, () => {
    checkedAfter.push(spy.calls);
    return spy.calls >= 3;
  }, { maxRounds: 3 });
  assert.deepEqual(
    checkedAfter,
    [1, 2, 3],
    `With maxRounds: 3, the condition was checked after ${
      checkedAfter.length
        ? `these numbers of gc() calls: ${checkedAfter.join(", ")}`
        : "no gc() call at all"
    }. Check it once per round, after that round's gc() (step 4), so that the last round counts too.`,
  );
  assert.equal(
    valueOf(outcome, "collectUntil"),
    true,
    "The condition held after the third gc(), in the last round: collectUntil must return true.",
  );
});

Deno.test("collectUntil() passes on an error thrown by the condition", async () => {
  const spy = spyGc();
  const failure = new Error("the condition cannot be checked");
  let checks = 0;
  let callsAtFailure = -1;
  const outcome = await collectWith(spy, () => {
    checks++;
    if (checks < 2) return false;
    callsAtFailure = spy.calls;
    throw failure;
  }, { maxRounds: 5 });
  assert.ok(
    "threw" in outcome && outcome.threw === failure,
    `The condition threw an error in the second round, and collectUntil ${
      "threw" in outcome
        ? `rejected with ${describeError(outcome.threw)} instead`
        : `returned ${fc.stringify(outcome.returned)}`
    }: let the condition's own error through, do not catch it.`,
  );
  assert.equal(
    spy.calls,
    callsAtFailure,
    "collectUntil went on calling gc() after the condition threw: the error ends the wait.",
  );
});

Deno.test("collectUntil() calls the gc option when there is no global gc", async () => {
  const spy = spyGc();
  const outcome = await collectWithGlobal(undefined, () => spy.calls >= 2, {
    maxRounds: 5,
    gc: spy.gc,
  });
  const seen = valueOf(
    outcome,
    "collectUntil(condition, { gc }) with no global gc",
  );
  assert.ok(
    spy.calls > 0,
    "collectUntil(condition, { gc }) never called the gc it was given.",
  );
  assert.equal(
    seen,
    true,
    "The condition held after the second call of the gc option: collectUntil must run its rounds with that gc and return true, whether a global gc exists or not.",
  );
});

Deno.test("collectUntil() calls the gc option rather than the global gc", async () => {
  const global = spyGc();
  const option = spyGc();
  const outcome = await collectWithGlobal(
    global.gc,
    () => option.calls + global.calls >= 2,
    { maxRounds: 5, gc: option.gc },
  );
  valueOf(outcome, "collectUntil(condition, { gc }) with a global gc too");
  assert.equal(
    global.calls,
    0,
    `collectUntil(condition, { gc }) called the global gc ${
      callsOf(global)
    }: the gc option, when given, is the collector to use.`,
  );
  assert.ok(option.calls > 0, "The gc option was never called.");
});

Deno.test("collectUntil() without any gc fails with requireGc()'s error", async () => {
  await withGlobalGc(undefined, async () => {
    const expected = thrownBy(() => requireGc());
    const outcome = await asyncOutcomeOf(() => collectUntil(() => true));
    assert.ok(
      "threw" in outcome,
      `With no gc option and no global gc, collectUntil returned ${
        fc.stringify("returned" in outcome ? outcome.returned : undefined)
      }: it must fail, since it cannot collect.`,
    );
    assert.ok(
      outcome.threw instanceof Error && expected instanceof Error &&
        outcome.threw.message === expected.message,
      `With no gc option and no global gc, collectUntil threw ${
        describeError(outcome.threw)
      }: get the collector with requireGc(globalThis), whose error says how to run.`,
    );
  });
});

Deno.test("collectUntil() waits for the next task, never a fixed delay", async () => {
  // A loop of setTimeout(0) waits runs beside collectUntil. Waiting for the
  // next task keeps the two in step (one tick per wait); waiting for a number
  // of milliseconds lets the loop run many times per wait.
  const rounds = 5;
  const spy = spyGc();
  let ticks = 0;
  let ticking = true;
  const ticker = (async () => {
    while (ticking) {
      await nextTask();
      ticks++;
    }
  })();
  await collectWith(spy, () => false, { maxRounds: rounds });
  ticking = false;
  await ticker;
  const waits = 2 * rounds;
  assert.ok(
    ticks <= 2 * waits,
    `While collectUntil ran ${rounds} rounds (${waits} waits for a task), a loop of setTimeout(resolve, 0) beside it ran ${ticks} times: wait for the next task with setTimeout(resolve, 0), not for a number of milliseconds.`,
  );
});
