/**
 * Tests for `watch.ts`, one per requirement listed in course.json.
 *
 * The timers are real. A test waits for ticks that its own `onTick` reports,
 * under a generous bound, and never sleeps for a time that races a
 * collection. Tests marked `sanitizeOps` also fail when a timer is left
 * running at their end.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { assertCollected } from "@course/gc";
import {
  assertAsyncProperty,
  assertNothingKept,
  captureUncaughtErrors,
  nothingKeptRequirement,
  noting,
} from "../_testing.ts";
import { watch as watchUnderTest } from "./watch.ts";

/** The function under test, noting what the tests hand it and get back. */
const watch = noting(watchUnderTest);

/** How long a test waits for ticks that should come within milliseconds. */
const patienceMs = 2000;

/** A signed-in user's session, the kind of object a monitor watches. */
class Session {
  constructor(readonly user: string) {}
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `promise` settles within `ms`; clears its own timer either way. */
async function within(
  promise: Promise<unknown>,
  ms = patienceMs,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Counts the calls of an `onTick` and lets a test wait for the n-th. It holds
 * nothing of what `onTick` receives, and no `onTick` either.
 */
class Ticks {
  count = 0;
  #waiting: { n: number; resolve: () => void }[] = [];

  record(): void {
    this.count++;
    this.#waiting = this.#waiting.filter((w) => {
      if (w.n > this.count) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `n` calls in all have been recorded. */
  reach(n: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push({ n, resolve }));
  }

  /** Whether `n` more calls come within the patience. */
  more(n: number): Promise<boolean> {
    return within(this.reach(this.count + n));
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value instanceof WeakRef) return "a WeakRef";
  return `another value (${fc.stringify(value)})`;
}

Deno.test("watch() calls onTick with the live target on every tick", async () => {
  // Targets of every kind, each with how to write it in a failure message.
  const targets = fc.oneof(
    fc.string().map((user) => ({
      target: new Session(user),
      label: `new Session(${JSON.stringify(user)})`,
    })),
    fc.object().map((target) => ({ target, label: fc.stringify(target) })),
    fc.array(fc.integer()).map((target) => ({
      target,
      label: fc.stringify(target),
    })),
    fc.integer().map((n) => ({ target: () => n, label: `() => ${n}` })),
    fc.constant("Object.create(null)").map((label) => ({
      target: Object.create(null) as object,
      label,
    })),
  );
  // Real timers make each run slow: the first failing input is not shrunk.
  await assertAsyncProperty(
    fc.tuple(targets, fc.integer({ min: 1, max: 12 })),
    async ([{ target }, ms]) => {
      const seen: unknown[] = [];
      const ticks = new Ticks();
      const stop = watch(target, (value) => {
        seen.push(value);
        ticks.record();
      }, ms);
      const ticked = await ticks.more(3);
      stop();
      if (!ticked) {
        return `onTick ran ${ticks.count} times in ${
          patienceMs / 1000
        } s while the target was alive: call it on every tick`;
      }
      const wrong = seen.findIndex((value) => value !== target);
      return wrong < 0
        ? undefined
        : `onTick received ${describe(seen[wrong])} on tick ${
          wrong + 1
        }: pass it the target itself, the value deref() returned`;
    },
    {
      describe: ([{ label }, ms]) => `watch(${label}, onTick, ${ms})`,
      numRuns: 10,
      endOnFailure: true,
    },
  );
});

Deno.test("watch() waits ms milliseconds before each tick", async () => {
  const session = new Session("ada");
  for (const [ms, count] of [[23, 4], [640, 1], [0, 5]] as const) {
    const times: number[] = [];
    const ticks = new Ticks();
    const start = performance.now();
    const stop = watch(session, () => {
      times.push(performance.now() - start);
      ticks.record();
    }, ms);
    const came = await within(ticks.reach(count));
    stop();
    assert.ok(
      came,
      `watch(session, onTick, ${ms}) ticked ${ticks.count} times in ${
        patienceMs / 1000
      } s, not the ${count} expected: pass ms to setInterval as it is (milliseconds)`,
    );
    times.forEach((time, i) => {
      const earliest = (i + 1) * ms;
      assert.ok(
        time >= earliest - 1,
        `With ms = ${ms}, tick ${i + 1} came ${
          Math.round(time)
        } ms after watch() was called, sooner than ${earliest} ms: pass ms to setInterval`,
      );
    });
  }
  assert.equal(session.user, "ada"); // the session lives to here
});

/** Starts a watcher on a session that nothing else holds. */
function watchForgottenSession(ms: number) {
  const session = new Session("linus");
  const ticks = new Ticks();
  const stop = watch(session, () => ticks.record(), ms);
  return { ref: new WeakRef(session), ticks, stop };
}

Deno.test("watch() does not keep its target alive", async () => {
  // The caller keeps the stop function, as a program that may stop early does.
  const { ref, ticks, stop } = watchForgottenSession(20);
  const ticked = await ticks.more(2);
  assert.ok(
    ticked,
    `onTick ran ${ticks.count} times in ${
      patienceMs / 1000
    } s while the session was alive: call it on every tick`,
  );
  try {
    await assertCollected(ref, {
      message:
        "Only the watcher could reach the session after two ticks, yet it was not collected: the interval's callback must reach the target only through a WeakRef, never through the `target` parameter, a variable that keeps what deref() returned, or a list of watched targets.",
      name: "the session",
    });
  } finally {
    stop();
  }
});

/** Starts a watcher on a session; the caller keeps only `stop`. */
function watchAndDrop(ms: number) {
  const session = new Session("grace");
  const calls = { withoutTarget: 0 };
  const onTick = (value: Session) => {
    if (!(value instanceof Session)) calls.withoutTarget++;
  };
  const stop = watch(session, onTick, ms);
  return {
    ref: new WeakRef(session),
    onTickRef: new WeakRef(onTick),
    calls,
    stop,
  };
}

Deno.test({
  name:
    "watch() clears its own interval and lets go of onTick once the target is collected",
  sanitizeOps: true,
  async fn() {
    // A long period: the session is collected before the first tick, and the
    // first tick finds it gone.
    const ms = 500;
    // The program keeps the stop function, as one that may stop early does.
    const { ref, onTickRef, calls, stop } = watchAndDrop(ms);
    await assertCollected(ref, {
      message:
        "The session was not collected, so the watcher never got the chance to stop by itself: do not let the interval's callback hold the target.",
      name: "the session",
    });
    await sleep(ms + 20); // a tick comes after the collection
    assert.equal(
      calls.withoutTarget,
      0,
      "onTick was called without the target after it was collected: when deref() returns undefined, clear the interval instead of calling onTick.",
    );
    await assertCollected(onTickRef, {
      message:
        "The target was collected and a tick came, yet onTick stayed reachable: when deref() returns undefined, call clearInterval with the interval's id (and keep no list of callbacks). The program still holds the stop function: if you wrote it inside watch(), it shares the tick callback's scope, and V8 keeps one context per scope, with onTick in it. Make it in a function of its own that gets only the id.",
      name: "onTick",
    });
    stop();
  },
});

/** Watches `session`, stops after the first tick and waits five periods. */
async function watchThenStop(session: Session, ms: number) {
  const ticks = new Ticks();
  const onTick = () => ticks.record();
  const stop = watch(session, onTick, ms);
  const ticked = await ticks.more(1);
  stop();
  const stoppedAt = ticks.count;
  await sleep(5 * ms);
  return {
    ticked,
    stoppedAt,
    after: ticks.count,
    onTickRef: new WeakRef(onTick),
  };
}

Deno.test({
  name: "watch() returns a function that stops the watcher",
  sanitizeOps: true,
  async fn() {
    const session = new Session("ada");
    const { ticked, stoppedAt, after, onTickRef } = await watchThenStop(
      session,
      10,
    );
    assert.ok(ticked, "onTick never ran while the target was alive.");
    assert.equal(
      after,
      stoppedAt,
      "onTick kept running after stop(): the stop function must clear the interval.",
    );
    await assertCollected(onTickRef, {
      message:
        "After stop(), onTick stayed reachable, so the interval is still running: stop() must call clearInterval, not only skip the ticks.",
      name: "onTick",
    });
    assert.equal(session.user, "ada"); // the session lives to here
  },
});

Deno.test("watch() lets an error thrown by onTick through and keeps ticking", async () => {
  using reported = captureUncaughtErrors();
  const ticks = new Ticks();
  const failure = new Error("the first report failed");
  const session = new Session("ada");
  const stop = watch(session, () => {
    ticks.record();
    if (ticks.count === 1) throw failure;
  }, 10);
  const kept = await within(ticks.reach(3));
  stop();
  assert.ok(
    ticks.count > 0,
    `onTick never ran in ${patienceMs / 1000} s while the target was alive.`,
  );
  assert.ok(
    reported.errors.includes(failure),
    "onTick threw on its first tick, but the error never reached the program: do not catch what onTick throws.",
  );
  assert.ok(
    kept,
    `After onTick threw, onTick ran only ${ticks.count} time(s) in ${
      patienceMs / 1000
    } s: an error from onTick must not stop the interval.`,
  );
  assert.equal(session.user, "ada"); // the session lives to here
});

Deno.test("watch()'s stop function stops only its own watcher and can be called again", async () => {
  const watchers = ["ada", "grace", "linus"].map((user) => {
    const session = new Session(user);
    const ticks = new Ticks();
    return { session, ticks, stop: watch(session, () => ticks.record(), 10) };
  });
  const started = await within(
    Promise.all(watchers.map((w) => w.ticks.reach(1))),
  );
  const [first, ...others] = watchers;
  first!.stop();
  assert.doesNotThrow(
    () => first!.stop(),
    "Calling stop() a second time threw: it must do nothing.",
  );
  const stoppedAt = first!.ticks.count;
  const othersTicked = await within(
    Promise.all(others.map((w) => w.ticks.reach(w.ticks.count + 2))),
  );
  const firstAfter = first!.ticks.count;
  for (const w of others) w.stop();
  assert.ok(started, "Not every one of three watchers ticked.");
  assert.ok(
    othersTicked,
    "Stopping the first of three watchers stopped another one too: each stop function must clear its own watcher's interval.",
  );
  assert.equal(
    firstAfter,
    stoppedAt,
    "The first of three watchers kept ticking after its stop(): each stop function must clear the interval its own watch() call started.",
  );
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a target, onTick or stop function");
});
