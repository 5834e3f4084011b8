/**
 * # Memoize per object
 *
 * `memoizePerObject(compute)` returns a function that gives the same result
 * as `compute(key)`, but calls `compute` at most once per key and remembers
 * the result. Keys are objects (or unregistered symbols), told apart by
 * identity: two objects with the same content are two keys.
 *
 * The cache must not keep anything alive. Once a key is garbage collected,
 * its remembered result must be collectable too, even when that result
 * references the key. While the key lives, the result stays remembered.
 *
 * Each call to `memoizePerObject` gets its own cache.
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
