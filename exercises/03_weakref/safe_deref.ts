/**
 * # Dereference safely
 *
 * A `WeakRef` may lose its target at any time between two jobs, and code that
 * calls `deref()` twice asks the same question twice: the second answer is
 * only guaranteed to match the first within one synchronous job. Write two
 * helpers that read a reference once, into a local, and handle the collected
 * case:
 *
 * - `derefOr(ref, fallback)` returns the target if it is still there, and
 *   `fallback` otherwise;
 * - `withTarget(ref, use)` calls `use(target)` and returns its result if the
 *   target is still there; otherwise it does not call `use` and returns
 *   `undefined`.
 *
 * Each helper must call `ref.deref()` exactly once, and must keep nothing
 * after it returns: no variable outside the function may hold the target.
 *
 * Both take any object with a `deref()` method (a `Deref<T>`); a real
 * `WeakRef<T>` is one.
 *
 * ```ts ignore
 * const ref = new WeakRef({ title: "Q3 report" });
 * derefOr(ref, null)?.title; // "Q3 report" while the target lives
 * withTarget(ref, (report) => report.title.length); // 9, or undefined once it is gone
 * ```
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
  // TODO: read the target once into a local, then decide.
  return fallback;
}

/** Calls `use` with the target of `ref` and returns its result, or returns `undefined` without calling it. */
export function withTarget<T, R>(
  ref: Deref<T>,
  use: (target: T) => R,
): R | undefined {
  // TODO: read the target once into a local; call `use` only if it is there.
  return undefined;
}
