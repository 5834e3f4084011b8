/**
 * # Mark what is reachable
 *
 * A tracing garbage collector starts from the roots (globals, the frames of
 * running functions, pending callbacks) and follows every strong reference.
 * Whatever it reaches is marked and kept; everything else may be reclaimed.
 *
 * Here the heap is plain data: each object is a name, and `refs` lists, for
 * each object, the names it references strongly. A name that appears only as
 * a target has no outgoing references.
 *
 * Implement:
 * - `reachable(heap)`: the set of names reachable from `heap.roots`, the roots
 *   included (a root need not appear in `refs`);
 * - `collectable(heap)`: every other name that appears in the heap (as a key
 *   of `refs` or as a target), each once, sorted the way `sort()` with no
 *   comparator sorts strings (by UTF-16 code units, so "B" comes before "a").
 *
 * Any shape can turn up: cycles, an object that references itself, a name
 * listed twice, a target with no entry in `refs`, several roots, a chain of
 * 50 000 references (too deep for a function that calls itself once per
 * reference, and too long to look names up in an array). Names are arbitrary
 * strings, the empty string included (none is the name of a property that
 * every object inherits, such as "constructor"). Neither function changes the
 * heap it is given, and `reachable` returns a new set on every call, which
 * depends on the heap as it is at that call alone.
 *
 * ```ts ignore
 * const heap: Heap = {
 *   roots: ["global"],
 *   refs: { global: ["user"], user: ["profile"], a: ["b"], b: ["a"] },
 * };
 * reachable(heap); // Set { "global", "user", "profile" }
 * collectable(heap); // ["a", "b"]: a cycle that no root reaches
 * ```
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
  // TODO: start with the roots and follow `heap.refs` until nothing new turns
  // up. Cycles are allowed, so remember what you have already visited.
  return new Set();
}

/** Returns the names that no root reaches, sorted. */
export function collectable(heap: Heap): string[] {
  // TODO: list every name in the heap, then keep those `reachable` leaves out.
  return [];
}
