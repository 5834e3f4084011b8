// Broken on purpose: withTarget() calls use() even when the target is gone.

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
  return use(ref.deref() as T);
}
