/**
 * # Memoize per object
 *
 * `memoizePerObject(compute)` returns a function that gives the same result
 * as `compute(key)`, but calls `compute` at most once per key and remembers
 * the result: every later call with that key returns that very value without
 * calling `compute`. A result may be anything, `undefined`, `0` and `""`
 * included.
 *
 * Keys are whatever a `WeakMap` accepts: objects, arrays, functions and
 * symbols that are not registered. They are told apart by identity: two
 * objects with the same content are two keys. Keys are not yours: leave them
 * as they are (do not add properties to them; some are frozen).
 *
 * If `compute` throws, the error reaches the caller unchanged and nothing is
 * remembered: the next call with that key computes again.
 *
 * The memoized function must not keep anything alive. Once a key is garbage
 * collected, its remembered result must be collectable too, even when that
 * result references the key; and once the memoized function itself is
 * dropped, it and `compute` must be collectable. While a key lives (and the
 * memoized function with it), its result stays remembered.
 *
 * Each call to `memoizePerObject` gets its own cache, even for the same
 * `compute`.
 *
 * ```ts ignore
 * let calls = 0;
 * const area = memoizePerObject((shape: { w: number; h: number }) => {
 *   calls++;
 *   return shape.w * shape.h;
 * });
 * const square = { w: 3, h: 3 };
 * area(square); // 9, computed
 * area(square); // 9, remembered: calls === 1
 * area({ w: 3, h: 3 }); // 9, computed again: a different object
 * ```
 *
 * @module
 */

/** Returns a function that computes `compute(key)` once per key. */
export function memoizePerObject<K extends WeakKey, V>(
  compute: (key: K) => V,
): (key: K) => V {
  // TODO: create a cache here, look the key up in it, and compute and store
  // the result only when the key is not there yet.
  return (key) => compute(key);
}
