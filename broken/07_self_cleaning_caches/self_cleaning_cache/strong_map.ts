// Broken on purpose: the map holds the values themselves, so no value can ever be collected and the cache never shrinks.

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

/** Creates a cache that holds its values strongly. */
export function selfCleaningCache<V extends object>(
  load: (key: string) => V,
  options: CacheOptions = {},
): SelfCleaningCache<V> {
  const {
    WeakRef: MakeWeakRef = WeakRef,
    FinalizationRegistry: MakeRegistry = FinalizationRegistry,
  } = options;
  void MakeWeakRef;
  void MakeRegistry;
  const entries = new Map<string, V>();
  let hits = 0;
  let misses = 0;
  return {
    get(key: string): V {
      const cached = entries.get(key);
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      misses++;
      const value = load(key);
      entries.set(key, value);
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
