// Broken on purpose: waits with resolved promises, which never end the current job.

/** Options for collectUntil. */
export interface CollectOptions {
  maxRounds?: number;
  gc?: () => void;
}

export function requireGc(scope: object = globalThis): () => void {
  const gc = (scope as { gc?: unknown }).gc;
  if (typeof gc !== "function") {
    throw new Error("gc() is not exposed: run with --v8-flags=--expose-gc");
  }
  return gc as () => void;
}

export async function collectUntil(
  condition: () => boolean,
  options: CollectOptions = {},
): Promise<boolean> {
  const { maxRounds = 10, gc = requireGc(globalThis) } = options;
  for (let round = 0; round < maxRounds; round++) {
    await Promise.resolve();
    gc();
    await Promise.resolve();
    if (condition()) return true;
  }
  return false;
}
