// Broken on purpose: the held value is a record that holds the value, so the registry keeps every value alive forever.

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

/** Creates a cache whose held values reach their targets. */
export function selfCleaningCache<V extends object>(
  load: (key: string) => V,
  options: CacheOptions = {},
): SelfCleaningCache<V> {
  const {
    WeakRef: MakeWeakRef = WeakRef,
    FinalizationRegistry: MakeRegistry = FinalizationRegistry,
  } = options;
  const entries = new Map<string, WeakRefLike<V>>();
  const registry = new MakeRegistry<{ key: string; value: V }>(({ key }) => {
    if (entries.get(key)?.deref() === undefined) entries.delete(key);
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
      misses++;
      const value = load(key);
      entries.set(key, new MakeWeakRef(value));
      registry.register(value, { key, value });
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
