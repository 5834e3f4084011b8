// Broken on purpose: follows references from the roots one step only.

/** A heap as plain data. */
export interface Heap {
  roots: string[];
  refs: Record<string, string[]>;
}

export function reachable(heap: Heap): Set<string> {
  const marked = new Set(heap.roots);
  for (const root of heap.roots) {
    for (const target of heap.refs[root] ?? []) marked.add(target);
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
