// Broken on purpose: collectable() looks only at the keys of refs.

/** A heap as plain data. */
export interface Heap {
  roots: string[];
  refs: Record<string, string[]>;
}

export function reachable(heap: Heap): Set<string> {
  const marked = new Set<string>();
  const pending = [...heap.roots];
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
  return Object.keys(heap.refs).filter((name) => !live.has(name)).sort();
}
