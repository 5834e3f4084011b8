/**
 * Tests for `collect_until.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/09_testing_gc/collect_until/):
 * - gc_in_same_job: calls gc() before letting the current job end.
 * - no_task_after_gc: checks the condition right after gc(), before callbacks can run.
 * - microtask_only: waits with resolved promises instead of later tasks.
 * - unbounded: keeps collecting until the condition holds, however long.
 * - runs_all_rounds: goes on collecting after the condition already holds.
 * - silent_require: throws when gc is missing, without saying how to run.
 *
 * @module
 */

import assert from "node:assert/strict";
import { requireGc as requireRealGc } from "@course/gc";
import { collectUntil, requireGc } from "./collect_until.ts";

function makeRef(): WeakRef<object> {
  return new WeakRef({ payload: new Uint8Array(1024) });
}

/**
 * A collector that counts its calls and stops a runaway loop; it runs the real
 * collector when `collect` is true.
 */
function countingGc({ limit = 50, collect = false } = {}) {
  const realGc = collect ? requireRealGc() : () => {};
  const counter = {
    calls: 0,
    gc: () => {
      counter.calls++;
      realGc();
      if (counter.calls > limit) {
        throw new Error(
          `gc() was called ${counter.calls} times: collectUntil must stop after maxRounds rounds`,
        );
      }
    },
  };
  return counter;
}

Deno.test("requireGc() returns the gc function it finds", () => {
  const gc = () => {};
  assert.equal(
    requireGc({ gc }),
    gc,
    "requireGc({ gc }) should return that same gc function.",
  );
});

Deno.test("requireGc() says how to run when gc is missing", () => {
  assert.throws(
    () => requireGc({}),
    (error: unknown) =>
      error instanceof Error &&
      error.message.includes("--v8-flags=--expose-gc"),
    "requireGc({}) should throw an Error whose message mentions --v8-flags=--expose-gc, so the reader knows how to run.",
  );
});

Deno.test("collectUntil() sees an unreachable target cleared", async () => {
  const ref = makeRef();
  assert.equal(
    await collectUntil(() => ref.deref() === undefined),
    true,
    "Nothing holds the target, so within 10 rounds of collecting the WeakRef should be empty: check the steps of a round.",
  );
});

Deno.test("collectUntil() lets the current job end before it collects", async () => {
  // The WeakRef was made in this job, which keeps its target alive until the
  // job ends: one round only succeeds if it waits for a task before gc().
  const ref = makeRef();
  assert.equal(
    await collectUntil(() => ref.deref() === undefined, { maxRounds: 1 }),
    true,
    "With one round, the target was still there: step 1 (wait for a later task) must come before gc(), or the job that made the target keeps it alive.",
  );
});

Deno.test("collectUntil() waits a task after collecting, for cleanup callbacks", async () => {
  const cleaned: string[] = [];
  const registry = new FinalizationRegistry<string>((held) => {
    cleaned.push(held);
  });
  (function register() {
    registry.register({ payload: new Uint8Array(1024) }, "report");
  })();
  assert.equal(
    await collectUntil(() => cleaned.length === 1, { maxRounds: 1 }),
    true,
    "With one round, the cleanup callback had not run yet: after gc(), wait for a later task (step 3) before checking, since callbacks never run in the middle of your code.",
  );
});

Deno.test("collectUntil() gives up after maxRounds with false", async () => {
  const counter = countingGc();
  const seen = await collectUntil(() => false, {
    maxRounds: 3,
    gc: counter.gc,
  });
  assert.equal(seen, false, "A condition that never holds must end in false.");
  assert.equal(
    counter.calls,
    3,
    "With maxRounds: 3, gc() should be called exactly 3 times.",
  );
});

Deno.test("collectUntil() returns as soon as the condition holds", async () => {
  const counter = countingGc();
  assert.equal(await collectUntil(() => true, { gc: counter.gc }), true);
  assert.equal(
    counter.calls,
    1,
    "The condition held after the first round, so gc() should have been called once, not once per round.",
  );
});

Deno.test("collectUntil() reports false, not a leak, for a target that is still held", async () => {
  const held = { payload: new Uint8Array(1024) };
  const ref = new WeakRef(held);
  const counter = countingGc({ collect: true });
  assert.equal(
    await collectUntil(() => ref.deref() === undefined, {
      maxRounds: 2,
      gc: counter.gc,
    }),
    false,
    "A strongly held target cannot be collected: collectUntil should end in false after its rounds.",
  );
  assert.equal(ref.deref(), held, "The held target must still be there.");
});
