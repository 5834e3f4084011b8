// Broken on purpose: rejects well-known symbols such as Symbol.iterator.

const wellKnown = new Set<unknown>(
  Object.getOwnPropertyNames(Symbol)
    .map((name) => (Symbol as unknown as Record<string, unknown>)[name])
    .filter((value) => typeof value === "symbol"),
);

export function canBeHeldWeakly(value: unknown): boolean {
  if (value === null) return false;
  if (typeof value === "object" || typeof value === "function") return true;
  if (typeof value === "symbol") {
    return Symbol.keyFor(value) === undefined && !wellKnown.has(value);
  }
  return false;
}
