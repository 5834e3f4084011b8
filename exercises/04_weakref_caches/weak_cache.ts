/**
 * # A cache that lets go
 *
 * Decoding an image or parsing a document is expensive, so you keep the
 * result in a cache keyed by name. A `Map` of values would keep every result
 * alive for as long as the cache lives. Hold each value through a `WeakRef`
 * instead: while some part of the program still uses a value, `get` returns
 * that same object; once it has been collected, `get` loads it again.
 *
 * Implement `weakCache(load)`, returning an object with:
 * - `get(key)`: a hit returns the cached object (same identity) without
 *   calling `load`; a miss (no entry, or an entry whose target was collected)
 *   calls `load(key)`, stores the new value and returns it. Dereference each
 *   entry once per call, into a local.
 * - `hits` and `misses`: how many `get` calls were each.
 * - `prune()`: deletes the entries whose `WeakRef` is empty and returns how
 *   many it deleted; entries whose value is alive stay.
 * - `size`: how many keys the cache holds, dead entries included.
 *
 * ```ts ignore
 * const images = weakCache((name) => decodeImage(name)); // returns a Uint8Array
 * const a = images.get("logo.png"); // miss: decodes
 * const b = images.get("logo.png"); // hit: the same Uint8Array, a === b
 * images.hits; // 1
 * images.misses; // 1
 * // ...later, after `a` and `b` are gone and the bytes were collected:
 * images.prune(); // 1: the "logo.png" entry was dead
 * ```
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
  // TODO: keep a Map from keys to WeakRefs of values, and count hits and
  // misses. Right now every call loads afresh and nothing is remembered.
  return {
    get(key: string): V {
      return load(key);
    },
    prune(): number {
      return 0;
    },
    hits: 0,
    misses: 0,
    size: 0,
  };
}
