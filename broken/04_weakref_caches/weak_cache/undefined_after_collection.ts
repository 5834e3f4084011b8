// Broken on purpose: returns undefined for a collected entry instead of loading it again.

export interface WeakCache<V extends object> {
  get(key: string): V;
  prune(): number;
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

export function weakCache<V extends object>(
  load: (key: string) => V,
): WeakCache<V> {
  const entries = new Map<string, WeakRef<V>>();
  let hits = 0;
  let misses = 0;
  return {
    get(key: string): V {
      const ref = entries.get(key);
      if (ref !== undefined) {
        // The key is known, so this is counted as a hit, even when the
        // WeakRef is empty.
        hits++;
        return ref.deref() as V;
      }
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
