// Broken on purpose: remembers the last target in module variables to skip a deref(), so that target can never be collected.

export interface Deref<T> {
  deref(): T | undefined;
}

/** The last reference read and its target, kept "to save a deref()". */
let lastRef: unknown;
let lastTarget: unknown;

function read<T>(ref: Deref<T>): T | undefined {
  if (ref === lastRef) return lastTarget as T;
  const target = ref.deref();
  if (target !== undefined) {
    lastRef = ref;
    lastTarget = target;
  }
  return target;
}

export function derefOr<T, F>(ref: Deref<T>, fallback: F): T | F {
  const target = read(ref);
  return target === undefined ? fallback : target;
}

export function withTarget<T, R>(
  ref: Deref<T>,
  use: (target: T) => R,
): R | undefined {
  const target = read(ref);
  return target === undefined ? undefined : use(target);
}
