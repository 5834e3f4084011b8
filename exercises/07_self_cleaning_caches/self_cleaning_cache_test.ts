/**
 * Tests for `self_cleaning_cache.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/07_self_cleaning_caches/self_cleaning_cache/):
 * - deletes_fresh_entry: a stale callback deletes whatever entry sits under
 *   its key, including a fresh one loaded after the old value died.
 * - undefined_in_gap: get() returns undefined when the value is gone but the
 *   callback has not run yet.
 * - strong_map: the map holds the values strongly, so it never shrinks.
 * - held_value_is_value: registers a value as its own held value, which
 *   register() rejects with a TypeError.
 * - held_value_holds_value: the held value holds the value, which keeps every
 *   value alive forever.
 *
 * The first tests use the stand-ins from `_fake_gc.ts`, so the gap and the
 * race happen exactly when the test says; the last ones use the real
 * `WeakRef`, `FinalizationRegistry` and garbage collector.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";
import { fakeGc } from "./_fake_gc.ts";
import {
  type SelfCleaningCache,
  selfCleaningCache,
} from "./self_cleaning_cache.ts";

interface Doc {
  key: string;
  version: number;
}

/** A loader that makes a new object per call and counts its calls. */
function countingLoader() {
  const loader = {
    calls: 0,
    load(key: string): Doc {
      loader.calls++;
      return { key, version: loader.calls };
    },
  };
  return loader;
}

const usesOptions =
  "Create weak references with `new MakeWeakRef(value)` and the registry with `new MakeRegistry(callback)` (the constructors taken from options), so the test's stand-ins are used.";

Deno.test("get() loads a value once, then returns it as a hit", () => {
  const gc = fakeGc();
  const loader = countingLoader();
  const cache = selfCleaningCache(loader.load, gc);
  let first: Doc | undefined;
  assert.doesNotThrow(
    () => {
      first = cache.get("intro");
    },
    "get() threw. register() throws a TypeError when the held value is the target itself: hold the key (and whatever identifies the entry) instead.",
  );
  const second = cache.get("intro");
  assert.equal(second, first, "The second get() returns the cached object.");
  assert.equal(
    loader.calls,
    1,
    "load() runs once for a key while its value lives.",
  );
  assert.equal(cache.misses, 1, "The first get() is a miss.");
  assert.equal(cache.hits, 1, "The second get() is a hit.");
  assert.equal(cache.size, 1, "One key, one entry in the map.");
  assert.equal(
    gc.refsTo(second!),
    1,
    `The value should be held through one weak reference made with options.WeakRef. ${usesOptions}`,
  );
});

Deno.test("the cleanup callback removes the entry of a collected value", () => {
  const gc = fakeGc();
  const loader = countingLoader();
  const cache = selfCleaningCache(loader.load, gc);
  const intro = cache.get("intro");
  cache.get("summary");
  gc.clear(intro);
  const ran = gc.runCleanup();
  assert.equal(
    ran,
    1,
    `One callback should have been due after "intro" was collected. Register every loaded value with the registry. ${usesOptions}`,
  );
  assert.equal(
    cache.size,
    1,
    'The callback must delete the entry of "intro", and only that one: "summary" is still alive.',
  );
});

Deno.test("THE GAP: get() reloads when deref() is undefined before the callback runs", () => {
  const gc = fakeGc();
  const loader = countingLoader();
  const cache = selfCleaningCache(loader.load, gc);
  const old = cache.get("intro");
  gc.clear(old); // collected, but no callback has run yet
  const again = cache.get("intro");
  assert.notEqual(
    again,
    undefined,
    "get() returned undefined: the entry is still in the map, but its value is gone. Dereference once into a local, and treat undefined as a miss.",
  );
  assert.equal(loader.calls, 2, "The collected value must be loaded again.");
  assert.equal(again.version, 2, "get() returns the freshly loaded value.");
  assert.equal(cache.misses, 2, "A dead entry counts as a miss, not a hit.");
  assert.equal(cache.hits, 0, "No get() found a live value.");
});

Deno.test("THE RACE: a stale callback leaves the fresh entry in place", () => {
  const gc = fakeGc();
  const loader = countingLoader();
  const cache = selfCleaningCache(loader.load, gc);
  const old = cache.get("intro");
  gc.clear(old);
  const fresh = cache.get("intro"); // reloaded in the gap
  assert.equal(
    cache.size,
    1,
    'Before any callback runs, the map holds one entry for "intro" (the fresh value).',
  );
  gc.runCleanup(); // the old value's callback arrives only now
  assert.equal(
    cache.size,
    1,
    "The old value's callback deleted the fresh entry. Let the callback delete an entry only if it is the one it was registered for (compare the weak references by identity).",
  );
  assert.equal(
    cache.get("intro"),
    fresh,
    "After the stale callback, get() still returns the fresh value.",
  );
  assert.equal(
    loader.calls,
    2,
    "No third load: the fresh value was still cached.",
  );
});

Deno.test("each callback removes its own entry, even after a reload", () => {
  const gc = fakeGc();
  const loader = countingLoader();
  const cache = selfCleaningCache(loader.load, gc);
  const old = cache.get("intro");
  gc.clear(old);
  const fresh = cache.get("intro");
  gc.clear(fresh); // both dead before any callback
  gc.runCleanup();
  assert.equal(
    cache.size,
    0,
    "Both values are gone and both callbacks ran, so the entry must be gone too.",
  );
});

/** Fills the cache with three documents that nothing else keeps. */
function fill(cache: SelfCleaningCache<Doc>): void {
  for (const key of ["a", "b", "c"]) cache.get(key);
}

Deno.test("selfCleaningCache() shrinks after its values are collected (real GC)", async () => {
  const cache = selfCleaningCache(countingLoader().load);
  fill(cache);
  assert.equal(cache.size, 3, "Three keys were loaded: three entries.");
  const empty = await collectUntil(() => cache.size === 0);
  assert.ok(
    empty,
    `Nothing uses the three documents, yet the map still has ${cache.size} entries after 10 collections. Hold values only through WeakRefs (a map of values keeps them alive), give the registry a held value that does not reach the value, and delete the entry in the callback.`,
  );
});

Deno.test("selfCleaningCache() keeps a value that is still in use (real GC)", async () => {
  const loader = countingLoader();
  const cache = selfCleaningCache(loader.load);
  const kept = cache.get("kept");
  fill(cache);
  assert.equal(cache.size, 4, "Four keys were loaded: four entries.");
  const shrunk = await collectUntil(() => cache.size === 1);
  assert.ok(
    shrunk,
    `The three unused documents should be dropped, leaving only "kept" (size is ${cache.size}).`,
  );
  const hitsBefore = cache.hits;
  assert.equal(
    cache.get("kept"),
    kept,
    "A value the test still holds cannot have been collected: get() returns the same object.",
  );
  assert.equal(cache.hits, hitsBefore + 1, "That get() is a hit.");
});
