// Broken on purpose: prune() counts the dead entries but then clears the whole map, live entries included.

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
      const cached = entries.get(key)?.deref();
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      misses++;
      const value = load(key);
      entries.set(key, new WeakRef(value));
      return value;
    },
    prune(): number {
      let dead = 0;
      for (const ref of entries.values()) {
        if (ref.deref() === undefined) dead++;
      }
      entries.clear();
      return dead;
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
