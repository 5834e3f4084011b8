/**
 * # What can be held weakly
 *
 * A `WeakMap` key, a `WeakSet` element, a `WeakRef` target and a
 * `FinalizationRegistry` target all follow one rule from the specification
 * (the abstract operation CanBeHeldWeakly): the value must have an identity
 * that cannot be made again from scratch.
 *
 * - Objects qualify, every kind of them: functions and classes, arrays,
 *   instances, boxed primitives such as `Object(1)`, objects with a null
 *   prototype, Proxies (even revoked ones).
 * - Symbols qualify, unless they are registered: `Symbol.for("id")` returns the
 *   same symbol every time it is called, so it can always be recreated.
 *   Well-known symbols such as `Symbol.iterator` are not registered, so they
 *   qualify, and so does `Symbol("id")`, even when `Symbol.for("id")` exists.
 * - Every other primitive (`undefined`, `null`, booleans, numbers, bigints,
 *   strings) does not.
 *
 * Implement `canBeHeldWeakly(value)` from the value itself, the way the
 * specification states the rule, rather than by trying `new WeakRef(value)`
 * and catching the error (the tests compare your answer with the engine's).
 * Decide from the value's type and, for a symbol, from the global symbol
 * registry: read no property of the value and call nothing on it (a Proxy
 * would notice, and a revoked one throws). Keep nothing of what you are
 * given, so that every value stays free to be collected.
 *
 * ```ts ignore
 * canBeHeldWeakly({}); // true
 * canBeHeldWeakly(Symbol("id")); // true
 * canBeHeldWeakly(Symbol.for("id")); // false
 * canBeHeldWeakly("id"); // false
 * ```
 *
 * @module
 */

/** Returns whether `value` may be a WeakMap key or a WeakRef target. */
export function canBeHeldWeakly(value: unknown): boolean {
  // TODO: decide from `typeof value`, and for symbols from the global symbol
  // registry.
  return false;
}
