// Broken on purpose: a Map keeps every key and every result alive.

export function memoizePerObject<K extends WeakKey, V>(
  compute: (key: K) => V,
): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
