// Broken on purpose: only typeof "object" counts, so functions are refused.

export function canBeHeldWeakly(value: unknown): boolean {
  if (value === null) return false;
  if (typeof value === "object") return true;
  if (typeof value === "symbol") return Symbol.keyFor(value) === undefined;
  return false;
}
