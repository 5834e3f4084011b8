// Broken on purpose: withTarget() checks deref() and then calls it again to pass the target on.

export interface Deref<T> {
  deref(): T | undefined;
}

export function derefOr<T, F>(ref: Deref<T>, fallback: F): T | F {
  const target = ref.deref();
  return target === undefined ? fallback : target;
}

export function withTarget<T, R>(
  ref: Deref<T>,
  use: (target: T) => R,
): R | undefined {
  if (ref.deref() === undefined) return undefined;
  return use(ref.deref() as T);
}
