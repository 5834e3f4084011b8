// Broken on purpose: ignores maxRounds and collects until the condition holds.

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

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function collectUntil(
  condition: () => boolean,
  options: CollectOptions = {},
): Promise<boolean> {
  const { maxRounds = 10, gc = requireGc(globalThis) } = options;
  for (;;) {
    await nextTask();
    gc();
    await nextTask();
    if (condition()) return true;
    if (maxRounds < 0) return false;
  }
}
