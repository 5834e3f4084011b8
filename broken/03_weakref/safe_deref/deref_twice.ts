// Broken on purpose: derefOr() checks deref() and then calls it again for the value.

export interface Deref<T> {
  deref(): T | undefined;
}

export function derefOr<T, F>(ref: Deref<T>, fallback: F): T | F {
  if (ref.deref() === undefined) return fallback;
  return ref.deref() as T;
}

export function withTarget<T, R>(
  ref: Deref<T>,
  use: (target: T) => R,
): R | undefined {
  const target = ref.deref();
  return target === undefined ? undefined : use(target);
}
