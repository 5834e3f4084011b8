/**
 * # A cache that cleans up after itself
 *
 * Build a cache of expensive values (parsed documents, decoded images) that
 * holds each value weakly, so a value nobody uses may be collected, and that
 * removes the dead entry from its `Map` once the value is gone.
 *
 * Implement `selfCleaningCache(load, options)`, returning:
 * - `get(key)`: the cached value if it is still alive (a hit: the very object
 *   loaded before); otherwise call `load(key)`, cache the result and return
 *   it (a miss). Never `undefined`. Any string is a key, `""` and
 *   `"__proto__"` included. If `load` throws, `get()` throws that same error
 *   and caches nothing, so the next `get()` of the key loads again;
 * - `size`: how many entries the map holds right now, an entry whose value is
 *   gone but whose callback has not run yet included;
 * - `hits`, `misses`: how many `get()` calls were each.
 *
 * Use a `Map` from keys to weak references and a finalization registry whose
 * callback deletes the entry of a collected value. Each loaded value gets one
 * weak reference and one registration; a hit adds neither. Things that need
 * care:
 * - THE GAP: a value may already be collected (`deref()` returns `undefined`)
 *   while its callback has not run yet. `get()` must count that as a miss,
 *   load the value again, and register the new value like any other.
 * - THE RACE: after such a reload, the old value's callback still arrives.
 *   It must delete only the entry it was registered for, never the fresh one
 *   that now sits under the same key.
 * - ONE VALUE, SEVERAL KEYS: `load` may return the same object for two keys
 *   (a shared placeholder, say). Each entry is removed once it is collected.
 * - NOTHING HELD STRONGLY: neither the map nor the registry's held values may
 *   reach a value, and the registry belongs to its cache (one per cache, not
 *   one shared by every cache): a cache the caller drops can be collected,
 *   with its map and weak references, even while its values are in use.
 *
 * Create weak references and the registry with the constructors in
 * `options` (they default to the real `WeakRef` and `FinalizationRegistry`).
 * The tests pass stand-ins there, so they can produce the gap and the race on
 * demand instead of waiting for the garbage collector.
 *
 * ```ts ignore
 * const cache = selfCleaningCache((name) => ({ name, pixels: new Uint8Array(1e6) }));
 * cache.get("logo").name; // "logo" (a miss: loaded)
 * cache.get("logo"); // the same object (a hit)
 * // ...once nothing else holds it, after a collection and a later task:
 * cache.size; // 0
 * ```
 *
 * @module
 */

/** The part of a `WeakRef` the cache uses. */
export interface WeakRefLike<T extends object> {
  /** The target, or `undefined` once it has been collected. */
  deref(): T | undefined;
}

/** The part of a `FinalizationRegistry` the cache uses. */
export interface RegistryLike<H> {
  /** Calls the cleanup callback with `heldValue` after `target` is collected. */
  register(target: object, heldValue: H, unregisterToken?: object): void;
}

/** Options for {@linkcode selfCleaningCache}. */
export interface CacheOptions {
  /** Makes weak references (the real `WeakRef` by default). */
  WeakRef?: new <T extends object>(target: T) => WeakRefLike<T>;
  /** Makes the registry (the real `FinalizationRegistry` by default). */
  FinalizationRegistry?: new <H>(
    cleanup: (heldValue: H) => void,
  ) => RegistryLike<H>;
}

/** What {@linkcode selfCleaningCache} returns. */
export interface SelfCleaningCache<V extends object> {
  /** The live cached value for `key`, loading it on a miss. */
  get(key: string): V;
  /** The number of entries in the map. */
  readonly size: number;
  /** How many `get()` calls found a live value. */
  readonly hits: number;
  /** How many `get()` calls had to load. */
  readonly misses: number;
}

/** Creates a cache that holds values weakly and drops dead entries. */
export function selfCleaningCache<V extends object>(
  load: (key: string) => V,
  options: CacheOptions = {},
): SelfCleaningCache<V> {
  const {
    WeakRef: MakeWeakRef = WeakRef,
    FinalizationRegistry: MakeRegistry = FinalizationRegistry,
  } = options;
  // TODO: keep a Map from keys to `new MakeWeakRef(value)`, and one registry
  // made with `new MakeRegistry(callback)`. Count hits and misses, handle the
  // gap in get(), and make the callback delete only its own entry.
  return {
    get(key: string): V {
      return load(key);
    },
    get size(): number {
      return 0;
    },
    get hits(): number {
      return 0;
    },
    get misses(): number {
      return 0;
    },
  };
}
