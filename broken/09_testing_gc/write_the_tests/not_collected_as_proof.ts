// Broken on purpose: the race check takes "the fresh value was not collected" as proof that the cache kept it.

import assert from "node:assert/strict";
import { collectUntil, nextTask, requireGc } from "@course/gc";

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

/**
 * Lets go of the held value and collects it, and returns in the same job as
 * the `gc()` that did: the value was strongly held until that job, so no
 * earlier collection (not even one the engine started by itself) can have
 * scheduled its cleanup callback, and no task has run since.
 */
async function dropIntoTheGap(held: Held): Promise<void> {
  const gc = requireGc();
  await nextTask(); // end the job that created the value and its WeakRefs
  held.value = undefined; // the last strong reference goes, in this job
  for (let round = 0; round < 10; round++) {
    gc();
    if (held.ref.deref() === undefined) return; // same job as gc()
    await nextTask(); // deref() kept it for this job: let the job end
  }
  assert.fail(
    "The dropped value was never collected, so the gap could not be reached.",
  );
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
      const collected = await collectUntil(() => probe.deref() === undefined, {
        maxRounds: 5, // one is enough in V8; fewer rounds make a leak fail sooner
      });
      assert.ok(
        collected,
        "The cache kept a value nobody else holds: it must hold values weakly.",
      );
    },
  },
  {
    name: "the entry of a collected value is removed",
    async run(makeCache) {
      const { cache } = countingCache(makeCache);
      loadAndDrop(cache, "a");
      loadAndDrop(cache, "b");
      assert.equal(cache.size, 2, "Two keys were loaded.");
      const cleaned = await collectUntil(() => cache.size === 0, {
        maxRounds: 5,
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
      await dropIntoTheGap(loadAndHold(cache, "a"));
      const fresh = cache.get("a"); // same job as gc(): the callback is still pending
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
      await dropIntoTheGap(loadAndHold(cache, "a"));
      const fresh = cache.get("a"); // reloaded while the old callback is pending
      const freshRef = new WeakRef(fresh);
      const lost = await collectUntil(() => freshRef.deref() === undefined, {
        maxRounds: 3,
      });
      assert.ok(
        !lost,
        "The fresh value was not collected, so the cache kept it.",
      );
      assert.equal(
        counter.loads,
        2,
        "Loaded twice: once before, once in the gap.",
      );
    },
  },
];
