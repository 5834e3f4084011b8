// Broken on purpose: values live in a Map keyed by WeakRefs, so a value that refers to its key keeps the key alive.

/** A map with weakly held keys that, unlike `WeakMap`, can be iterated. */
export class IterableWeakMap<K extends WeakKey, V> implements Iterable<[K, V]> {
  #refOf = new WeakMap<K, WeakRef<K>>();
  #values = new Map<WeakRef<K>, V>();
  #refs = new Set<WeakRef<K>>();
  #registry = new FinalizationRegistry<WeakRef<K>>((ref) => {
    this.#refs.delete(ref);
    this.#values.delete(ref);
  });

  /** Creates a map, optionally filled from `entries`. */
  constructor(entries: Iterable<readonly [K, V]> = []) {
    for (const [key, value] of entries) this.set(key, value);
  }

  /** Sets the value for `key`; an existing key keeps its place. */
  set(key: K, value: V): this {
    const known = this.#refOf.get(key);
    if (known !== undefined) {
      this.#values.set(known, value);
      return this;
    }
    const ref = new WeakRef(key);
    this.#refOf.set(key, ref);
    this.#values.set(ref, value);
    this.#refs.add(ref);
    this.#registry.register(key, ref, ref);
    return this;
  }

  /** The value for `key`, or `undefined`. */
  get(key: K): V | undefined {
    const ref = this.#refOf.get(key);
    return ref === undefined ? undefined : this.#values.get(ref);
  }

  /** Whether `key` is in the map. */
  has(key: K): boolean {
    return this.#refOf.has(key);
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: K): boolean {
    const ref = this.#refOf.get(key);
    if (ref === undefined) return false;
    this.#refOf.delete(key);
    this.#values.delete(ref);
    this.#refs.delete(ref);
    this.#registry.unregister(ref);
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
      yield [key, this.#values.get(ref) as V];
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
