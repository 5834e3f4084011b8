/**
 * Tests for `write_the_tests.ts`.
 *
 * These tests grade your checks: each one runs them against the caches in
 * `_caches.ts`. Every check must pass against `correctCache`, and each wrong
 * cache must fail at least one of them.
 *
 * Wrong answers these tests catch (each kept in broken/09_testing_gc/write_the_tests/):
 * - not_collected_as_proof: the race check takes "the fresh value was not
 *   collected" as proof, so the racy cache passes.
 * - target_in_own_frame: the collection check loads the value in its own
 *   frame, which keeps it alive, so the check fails on the correct cache.
 * - no_task_before_callback: the cleanup check yields only microtasks, so the
 *   callback never runs and the check fails on the correct cache.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type CacheFactory, checks } from "./write_the_tests.ts";
import { correctCache, wrongCaches } from "./_caches.ts";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

Deno.test("every check passes against the correct cache", async () => {
  assert.ok(
    checks.length > 0,
    "Export at least one check in `checks`.",
  );
  for (const check of checks) {
    try {
      await check.run(correctCache);
    } catch (error) {
      assert.fail(
        `The check "${check.name}" failed against correctCache, which is right: a check must pass on correct code. It said: ${
          messageOf(error)
        }`,
      );
    }
  }
});

/** Runs the checks in order against `make`; resolves to whether one threw. */
async function someCheckFails(make: CacheFactory): Promise<boolean> {
  for (const check of checks) {
    try {
      await check.run(make);
    } catch {
      return true;
    }
  }
  return false;
}

// The wrong caches are checked side by side, so that a run stays short: keep
// each check's state inside the check, as the starter's checks do.
const caught = wrongCaches.map((wrong) => someCheckFails(wrong.make));

wrongCaches.forEach((wrong, i) => {
  Deno.test(`some check rejects ${wrong.name}: ${wrong.wrong}`, async () => {
    assert.ok(
      await caught[i],
      `Your checks did not catch ${wrong.name}: ${wrong.wrong}. ${wrong.nudge}`,
    );
  });
});
