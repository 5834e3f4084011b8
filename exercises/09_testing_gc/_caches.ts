/**
 * The caches that `write_the_tests_test.ts` runs your checks against: one
 * correct, the others each wrong in one way. Read them if you like; the
 * point of the exercise is to write checks that tell them apart.
 *
 * Every cache has the same contract: `get(key)` returns the cached value
 * while it is alive, and otherwise calls `load(key)` and caches the result
 * weakly; `size` counts the entries the cache holds, including an entry
 * whose value has been collected but whose cleanup has not run yet.
 *
 * @module
 */

import type { Cache, CacheFactory } from "./write_the_tests.ts";

/** Correct: a Map of WeakRefs, cleaned by a registry that checks identity. */
export const correctCache: CacheFactory = <V extends object>(
  load: (key: string) => V,
): Cache<V> => {
  const entries = new Map<string, WeakRef<V>>();
  const registry = new FinalizationRegistry<{ key: string; ref: WeakRef<V> }>(
    ({ key, ref }) => {
      if (entries.get(key) === ref) entries.delete(key);
    },
  );
  return {
    get(key: string): V {
      const cached = entries.get(key)?.deref();
      if (cached !== undefined) return cached;
      const fresh = load(key);
      const ref = new WeakRef(fresh);
      entries.set(key, ref);
      registry.register(fresh, { key, ref });
      return fresh;
    },
    get size(): number {
      return entries.size;
    },
  };
};

/** Leaks: keeps every value in a Map, so nothing is ever collected. */
export const strongCache: CacheFactory = <V extends object>(
  load: (key: string) => V,
): Cache<V> => {
  const entries = new Map<string, V>();
  return {
    get(key: string): V {
      let value = entries.get(key);
      if (value === undefined) {
        value = load(key);
        entries.set(key, value);
      }
      return value;
    },
    get size(): number {
      return entries.size;
    },
  };
};

/** Never cleans: dead entries stay in the Map, so size never shrinks. */
export const noCleanupCache: CacheFactory = <V extends object>(
  load: (key: string) => V,
): Cache<V> => {
  const entries = new Map<string, WeakRef<V>>();
  return {
    get(key: string): V {
      const cached = entries.get(key)?.deref();
      if (cached !== undefined) return cached;
      const fresh = load(key);
      entries.set(key, new WeakRef(fresh));
      return fresh;
    },
    get size(): number {
      return entries.size;
    },
  };
};

/** Racy: a stale callback deletes whatever entry has the key, fresh or not. */
export const racyCache: CacheFactory = <V extends object>(
  load: (key: string) => V,
): Cache<V> => {
  const entries = new Map<string, WeakRef<V>>();
  const registry = new FinalizationRegistry<string>((key) => {
    entries.delete(key);
  });
  return {
    get(key: string): V {
      const cached = entries.get(key)?.deref();
      if (cached !== undefined) return cached;
      const fresh = load(key);
      entries.set(key, new WeakRef(fresh));
      registry.register(fresh, key);
      return fresh;
    },
    get size(): number {
      return entries.size;
    },
  };
};

/** Gap: treats "has an entry" as a hit, so it returns undefined between a collection and its cleanup. */
export const gapCache: CacheFactory = <V extends object>(
  load: (key: string) => V,
): Cache<V> => {
  const entries = new Map<string, WeakRef<V>>();
  const registry = new FinalizationRegistry<{ key: string; ref: WeakRef<V> }>(
    ({ key, ref }) => {
      if (entries.get(key) === ref) entries.delete(key);
    },
  );
  return {
    get(key: string): V {
      const ref = entries.get(key);
      if (ref !== undefined) return ref.deref() as V;
      const fresh = load(key);
      const newRef = new WeakRef(fresh);
      entries.set(key, newRef);
      registry.register(fresh, { key, ref: newRef });
      return fresh;
    },
    get size(): number {
      return entries.size;
    },
  };
};

/**
 * Leaks its last hit: a correct cache that also remembers the value of the
 * latest `get()` that did not load, so that value is never collected.
 */
export const lastHitCache: CacheFactory = <V extends object>(
  load: (key: string) => V,
): Cache<V> => {
  let loads = 0;
  const cache = correctCache((key: string) => {
    loads++;
    return load(key);
  });
  const kept: { lastHit?: V } = {};
  return {
    get(key: string): V {
      const before = loads;
      const value = cache.get(key);
      if (loads === before) kept.lastHit = value;
      return value;
    },
    get size(): number {
      return cache.size;
    },
  };
};

/** A wrong cache, and a nudge towards a check that sees what is wrong. */
export interface WrongCache {
  /** The exported name. */
  name: string;
  /** The factory. */
  make: CacheFactory;
  /** Which kind of check would notice. */
  nudge: string;
}

/** The wrong caches, each of which at least one check must reject. */
export const wrongCaches: WrongCache[] = [
  {
    name: "strongCache",
    make: strongCache,
    nudge:
      "Load a value inside a helper function, keep only a WeakRef to it, and require that collectUntil() sees it collected.",
  },
  {
    name: "noCleanupCache",
    make: noCleanupCache,
    nudge:
      "Drop a value, then require that collectUntil() sees cache.size go back down.",
  },
  {
    name: "racyCache",
    make: racyCache,
    nudge:
      "Reload the key in the gap (in the same turn as the gc() that collected the old value), hold the fresh value, let the callbacks run, then require that get() still returns that same fresh object.",
  },
  {
    name: "gapCache",
    make: gapCache,
    nudge:
      "Hold a value until the turn in which you let go of it and call gc() yourself; in that same turn, before any callback can run, call get() and require an object back.",
  },
  {
    name: "lastHitCache",
    make: lastHitCache,
    nudge:
      "In a helper function, load a value and get it again (a hit), keep only a WeakRef to it, and require that collectUntil() sees it collected.",
  },
];

// Given code is frozen as it is defined, before any exercise code runs: an
// answer cannot change what the tests rely on.
for (const wrong of wrongCaches) Object.freeze(wrong);
Object.freeze(wrongCaches);
