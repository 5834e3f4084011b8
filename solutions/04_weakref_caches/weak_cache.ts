/**
 * Reference solution for "A cache that lets go".
 *
 * The map holds each value through a `WeakRef`, so the cache never decides
 * how long a value lives: whoever uses the value does. `get` dereferences the
 * entry once, into a local, and treats an empty `WeakRef` exactly like a
 * missing key. `prune` walks the map and deletes the entries whose target is
 * gone; deleting the current entry while iterating a `Map` is allowed.
 *
 * @module
 */

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

/** Creates a cache that holds the values `load` returns through `WeakRef`s. */
export function weakCache<V extends object>(
  load: (key: string) => V,
): WeakCache<V> {
  const entries = new Map<string, WeakRef<V>>();
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
      entries.set(key, new WeakRef(value));
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
