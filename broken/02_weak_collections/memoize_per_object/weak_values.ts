// Broken on purpose: holds object results through WeakRefs, so a result can be collected while its key lives.

type Entry<V> = { weak: WeakRef<WeakKey> } | { value: V };

export function memoizePerObject<K extends WeakKey, V>(
  compute: (key: K) => V,
): (key: K) => V {
  const cache = new WeakMap<K, Entry<V>>();
  return (key) => {
    const entry = cache.get(key);
    if (entry !== undefined) {
      if ("value" in entry) return entry.value;
      const target = entry.weak.deref();
      if (target !== undefined) return target as V;
    }
    const value = compute(key);
    const holdWeakly = value !== null &&
      (typeof value === "object" || typeof value === "function");
    cache.set(
      key,
      holdWeakly ? { weak: new WeakRef(value as WeakKey) } : { value },
    );
    return value;
  };
}
