/**
 * Tests for `weak_cache.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/04_weakref_caches/weak_cache/):
 * - strong_map: stores the values themselves in a `Map`, so no value is ever
 *   collected.
 * - undefined_after_collection: `get` returns `undefined` for an entry whose
 *   target was collected instead of loading the value again.
 * - deref_twice: `get` calls `deref()` once to test the entry and again to
 *   return it.
 * - prune_drops_live: `prune` counts the dead entries but clears the whole map,
 *   live entries included.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collect, collectUntil } from "@course/gc";
import { type WeakCache, weakCache } from "./weak_cache.ts";

/**
 * A stand-in for an image decoder: each call returns fresh "pixels" and keeps
 * its own WeakRef to them, so a test can tell when they were collected.
 */
function imageDecoder() {
  const decoded: { name: string; ref: WeakRef<Uint8Array> }[] = [];
  return {
    decode(name: string): Uint8Array {
      const pixels = new Uint8Array(64 * 64 * 4).fill(name.length);
      decoded.push({ name, ref: new WeakRef(pixels) });
      return pixels;
    },
    /** How many times `name` was decoded. */
    count(name: string): number {
      return decoded.filter((entry) => entry.name === name).length;
    },
    /** Whether every image decoded for `name` has been collected. */
    collected(name: string): boolean {
      return decoded.every((entry) =>
        entry.name !== name || entry.ref.deref() === undefined
      );
    },
  };
}

/** Uses images in a frame of its own, so nothing in the test holds them. */
function showAndForget(cache: WeakCache<Uint8Array>, ...names: string[]): void {
  for (const name of names) {
    const pixels = cache.get(name);
    if (pixels.length === 0) throw new Error(`Empty image: "${name}"`);
  }
}

/** Runs `action` and returns how many times `WeakRef.prototype.deref` ran. */
function countDerefs(action: () => void): number {
  const original = WeakRef.prototype.deref;
  let calls = 0;
  WeakRef.prototype.deref = function (this: WeakRef<WeakKey>) {
    calls++;
    return original.call(this);
  } as typeof original;
  try {
    action();
  } finally {
    WeakRef.prototype.deref = original;
  }
  return calls;
}

Deno.test("weakCache() returns the same object for a key while it is in use", () => {
  const decoder = imageDecoder();
  const cache = weakCache(decoder.decode);
  const first = cache.get("logo.png");
  const second = cache.get("logo.png");
  const other = cache.get("banner.png");
  assert.equal(
    second,
    first,
    'The second get("logo.png") must return the very object the first one returned (a hit), not a fresh copy.',
  );
  assert.notEqual(other, first, "Different keys must get different values.");
  assert.equal(
    decoder.count("logo.png"),
    1,
    'load("logo.png") must run once: the second get() is a hit and must not call load.',
  );
  assert.equal(cache.hits, 1, "hits: one get() found a live value.");
  assert.equal(
    cache.misses,
    2,
    'misses: get("logo.png") and get("banner.png") each had to load.',
  );
});

Deno.test("weakCache() dereferences an entry once per get()", () => {
  const decoder = imageDecoder();
  const cache = weakCache(decoder.decode);
  const logo = cache.get("logo.png");
  let again: Uint8Array | undefined;
  const derefs = countDerefs(() => {
    again = cache.get("logo.png");
  });
  assert.equal(again, logo, 'get("logo.png") must return the cached object.');
  assert.equal(
    derefs,
    1,
    derefs === 0
      ? "A hit never called deref(): the cache should hold each value through a WeakRef and read it back with deref()."
      : `A hit must call deref() exactly once; this one called it ${derefs} times. Read the entry once into a local, check that local for undefined, and return it: two deref() calls agree only within one synchronous job.`,
  );
});

Deno.test("weakCache() does not keep its values alive", async () => {
  const decoder = imageDecoder();
  const cache = weakCache(decoder.decode);
  showAndForget(cache, "logo.png");
  const collected = await collectUntil(() => decoder.collected("logo.png"));
  assert.ok(
    collected,
    'Nothing outside the cache holds the "logo.png" pixels, yet they were not collected within 10 rounds: the cache must hold its values through WeakRefs only, never in a Map or array of values.',
  );
  assert.ok(cache.size <= 1, "The cache holds at most the one key it saw.");
});

Deno.test("weakCache() reloads a value after collection", async () => {
  const decoder = imageDecoder();
  const cache = weakCache(decoder.decode);
  showAndForget(cache, "logo.png");
  const collected = await collectUntil(() => decoder.collected("logo.png"));
  assert.ok(
    collected,
    'The "logo.png" pixels were not collected within 10 rounds: the cache must not hold its values strongly.',
  );
  const again = cache.get("logo.png");
  assert.ok(
    again instanceof Uint8Array,
    `After its value was collected, get("logo.png") returned ${again}: an empty WeakRef is a miss, so call load again and return the new value.`,
  );
  assert.equal(
    decoder.count("logo.png"),
    2,
    'load("logo.png") must run again once the first value was collected.',
  );
  assert.equal(cache.misses, 2, "misses: the first get() and the reload.");
  assert.equal(cache.hits, 0, "hits: a collected entry is not a hit.");
});

Deno.test("weakCache() keeps serving a value that is still held, even across collections", async () => {
  const decoder = imageDecoder();
  const cache = weakCache(decoder.decode);
  const logo = cache.get("logo.png"); // held by this test until its end
  await collect();
  assert.equal(
    cache.get("logo.png"),
    logo,
    "The test still holds the logo, so it cannot have been collected: get() must return that same object.",
  );
  assert.equal(
    decoder.count("logo.png"),
    1,
    "A value that is still alive must not be loaded again.",
  );
  assert.equal(cache.hits, 1, "hits: the second get() was a hit.");
  assert.equal(cache.misses, 1, "misses: only the first get() loaded.");
});

Deno.test("weakCache().prune() drops dead entries, keeps live ones and says how many it dropped", async () => {
  const decoder = imageDecoder();
  const cache = weakCache(decoder.decode);
  const avatar = cache.get("avatar.png"); // held by this test until its end
  showAndForget(cache, "banner.png", "background.png");
  const collected = await collectUntil(() =>
    decoder.collected("banner.png") && decoder.collected("background.png")
  );
  assert.ok(
    collected,
    "The banner and background pixels were not collected within 10 rounds: the cache must not hold its values strongly.",
  );
  assert.equal(
    cache.size,
    3,
    "Before prune(), all three keys are still in the map, two of them with empty WeakRefs: these leftover keys are what prune() is for.",
  );
  assert.equal(
    cache.prune(),
    2,
    "prune() must return how many entries it dropped: banner.png and background.png.",
  );
  assert.equal(
    cache.size,
    1,
    "After prune(), only avatar.png, whose value is still alive, may remain.",
  );
  assert.equal(
    cache.get("avatar.png"),
    avatar,
    "prune() must keep live entries: avatar.png is still held, so get() must return the same object without loading it again.",
  );
  assert.equal(decoder.count("avatar.png"), 1, "avatar.png was loaded once.");
  assert.equal(
    cache.prune(),
    0,
    "A second prune() right after the first has nothing left to drop.",
  );
});
