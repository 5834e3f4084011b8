/**
 * Reference solution for "Memoize per object".
 *
 * A `WeakMap` is the whole answer: it does not keep its keys alive, and it
 * keeps each value only as long as its key lives (an ephemeron), even when
 * the value references the key. A `Map` here would hold every key and every
 * result for as long as the memoized function is reachable. The `WeakMap`
 * belongs to the closure alone, so dropping the memoized function drops the
 * whole cache.
 *
 * @module
 */

/** Returns a function that computes `compute(key)` once per key. */
export function memoizePerObject<K extends WeakKey, V>(
  compute: (key: K) => V,
): (key: K) => V {
  // One cache per memoized function, captured by the closure below.
  const cache = new WeakMap<K, V>();
  return (key) => {
    // has() rather than get() !== undefined: a result may be undefined.
    if (cache.has(key)) return cache.get(key) as V;
    // Store only once compute() has returned: one that throws leaves nothing.
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
