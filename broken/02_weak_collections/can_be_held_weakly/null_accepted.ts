// Broken on purpose: trusts typeof value === "object", which is also true for null.

export function canBeHeldWeakly(value: unknown): boolean {
  if (typeof value === "object" || typeof value === "function") return true;
  if (typeof value === "symbol") return Symbol.keyFor(value) === undefined;
  return false;
}
