/**
 * Tests for `reachable.ts`. The heaps are drawn at random (with a fixed seed,
 * so every run tries the same ones): arbitrary names, shared objects, names
 * listed twice, targets with no entry in `refs`, roots that `refs` does not
 * list, and keys of `refs` in any order. Each test checks one promise of the
 * statement; a failure shows the smallest heap that breaks it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { assertProperty, attempt, describeError, show } from "../_testing.ts";
import { collectable, type Heap, reachable } from "./reachable.ts";

/**
 * A name: a short string of a few letters of both cases and characters on
 * either side of U+FFFF (so that names repeat, and sort differently by code
 * unit than by locale or by code point), or any string at all.
 */
const name: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      "a",
      "b",
      "A",
      "B",
      "é",
      "_",
      "1",
      " ",
      ",",
      "\uffff",
      "\u{10000}",
      "\u{1f600}",
    ),
    maxLength: 3,
  }),
  fc.string(),
).filter((text) => !(text in {}));

/**
 * A heap without cycles, of any other shape: each object references only
 * objects drawn after it, possibly twice; some objects have no entry in
 * `refs`; the roots are any objects, possibly repeated; the keys of `refs`
 * come in a shuffled order.
 */
const acyclicHeap: fc.Arbitrary<Heap> = fc.uniqueArray(name, { maxLength: 9 })
  .chain((names) => {
    const indices = names.map((_, i) => i);
    return fc.record({
      listed: fc.array(fc.boolean(), {
        minLength: names.length,
        maxLength: names.length,
      }),
      targets: fc.tuple(
        ...indices.map((i) =>
          i + 1 < names.length
            ? fc.array(fc.integer({ min: i + 1, max: names.length - 1 }), {
              maxLength: 3,
            })
            : fc.constant<number[]>([])
        ),
      ),
      roots: names.length === 0 ? fc.constant<number[]>([]) : fc.array(
        fc.integer({ min: 0, max: names.length - 1 }),
        { maxLength: 4 },
      ),
      order: fc.shuffledSubarray(indices, {
        minLength: names.length,
        maxLength: names.length,
      }),
    }).map(({ listed, targets, roots, order }) => {
      const refs: Record<string, string[]> = {};
      for (const i of order) {
        if (listed[i]) refs[names[i]!] = targets[i]!.map((j) => names[j]!);
      }
      return { roots: roots.map((i) => names[i]!), refs };
    });
  });

/** What each object references: its list in `refs`, or nothing. */
function targetsOf(heap: Heap, name: string): string[] {
  return Object.hasOwn(heap.refs, name) ? heap.refs[name]! : [];
}

/** The names that a mark phase marks: the expected `reachable(heap)`. */
function marks(heap: Heap): Set<string> {
  const marked = new Set<string>();
  const pending = [...heap.roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (marked.has(name)) continue;
    marked.add(name);
    pending.push(...targetsOf(heap, name));
  }
  return marked;
}

/** Every name that appears in the heap as a key of `refs` or as a target. */
function namesIn(heap: Heap): Set<string> {
  return new Set([
    ...Object.keys(heap.refs),
    ...Object.values(heap.refs).flat(),
  ]);
}

const sorted = (names: Iterable<string>): string[] => [...names].sort();

/** Calls the learner's `reachable` on a copy of `heap`; checks it gives a Set. */
function reachableOf(heap: Heap): Set<string> {
  const marked = attempt(
    `reachable(${show(heap)})`,
    () => reachable(structuredClone(heap)),
  );
  assert.ok(
    marked instanceof Set,
    `reachable(${show(heap)}) returned ${show(marked)}: return a Set of names`,
  );
  return marked;
}

/** What the learner's `reachable` marks in `heap`, as a plain Set. */
function mark(heap: Heap): Set<string> {
  const marked = reachableOf(heap);
  // A plain copy of what the Set holds: its own methods are not asked.
  return attempt(
    `copying the Set that reachable(${show(heap)}) returned`,
    () => structuredClone(marked) as Set<string>,
  );
}

/** Calls the learner's `collectable` on a copy of `heap`; checks it gives an array. */
function listCollectable(heap: Heap): string[] {
  const listed = attempt(
    `collectable(${show(heap)})`,
    () => collectable(structuredClone(heap)),
  );
  assert.ok(
    Array.isArray(listed),
    `collectable(${show(heap)}) returned ${
      show(listed)
    }: return an array of names`,
  );
  return attempt(
    `copying the array that collectable(${show(heap)}) returned`,
    () => structuredClone(listed) as string[],
  );
}

Deno.test("reachable() includes every root, even one that refs does not list", () => {
  assertProperty(acyclicHeap, (heap) => {
    const marked = mark(heap);
    const missing = heap.roots.find((root) => !marked.has(root));
    if (missing === undefined) return undefined;
    return `reachable(${show(heap)}) left out the root ${
      show(missing)
    }: every root is reachable, whether refs lists it or not`;
  });
});

Deno.test("reachable() follows every reference of what it marks, as far as they go", () => {
  assertProperty(acyclicHeap, (heap) => {
    const marked = mark(heap);
    for (const name of marked) {
      const missed = targetsOf(heap, name).find((t) => !marked.has(t));
      if (missed === undefined) continue;
      return `reachable(${show(heap)}) marked ${show(name)}, which references ${
        show(missed)
      }, but left ${
        show(missed)
      } out: follow the references of everything you mark, including targets that refs does not list`;
    }
    return undefined;
  });
});

Deno.test("reachable() marks nothing that no root reaches", () => {
  assertProperty(acyclicHeap, (heap) => {
    const expected = marks(heap);
    const extra = [...mark(heap)].find((name) => !expected.has(name));
    if (extra === undefined) return undefined;
    const where = namesIn(heap).has(extra) || heap.roots.includes(extra)
      ? "no chain of references from a root leads to it"
      : "it is not even in this heap (is it left from an earlier call?)";
    return `reachable(${show(heap)}) marked ${
      show(extra)
    }, but ${where}: start from the roots only, and follow references forwards`;
  });
});

/** Thrown by a guarded heap when `refs` is read far more often than needed. */
class EndlessLoop extends Error {}

/** A copy of `heap` whose `refs` throws {@linkcode EndlessLoop} after `limit` reads. */
function guarded(heap: Heap, limit: number): Heap {
  let reads = 0;
  return {
    roots: [...heap.roots],
    refs: new Proxy(structuredClone(heap.refs), {
      get(target, key, receiver) {
        if (++reads > limit) throw new EndlessLoop();
        return Reflect.get(target, key, receiver);
      },
    }),
  };
}

/**
 * An acyclic heap, and the same heap with references added that close
 * cycles (each first one goes back to an object that reaches its source, or
 * to the source itself) and link reachable objects only to reachable ones,
 * unreachable ones only to unreachable ones: the answer must not change.
 */
const heapWithCycles = acyclicHeap
  .filter((heap) => Object.keys(heap.refs).length > 0)
  .chain((heap) => {
    const live = marks(heap);
    const all = [...namesIn(heap)];
    const sameSide = (a: string, b: string) => live.has(a) === live.has(b);
    const source = fc.constantFrom(...Object.keys(heap.refs));
    const closing = source.chain((from) =>
      fc.constantFrom(
        ...all.filter((to) =>
          sameSide(from, to) &&
          marks({ roots: [to], refs: heap.refs }).has(from)
        ),
      ).map((to): [string, string] => [from, to])
    );
    const any = source.chain((from) =>
      fc.constantFrom(...all.filter((to) => sameSide(from, to)))
        .map((to): [string, string] => [from, to])
    );
    return fc.tuple(closing, fc.array(any, { maxLength: 3 })).map(
      ([first, rest]) => {
        const added = [first, ...rest];
        const refs = structuredClone(heap.refs);
        for (const [from, to] of added) refs[from]!.push(to);
        return { heap, added, cyclic: { roots: [...heap.roots], refs } };
      },
    );
  });

Deno.test("reachable() stops on cycles and self-references", () => {
  assertProperty(heapWithCycles, ({ heap, added, cyclic }) => {
    const before = sorted(mark(heap));
    const limit = 100 * (namesIn(cyclic).size + cyclic.roots.length + 1);
    let marked: unknown;
    try {
      marked = reachable(guarded(cyclic, limit));
    } catch (error) {
      if (error instanceof EndlessLoop) {
        return `reachable(${
          show(cyclic)
        }) went round a cycle without end (it read refs more than ${limit} times): remember which names you have marked, and do not visit them again`;
      }
      return `reachable(${show(cyclic)}) threw ${
        describeError(error)
      }: a cycle must not send the marking round for ever`;
    }
    if (!(marked instanceof Set)) return "reachable() should return a Set";
    const after = sorted(marked);
    if (isDeepStrictEqual(after, before)) return undefined;
    return `reachable(${show(heap)}) marked ${show(before)}, but after adding ${
      added.map(([from, to]) => `${show(from)} -> ${show(to)}`).join(", ")
    } (links that close cycles among objects that were already all reachable, or all unreachable) it marked ${
      show(after)
    }: a cycle changes nothing about what is reachable`;
  });
});

Deno.test("reachable() copes with a chain of 50 000 references", () => {
  const length = 50_000;
  const names = Array.from({ length }, (_, i) => `object ${i}`);
  const refs: Record<string, string[]> = {};
  // Listed last to first, so that the keys of refs run against the chain.
  for (let i = length - 1; i >= 0; i--) {
    refs[names[i]!] = i + 1 < length ? [names[i + 1]!] : [];
  }
  let marked: Set<string>;
  try {
    marked = reachable({ roots: [names[0]!], refs });
  } catch (error) {
    assert.fail(
      `reachable() threw ${
        describeError(error)
      } on a chain of ${length} references: a function that calls itself once per reference runs out of stack; keep a list of names still to visit instead`,
    );
  }
  assert.ok(marked instanceof Set, "reachable() should return a Set of names");
  assert.equal(
    marked.size,
    length,
    `reachable() marked ${marked.size} names on a chain of ${length} objects from the root: it should mark each of them, and nothing else`,
  );
});

Deno.test("reachable() and collectable() leave the heap unchanged", () => {
  assertProperty(acyclicHeap, (heap) => {
    for (
      const [call, run] of [["reachable", reachable], [
        "collectable",
        collectable,
      ]] as const
    ) {
      const given = structuredClone(heap);
      attempt(`${call}(${show(heap)})`, () => run(given));
      if (!isDeepStrictEqual(given, heap)) {
        return `${call}() changed the heap it was given, from ${
          show(heap)
        } to ${
          show(given)
        }: the caller still needs it, so copy what you want to change (the list of roots, for instance)`;
      }
    }
    return undefined;
  });
});

Deno.test("reachable() returns a new set and remembers nothing between calls", () => {
  const twoHeaps = fc.tuple(acyclicHeap, acyclicHeap).filter(([a, b]) =>
    !isDeepStrictEqual(sorted(marks(a)), sorted(marks(b)))
  );
  assertProperty(twoHeaps, ([other, heap]) => {
    // The very Sets returned: this test is about those objects.
    const first = reachableOf(heap);
    const firstNames = sorted(first);
    const between = reachableOf(other);
    const betweenNames = sorted(between);
    const again = reachableOf(heap);
    if (first === between || between === again) {
      return "reachable() returned the same Set object from two calls: make a new Set on each call, or the caller's earlier answers change under it";
    }
    if (
      !isDeepStrictEqual(sorted(first), firstNames) ||
      !isDeepStrictEqual(sorted(between), betweenNames)
    ) {
      return "A set that reachable() had returned changed when reachable() was called again: make a new Set on each call";
    }
    if (!isDeepStrictEqual(sorted(again), firstNames)) {
      return `reachable(${show(heap)}) marked ${
        show(firstNames)
      }, but after reachable(${show(other)}) the same heap gave ${
        show(sorted(again))
      }: keep nothing from one call to the next`;
    }
    // One heap object, asked about, then changed into \`other\` and asked again.
    const changing = structuredClone(heap);
    attempt(`reachable(${show(heap)})`, () => reachable(changing));
    changing.roots.splice(0, changing.roots.length, ...other.roots);
    for (const key of Object.keys(changing.refs)) delete changing.refs[key];
    Object.assign(changing.refs, structuredClone(other.refs));
    const changed = attempt(
      `reachable(${show(other)})`,
      () => reachable(changing),
    );
    if (
      changed instanceof Set && isDeepStrictEqual(sorted(changed), betweenNames)
    ) {
      return undefined;
    }
    return `reachable() marked ${show(betweenNames)} for ${
      show(other)
    }, but when the same heap object was first ${
      show(heap)
    } and then changed into it, reachable() gave ${
      show(changed instanceof Set ? sorted(changed) : changed)
    }: answer from the heap as it is at each call, and remember no earlier answer`;
  });
});

Deno.test("collectable() lists each name that reachable() leaves out, once", () => {
  assertProperty(acyclicHeap, (heap) => {
    const listed = listCollectable(heap);
    const twice = listed.find((name, i) => listed.indexOf(name) !== i);
    if (twice !== undefined) {
      return `collectable(${show(heap)}) listed ${
        show(twice)
      } twice: list each name once, however often it appears`;
    }
    const marked = mark(heap);
    const all = namesIn(heap);
    const missing = sorted(all).find((n) =>
      !marked.has(n) && !listed.includes(n)
    );
    if (missing !== undefined) {
      return `collectable(${show(heap)}) left out ${
        show(missing)
      }: it appears in the heap (as a key of refs or as a target) and reachable() does not mark it`;
    }
    const extra = listed.find((n) => marked.has(n) || !all.has(n));
    if (extra === undefined) return undefined;
    return `collectable(${show(heap)}) listed ${show(extra)}, ${
      marked.has(extra)
        ? "which reachable() marks"
        : "which does not appear in the heap"
    }: list only the names of the heap that reachable() leaves out`;
  });
});

Deno.test("collectable() sorts its names by UTF-16 code units", () => {
  assertProperty(acyclicHeap, (heap) => {
    const listed = listCollectable(heap);
    const ordered = [...listed].sort();
    if (isDeepStrictEqual(listed, ordered)) return undefined;
    return `collectable(${show(heap)}) returned ${
      show(listed)
    }, but in order it is ${
      show(ordered)
    }: sort with sort() and no comparator, which orders by UTF-16 code units`;
  });
});
