// Broken on purpose: caches by JSON.stringify(key), so objects with equal content share one result.

export function memoizePerObject<K extends WeakKey, V>(
  compute: (key: K) => V,
): (key: K) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const text = typeof key === "symbol" ? key.toString() : JSON.stringify(key);
    if (cache.has(text)) return cache.get(text) as V;
    const value = compute(key);
    cache.set(text, value);
    return value;
  };
}
