/**
 * Reference solution for "An iterable WeakMap".
 *
 * Three structures, each with one job:
 * - a `WeakMap` from key to `{ value, ref }` holds the values. It is an
 *   ephemeron table, so a value that refers to its own key still lets the key
 *   go; a `Map` keyed by `WeakRef`s would keep such a key alive for ever;
 * - a `Set` of `WeakRef`s to the keys is what iteration walks. It never holds
 *   a key strongly;
 * - a `FinalizationRegistry` removes a collected key's `WeakRef` from the set.
 *   Its held value is that `WeakRef` (which does not keep the key alive), and
 *   the same `WeakRef` is the unregister token, so `delete()` can cancel
 *   exactly the registration it made.
 *
 * Between a key's collection and its callback, the set still holds an empty
 * `WeakRef`: iteration skips it, and `size` still counts it.
 *
 * The registry is made from `options.FinalizationRegistry`, one per map and
 * reachable only from it, so a map the caller drops is collected with its
 * values while its keys live on.
 *
 * @module
 */

interface Entry<K extends WeakKey, V> {
  value: V;
  ref: WeakRef<K>;
}

/** Options for {@linkcode IterableWeakMap}. */
export interface IterableWeakMapOptions {
  /** Makes the map's registry (the real `FinalizationRegistry` by default). */
  FinalizationRegistry?: new <H>(
    cleanup: (heldValue: H) => void,
  ) => FinalizationRegistry<H>;
}

/** A map with weakly held keys that, unlike `WeakMap`, can be iterated. */
export class IterableWeakMap<K extends WeakKey, V> implements Iterable<[K, V]> {
  #entries = new WeakMap<K, Entry<K, V>>();
  #refs = new Set<WeakRef<K>>();
  #registry: FinalizationRegistry<WeakRef<K>>;

  /** Creates a map, optionally filled from `entries`. */
  constructor(
    entries: Iterable<readonly [K, V]> = [],
    options: IterableWeakMapOptions = {},
  ) {
    const { FinalizationRegistry: MakeRegistry = FinalizationRegistry } =
      options;
    // One registry per map, reachable only from the map.
    this.#registry = new MakeRegistry<WeakRef<K>>((ref) => {
      this.#refs.delete(ref);
    });
    for (const [key, value] of entries) this.set(key, value);
  }

  /** Sets the value for `key`; an existing key keeps its place. */
  set(key: K, value: V): this {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.value = value; // already tracked: no second WeakRef, no second registration
      return this;
    }
    const ref = new WeakRef(key);
    this.#entries.set(key, { value, ref });
    this.#refs.add(ref);
    this.#registry.register(key, ref, ref);
    return this;
  }

  /** The value for `key`, or `undefined`. */
  get(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Whether `key` is in the map. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#refs.delete(entry.ref);
    this.#registry.unregister(entry.ref);
    return true;
  }

  /**
   * How many keys the map is tracking: the live ones plus any that have been
   * collected but whose cleanup callback has not run yet.
   */
  get size(): number {
    return this.#refs.size;
  }

  /** Yields `[key, value]` for every key that is still alive, oldest first. */
  *entries(): Generator<[K, V]> {
    for (const ref of this.#refs) {
      const key = ref.deref();
      if (key === undefined) continue; // collected, cleanup still to come
      const entry = this.#entries.get(key);
      if (entry !== undefined) yield [key, entry.value];
    }
  }

  /** Same as {@linkcode IterableWeakMap.entries}. */
  [Symbol.iterator](): Generator<[K, V]> {
    return this.entries();
  }

  /** Yields every live key. */
  *keys(): Generator<K> {
    for (const [key] of this.entries()) yield key;
  }

  /** Yields the value of every live key. */
  *values(): Generator<V> {
    for (const [, value] of this.entries()) yield value;
  }
}
