/**
 * Reference solution for "A cache that lets go".
 *
 * The map holds each value through a weak reference, so the cache never
 * decides how long a value lives: whoever uses the value does. `get`
 * dereferences the entry once, into a local, and treats an empty reference
 * exactly like a missing key. It stores an entry only once `load` has
 * returned, so a `load` that throws leaves nothing behind. `prune` walks the
 * map and deletes the entries whose target is gone; deleting the current
 * entry while iterating a `Map` is allowed.
 *
 * @module
 */

/** The part of a `WeakRef` the cache uses. */
export interface WeakRefLike<T extends object> {
  /** The target, or `undefined` once it has been collected. */
  deref(): T | undefined;
}

/** Options for {@linkcode weakCache}. */
export interface WeakCacheOptions {
  /** Makes the weak references (the real `WeakRef` by default). */
  WeakRef?: new <T extends object>(target: T) => WeakRefLike<T>;
}

/** A cache whose values live only as long as something else holds them. */
export interface WeakCache<V extends object> {
  /** Returns the cached value for `key`, or loads, caches and returns it. */
  get(key: string): V;
  /** Deletes the entries whose value was collected; returns how many. */
  prune(): number;
  /** How many `get` calls found a live value. */
  readonly hits: number;
  /** How many `get` calls had to call `load`. */
  readonly misses: number;
  /** How many keys the cache holds, dead entries included. */
  readonly size: number;
}

/** Creates a cache that holds the values `load` returns through weak references. */
export function weakCache<V extends object>(
  load: (key: string) => V,
  options: WeakCacheOptions = {},
): WeakCache<V> {
  const { WeakRef: MakeWeakRef = WeakRef } = options;
  const entries = new Map<string, WeakRefLike<V>>();
  let hits = 0;
  let misses = 0;

  return {
    get(key: string): V {
      // One deref, into a local: the value is either here or it is not.
      const cached = entries.get(key)?.deref();
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      // No entry, or an entry whose target was collected: both are misses.
      misses++;
      const value = load(key);
      entries.set(key, new MakeWeakRef(value));
      return value;
    },
    prune(): number {
      let dropped = 0;
      for (const [key, ref] of entries) {
        if (ref.deref() === undefined) {
          entries.delete(key);
          dropped++;
        }
      }
      return dropped;
    },
    get hits() {
      return hits;
    },
    get misses() {
      return misses;
    },
    get size() {
      return entries.size;
    },
  };
}
