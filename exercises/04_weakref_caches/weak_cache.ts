/**
 * # A cache that lets go
 *
 * Decoding an image or parsing a document is expensive, so you keep the
 * result in a cache keyed by name. A `Map` of values would keep every result
 * alive for as long as the cache lives. Hold each value through a `WeakRef`
 * instead: while some part of the program still uses a value, `get` returns
 * that same object; once it has been collected, `get` loads it again.
 *
 * Implement `weakCache(load, options)`, returning an object with:
 * - `get(key)`: a hit (an entry whose value is still alive) returns that very
 *   object without calling `load`. A miss (no entry, or an entry whose value
 *   was collected) calls `load(key)`, stores a reference to the new value
 *   under the key (replacing a dead entry) and returns the value it loaded.
 *   Any string is a key, `""` and `"__proto__"` included, and several keys
 *   may load the same object.
 * - `hits` and `misses`: how many `get` calls were each, always current. A
 *   `get` that calls `load` is a miss, even if `load` throws.
 * - `prune()`: deletes the entries whose value was collected and returns how
 *   many it deleted; entries whose value is alive stay.
 * - `size`: how many keys the cache holds right now, dead entries included.
 *
 * The rules:
 * - Make every reference with `new options.WeakRef(value)` (the real
 *   `WeakRef` by default). The tests pass a stand-in there that they can empty
 *   on demand and whose reads they count.
 * - Read an entry with one `deref()` per `get`, into a local, and on a miss
 *   return the value you loaded, not a `deref()` of the new entry.
 * - Hold values only through those references: not in a `Map`, an array or a
 *   variable, not even the last value `get` returned. Once the cache itself
 *   is dropped, it and `load` must be collectable too.
 * - If `load` throws, the error reaches the caller unchanged and nothing is
 *   stored for it: the next `get` of that key calls `load` again.
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
  // TODO: keep a Map from keys to `new MakeWeakRef(value)`, and count hits
  // and misses. Right now every call loads afresh and nothing is remembered.
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
