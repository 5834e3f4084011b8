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
import { checks } from "./write_the_tests.ts";
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

for (const wrong of wrongCaches) {
  Deno.test(`some check rejects ${wrong.name}: ${wrong.wrong}`, async () => {
    for (const check of checks) {
      try {
        await check.run(wrong.make);
      } catch {
        return; // caught
      }
    }
    assert.fail(
      `Your checks did not catch ${wrong.name}: ${wrong.wrong}. ${wrong.nudge}`,
    );
  });
}
