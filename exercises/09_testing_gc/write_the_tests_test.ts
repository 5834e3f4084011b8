/**
 * Tests for `write_the_tests.ts`.
 *
 * These tests grade your checks: they run them against the caches in
 * `_caches.ts`. Every check must pass against `correctCache`, and each wrong
 * cache must fail at least one of them. The caches are checked one after
 * another, in an order that changes from run to run, and each reaches your
 * checks through the same wrapper: a check can tell them apart only by what
 * they do.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type Cache, type CacheFactory, checks } from "./write_the_tests.ts";
import { correctCache, wrongCaches } from "./_caches.ts";

/** Makes the caches of `make` look the same as every other cache's. */
function disguise(make: CacheFactory): CacheFactory {
  return <V extends object>(load: (key: string) => V): Cache<V> => {
    const cache = make(load);
    return {
      get: (key: string) => cache.get(key),
      get size() {
        return cache.size;
      },
    };
  };
}

/** A check that failed, and what it threw. */
interface Failure {
  /** The check's name. */
  check: string;
  /** What it threw. */
  error: unknown;
}

/** Runs the checks in order against `make`; resolves to the first failure. */
async function firstFailure(make: CacheFactory): Promise<Failure | undefined> {
  try {
    for (const check of checks) {
      try {
        await check.run(make);
      } catch (error) {
        return { check: String(check.name), error };
      }
    }
  } catch (error) {
    return { check: "(reading `checks`)", error };
  }
  return undefined;
}

/** The caches in a random order. */
function shuffled<T>(items: T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

// The caches are checked one after another: had they run side by side, the
// collections of one would delay the cleanup callbacks of another.
const runs = new Map<string, Promise<Failure | undefined>>();
let previous: Promise<unknown> = Promise.resolve();
for (
  const { name, make } of shuffled([
    { name: "correctCache", make: correctCache },
    ...wrongCaches,
  ])
) {
  const run = previous.then(() => firstFailure(disguise(make)));
  runs.set(name, run);
  previous = run;
}

/** Fails unless some check failed against the wrong cache called `name`. */
async function assertRejected(name: string): Promise<void> {
  const wrong = wrongCaches.find((cache) => cache.name === name);
  assert.ok(wrong, `No wrong cache is called ${name}.`);
  assert.ok(
    await runs.get(name),
    `Every check passed against ${name}, which is wrong. ${wrong.nudge}`,
  );
}

Deno.test("every check passes against the correct cache", async () => {
  assert.ok(
    Array.isArray(checks) && checks.length > 0,
    "Export at least one check in `checks`.",
  );
  const failure = await runs.get("correctCache");
  if (failure) {
    const said = failure.error instanceof Error
      ? failure.error.message
      : String(failure.error);
    assert.fail(
      `The check "${failure.check}" failed against correctCache, which is right: a check must pass on correct code. It said: ${said}`,
    );
  }
});

Deno.test("some check rejects strongCache: it keeps every value in a Map, so no value is ever collected", async () => {
  await assertRejected("strongCache");
});

Deno.test("some check rejects noCleanupCache: it never removes the entry of a collected value", async () => {
  await assertRejected("noCleanupCache");
});

Deno.test("some check rejects racyCache: its cleanup callback deletes the entry for the key even when a fresh value has replaced the collected one", async () => {
  await assertRejected("racyCache");
});

Deno.test("some check rejects gapCache: it returns undefined when the value was collected but the cleanup callback has not run yet", async () => {
  await assertRejected("gapCache");
});

Deno.test("some check rejects lastHitCache: it keeps the value of its last hit, so that value is never collected", async () => {
  await assertRejected("lastHitCache");
});
