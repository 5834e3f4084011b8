// Broken on purpose: get() trusts the map: an entry whose value is gone but whose callback has not run yet is returned as undefined.

/** The part of a WeakRef the cache uses. */
export interface WeakRefLike<T extends object> {
  deref(): T | undefined;
}

/** The part of a FinalizationRegistry the cache uses. */
export interface RegistryLike<H> {
  register(target: object, heldValue: H, unregisterToken?: object): void;
}

/** Options for selfCleaningCache. */
export interface CacheOptions {
  WeakRef?: new <T extends object>(target: T) => WeakRefLike<T>;
  FinalizationRegistry?: new <H>(
    cleanup: (heldValue: H) => void,
  ) => RegistryLike<H>;
}

/** What selfCleaningCache returns. */
export interface SelfCleaningCache<V extends object> {
  get(key: string): V;
  readonly size: number;
  readonly hits: number;
  readonly misses: number;
}

/** Creates a cache that returns undefined in the gap. */
export function selfCleaningCache<V extends object>(
  load: (key: string) => V,
  options: CacheOptions = {},
): SelfCleaningCache<V> {
  const {
    WeakRef: MakeWeakRef = WeakRef,
    FinalizationRegistry: MakeRegistry = FinalizationRegistry,
  } = options;
  const entries = new Map<string, WeakRefLike<V>>();
  const registry = new MakeRegistry<{ key: string; ref: WeakRefLike<V> }>(
    ({ key, ref }) => {
      if (entries.get(key) === ref) entries.delete(key);
    },
  );
  let hits = 0;
  let misses = 0;
  return {
    get(key: string): V {
      const entry = entries.get(key);
      if (entry !== undefined) {
        hits++;
        return entry.deref() as V;
      }
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
