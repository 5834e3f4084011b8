// Broken on purpose: every memoized function shares one module-level WeakMap.

const cache = new WeakMap<WeakKey, unknown>();

export function memoizePerObject<K extends WeakKey, V>(
  compute: (key: K) => V,
): (key: K) => V {
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
