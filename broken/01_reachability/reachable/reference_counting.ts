// Broken on purpose: keeps every object that something references, so an unreachable cycle survives.

/** A heap as plain data. */
export interface Heap {
  roots: string[];
  refs: Record<string, string[]>;
}

export function reachable(heap: Heap): Set<string> {
  const marked = new Set(heap.roots);
  for (const targets of Object.values(heap.refs)) {
    for (const target of targets) marked.add(target);
  }
  return marked;
}

export function collectable(heap: Heap): string[] {
  const live = reachable(heap);
  const all = new Set([
    ...Object.keys(heap.refs),
    ...Object.values(heap.refs).flat(),
  ]);
  return [...all].filter((name) => !live.has(name)).sort();
}
