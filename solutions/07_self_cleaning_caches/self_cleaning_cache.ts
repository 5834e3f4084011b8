/**
 * Reference solution for "A cache that cleans up after itself".
 *
 * The map holds a weak reference per key; the registry's held value for a
 * value is `{ key, ref }`: the key to find the entry, and the very weak
 * reference that was stored for this value. Neither reaches the value (a
 * weak reference does not keep its target), so registering does not leak.
 *
 * The gap: `get()` dereferences once, into a local. `undefined` means a miss,
 * whether or not the cleanup callback has run yet, so the value is loaded
 * again and a new entry replaces the dead one.
 *
 * The race: when the old value's callback arrives after such a reload, the
 * map holds the new weak reference under the same key. The callback deletes
 * the entry only if it is still the one it was registered for, comparing the
 * weak references by identity.
 *
 * `load` runs before anything is stored, so a load that throws leaves the map
 * as it was. Each cache makes its own registry: nothing outside the cache
 * reaches it, so a cache the caller drops is collected with its map.
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

  /** What the registry hands back once a cached value has been collected. */
  interface Held {
    key: string;
    ref: WeakRefLike<V>;
  }

  const entries = new Map<string, WeakRefLike<V>>();
  const registry = new MakeRegistry<Held>(({ key, ref }) => {
    // Only our own entry: a newer one may have replaced it (the race).
    if (entries.get(key) === ref) entries.delete(key);
  });
  let hits = 0;
  let misses = 0;

  return {
    get(key: string): V {
      const cached = entries.get(key)?.deref();
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      // A miss: never cached, or collected (callback run or not: the gap).
      misses++;
      const value = load(key);
      const ref = new MakeWeakRef(value);
      entries.set(key, ref);
      registry.register(value, { key, ref });
      return value;
    },
    get size(): number {
      return entries.size;
    },
    get hits(): number {
      return hits;
    },
    get misses(): number {
      return misses;
    },
  };
}
