// Broken on purpose: leaves the roots out unless something references them.

/** A heap as plain data. */
export interface Heap {
  roots: string[];
  refs: Record<string, string[]>;
}

export function reachable(heap: Heap): Set<string> {
  const marked = new Set<string>();
  const pending = heap.roots.flatMap((root) => heap.refs[root] ?? []);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (marked.has(name)) continue;
    marked.add(name);
    pending.push(...(heap.refs[name] ?? []));
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
