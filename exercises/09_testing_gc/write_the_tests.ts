/**
 * # Write the tests
 *
 * This time you write the tests. The code under test is a cache that holds
 * its values weakly (the `Cache` interface below). The grader runs your
 * checks against a correct cache and against five wrong ones kept in
 * `_caches.ts`: one leaks every value, one never removes dead entries, one
 * lets a stale cleanup callback delete a fresh entry, one returns `undefined`
 * in the gap between a collection and its callback, and one keeps the value
 * of its last hit. Every check must pass on the correct cache, and each wrong
 * cache must fail at least one check.
 *
 * A check is `{ name, run(makeCache) }`: `run` makes its own cache with
 * `makeCache(load)` and throws (use `node:assert/strict`) when the cache
 * misbehaves. Use the GC helpers from `@course/gc` (`collectUntil`,
 * `collect`, `nextTask`, `requireGc`), and follow the rules: values you want
 * collected are created in a separate function; the turn must end before a
 * collection; callbacks need a later task; require what must happen, never
 * "was not collected"; never log a value.
 *
 * Export `checks`. The first one is written for you. The grader runs your
 * checks against one cache after another, in an order that changes from run
 * to run, and each cache reaches your checks through the same wrapper: a
 * check tells the caches apart only by what they do. Keep each check's state
 * inside the check, as the first one does.
 *
 * ```ts ignore
 * export const checks: Check[] = [{
 *   name: "a value nobody holds can be collected",
 *   async run(makeCache) {
 *     // ...load in a helper, keep a WeakRef, require collectUntil() === true
 *   },
 * }];
 * ```
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
      // TODO: drop a value with loadAndDrop() and require that collectUntil()
      // sees its WeakRef cleared.
    },
  },
  {
    name: "a value served as a hit can be collected too",
    async run(makeCache) {
      const { cache } = countingCache(makeCache);
      // TODO: in a helper function of your own, load a value and get it again
      // (a hit), keep only a WeakRef, and require that collectUntil() sees it
      // cleared.
    },
  },
  {
    name: "the entry of a collected value is removed",
    async run(makeCache) {
      const { cache } = countingCache(makeCache);
      // TODO: drop values, then require that collectUntil() sees size fall.
    },
  },
  {
    name: "get() reloads a value collected before its cleanup ran",
    async run(makeCache) {
      const { cache, counter } = countingCache(makeCache);
      // TODO: reach the gap: hold a value with loadAndHold(), let the turn end,
      // let go of it and call gc() yourself in one turn, and, once its WeakRef
      // reads undefined, call get() in that same turn.
    },
  },
  {
    name: "a stale cleanup callback leaves the fresh entry alone",
    async run(makeCache) {
      const { cache, counter } = countingCache(makeCache);
      // TODO: reload in the gap, hold the fresh value, let the callbacks run,
      // then require that get() still returns the fresh value.
    },
  },
];
