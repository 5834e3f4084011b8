/**
 * Reference solution for "Write the tests".
 *
 * Each check follows the rules of GC-dependent tests:
 * - every value the check wants collected is loaded inside a helper
 *   function, and the check keeps only a `WeakRef` to it; one of them is
 *   also served as a hit first, since a cache can leak only what it hits;
 * - `collectUntil()` ends the current turn before each `gc()` and yields a
 *   task after it, so finalization callbacks get their chance to run;
 * - a check requires what must happen ("was collected", "size went down"),
 *   which `collectUntil()` reports as `true`; a `false` there is a failure
 *   of the cache, because the value was provably unreachable;
 * - to reach the gap between a collection and its callback, the check holds
 *   the value until the turn in which it calls `gc()` itself, and acts in
 *   that same turn, before any task can run (had it let go earlier, a
 *   collection the engine starts by itself could have run the callback
 *   already);
 * - no check logs a value.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collect, collectUntil, nextTask, requireGc } from "@course/gc";

/** The API under test: a cache that holds its values weakly. */
export interface Cache<V extends object> {
  /** The cached value for `key` if it is alive; otherwise loads and caches it. */
  get(key: string): V;
  /** Entries held, counting ones whose value was collected but not yet cleaned up. */
  readonly size: number;
}

/** Makes a cache that calls `load` on a miss. */
export type CacheFactory = <V extends object>(
  load: (key: string) => V,
) => Cache<V>;

/** One check: throws (an assertion error) if the cache is wrong. */
export interface Check {
  /** What the check requires, as a sentence. */
  name: string;
  /** Runs the check against caches made by `makeCache`. */
  run(makeCache: CacheFactory): void | Promise<void>;
}

/** A value worth caching: a name and a kilobyte of data. */
interface Doc {
  key: string;
  body: Uint8Array;
}

/** A cache of docs that counts its loads. */
function countingCache(makeCache: CacheFactory) {
  const counter = { loads: 0 };
  const cache = makeCache((key): Doc => {
    counter.loads++;
    return { key, body: new Uint8Array(1024) };
  });
  return { cache, counter };
}

/** Loads `key` in this separate frame and keeps only a WeakRef to the value. */
function loadAndDrop(cache: Cache<Doc>, key: string): WeakRef<Doc> {
  return new WeakRef(cache.get(key));
}

/** A value that the test holds until it lets go, and a WeakRef to it. */
interface Held {
  value?: Doc;
  ref: WeakRef<Doc>;
}

/** Loads `key` in this separate frame; `held.value` keeps it until emptied. */
function loadAndHold(cache: Cache<Doc>, key: string): Held {
  const value = cache.get(key);
  return { value, ref: new WeakRef(value) };
}

/** Loads `key`, gets it again (a hit), and keeps only a WeakRef to it. */
function loadHitAndDrop(cache: Cache<Doc>, key: string): WeakRef<Doc> {
  cache.get(key);
  return new WeakRef(cache.get(key));
}

/**
 * Lets go of the held value and collects it, and resolves to `true` in the
 * same turn as the `gc()` that did: the value was strongly held until that
 * turn, so no earlier collection (not even one the engine started by itself)
 * can have scheduled its cleanup callback, and no task has run since.
 */
async function dropIntoTheGap(held: Held): Promise<boolean> {
  const gc = requireGc();
  await nextTask(); // end the turn that created the value and its WeakRefs
  held.value = undefined; // the last strong reference goes, in this turn
  for (let round = 0; round < 10; round++) {
    gc();
    if (held.ref.deref() === undefined) return true; // same turn as gc()
    await nextTask(); // deref() kept it for this turn: let the turn end
  }
  return false;
}

/** The checks the grader runs against every cache. */
export const checks: Check[] = [
  {
    name: "get() returns the same object while the caller holds it",
    run(makeCache) {
      const { cache, counter } = countingCache(makeCache);
      const first = cache.get("a");
      assert.equal(
        cache.get("a"),
        first,
        "A held value must come back as a hit.",
      );
      assert.equal(counter.loads, 1, "A hit must not call load again.");
    },
  },
  {
    name: "a value nobody holds can be collected",
    async run(makeCache) {
      const { cache } = countingCache(makeCache);
      const probe = loadAndDrop(cache, "a");
      const gone = await collectUntil(() => probe.deref() === undefined, {
        maxRounds: 2, // one is enough in V8; fewer rounds make a leak fail sooner
      });
      assert.ok(
        gone,
        "The cache kept a value nobody else holds: it must hold values weakly.",
      );
    },
  },
  {
    name: "a value served as a hit can be collected too",
    async run(makeCache) {
      const { cache } = countingCache(makeCache);
      const hit = loadHitAndDrop(cache, "f");
      const gone = await collectUntil(() => hit.deref() === undefined, {
        maxRounds: 2,
      });
      assert.ok(
        gone,
        "The cache kept a value after serving it as a hit: nothing may hold a value but its callers.",
      );
    },
  },
  {
    name: "the entry of a collected value is removed",
    async run(makeCache) {
      const { cache } = countingCache(makeCache);
      loadAndDrop(cache, "b");
      loadAndDrop(cache, "c");
      assert.equal(cache.size, 2, "Two keys were loaded.");
      const cleaned = await collectUntil(() => cache.size === 0, {
        maxRounds: 2,
      });
      assert.ok(
        cleaned,
        `size stayed at ${cache.size}: dead entries must be removed.`,
      );
    },
  },
  {
    name: "get() reloads a value collected before its cleanup ran",
    async run(makeCache) {
      const { cache, counter } = countingCache(makeCache);
      const reached = await dropIntoTheGap(loadAndHold(cache, "d"));
      assert.ok(reached, "The dropped value was never collected.");
      const fresh = cache.get("d"); // same turn as gc(): the callback is pending
      assert.equal(
        typeof fresh,
        "object",
        "In the gap, get() must reload, not return undefined.",
      );
      assert.equal(counter.loads, 2, "A collected value must be loaded again.");
    },
  },
  {
    name: "a stale cleanup callback leaves the fresh entry alone",
    async run(makeCache) {
      const { cache, counter } = countingCache(makeCache);
      const inGap = await dropIntoTheGap(loadAndHold(cache, "e"));
      assert.ok(inGap, "The value to replace was never collected.");
      const fresh = cache.get("e"); // reloaded while the old callback is pending
      await collect(); // now the old value's callback runs
      const later = cache.get("e");
      assert.equal(
        later,
        fresh,
        "The old value's callback removed the fresh entry: compare entries, not just keys.",
      );
      assert.equal(
        counter.loads,
        2,
        "The fresh value is held, so it must still be a hit.",
      );
      assert.equal(
        cache.size,
        1,
        "The fresh entry must still be in the cache.",
      );
    },
  },
];
