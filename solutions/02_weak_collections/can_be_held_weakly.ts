/**
 * Reference solution for "What can be held weakly".
 *
 * It follows the specification's CanBeHeldWeakly step by step: an Object
 * qualifies; a Symbol qualifies when KeyForSymbol finds no registry key for
 * it (`Symbol.keyFor` is the JavaScript face of KeyForSymbol); nothing else
 * does. Well-known symbols are not in the registry, so `Symbol.keyFor`
 * returns undefined for them and they qualify.
 *
 * @module
 */

/** Returns whether `value` may be a WeakMap key or a WeakRef target. */
export function canBeHeldWeakly(value: unknown): boolean {
  // typeof null is "object", so rule it out first.
  if (value === null) return false;
  if (typeof value === "object" || typeof value === "function") return true;
  if (typeof value === "symbol") return Symbol.keyFor(value) === undefined;
  return false;
}
