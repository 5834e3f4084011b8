// Broken on purpose: the rule before ES2023, which rejects every symbol.

export function canBeHeldWeakly(value: unknown): boolean {
  return (typeof value === "object" && value !== null) ||
    typeof value === "function";
}
