// Broken on purpose: a remembered undefined looks like a miss, so it is computed again.

export function memoizePerObject<K extends WeakKey, V>(
  compute: (key: K) => V,
): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    const known = cache.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
