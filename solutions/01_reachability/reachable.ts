/**
 * Reference solution for "Mark what is reachable".
 *
 * `reachable` is the mark phase: a worklist of names still to visit and a set
 * of names already marked. Checking the set before pushing is what makes a
 * cycle harmless; a loop rather than recursion keeps a long chain of
 * references from overflowing the call stack.
 *
 * @module
 */

/** A heap as plain data. */
export interface Heap {
  /** The names the collector starts from. */
  roots: string[];
  /** For each object, the names of the objects it references strongly. */
  refs: Record<string, string[]>;
}

/** Returns every name reachable from the roots, the roots included. */
export function reachable(heap: Heap): Set<string> {
  const marked = new Set<string>();
  const pending = [...heap.roots];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (marked.has(name)) continue;
    marked.add(name);
    for (const target of heap.refs[name] ?? []) {
      if (!marked.has(target)) pending.push(target);
    }
  }
  return marked;
}

/** Returns the names that no root reaches, sorted. */
export function collectable(heap: Heap): string[] {
  const all = new Set(Object.keys(heap.refs));
  for (const targets of Object.values(heap.refs)) {
    for (const target of targets) all.add(target);
  }
  const live = reachable(heap);
  return [...all].filter((name) => !live.has(name)).sort();
}
