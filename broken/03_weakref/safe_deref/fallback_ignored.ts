// Broken on purpose: derefOr() returns undefined instead of the fallback.

export interface Deref<T> {
  deref(): T | undefined;
}

export function derefOr<T, F>(ref: Deref<T>, _fallback: F): T | F {
  return ref.deref() as T;
}

export function withTarget<T, R>(
  ref: Deref<T>,
  use: (target: T) => R,
): R | undefined {
  const target = ref.deref();
  return target === undefined ? undefined : use(target);
}
