/**
 * Reference solution for "Dereference safely".
 *
 * One `deref()` per helper, stored in a local. Within one turn the engine
 * keeps a dereferenced target alive (the specification's AddToKeptObjects), so
 * a real `WeakRef` would answer a second call the same way; but only the local
 * makes the code obviously right, and it also works for any `deref()` that
 * makes no such promise. The local dies with the call, so the helpers keep
 * nothing alive.
 *
 * @module
 */

/** Anything that can be dereferenced like a `WeakRef`. */
export interface Deref<T> {
  /** The target, or `undefined` once it is gone. */
  deref(): T | undefined;
}

/** Returns the target of `ref`, or `fallback` if it has been collected. */
export function derefOr<T, F>(ref: Deref<T>, fallback: F): T | F {
  const target = ref.deref();
  // Only undefined means gone: null, 0, "" or false from a stand-in are targets.
  return target === undefined ? fallback : target;
}

/** Calls `use` with the target of `ref` and returns its result, or returns `undefined` without calling it. */
export function withTarget<T, R>(
  ref: Deref<T>,
  use: (target: T) => R,
): R | undefined {
  const target = ref.deref();
  if (target === undefined) return undefined;
  return use(target);
}
