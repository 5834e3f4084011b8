// Broken on purpose: stores the values themselves in a Map, so none is ever collected.

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
    prune(): number {
      return 0; // nothing is ever dead here
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
