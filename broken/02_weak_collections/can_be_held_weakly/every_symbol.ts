// Broken on purpose: accepts registered symbols made by Symbol.for.

export function canBeHeldWeakly(value: unknown): boolean {
  return (typeof value === "object" && value !== null) ||
    typeof value === "function" || typeof value === "symbol";
}
