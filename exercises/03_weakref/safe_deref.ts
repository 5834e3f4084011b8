/**
 * # Dereference safely
 *
 * A `WeakRef` may lose its target at any time between two turns, and code that
 * calls `deref()` twice asks the same question twice: the second answer is
 * only guaranteed to match the first within one turn. Write two helpers that
 * read a reference once, into a local, and handle the collected case:
 *
 * - `derefOr(ref, fallback)` returns the target if it is still there, and
 *   `fallback` otherwise: the very value it was given, whatever it is (a
 *   function is returned, not called);
 * - `withTarget(ref, use)` calls `use(target)` once and returns its result if
 *   the target is still there; otherwise it does not call `use` and returns
 *   `undefined`.
 *
 * Both take any object with a `deref()` method (a `Deref<T>`); a real
 * `WeakRef<T>` is one. The rules:
 *
 * - each call reads the reference exactly once: one `ref.deref()` per call,
 *   whether the target is there or not;
 * - `deref()` returns `undefined` exactly when the target is gone, and any
 *   other value is the target. A real `WeakRef` only holds objects and
 *   symbols, but a `Deref<T>` may hand back `null`, `0`, `""` or `false`: those
 *   are targets too;
 * - an error thrown by `deref()` or by `use` reaches the caller unchanged;
 * - once a helper returns, it keeps nothing: no variable outside the function
 *   may hold the reference, the target, the fallback, `use` or its result.
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
