// Broken on purpose: iteration walks a Set of the keys themselves, so no key is ever collected.

interface Entry<K extends WeakKey, V> {
  value: V;
  ref: WeakRef<K>;
}

/** A map with weakly held keys that, unlike `WeakMap`, can be iterated. */
export class IterableWeakMap<K extends WeakKey, V> implements Iterable<[K, V]> {
  #entries = new WeakMap<K, Entry<K, V>>();
  #keys = new Set<K>();

  /** Creates a map, optionally filled from `entries`. */
  constructor(entries: Iterable<readonly [K, V]> = []) {
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
    this.#keys.add(key);
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
    this.#keys.delete(key);
    return true;
  }

  /**
   * How many keys the map is tracking: the live ones plus any that have been
   * collected but whose cleanup callback has not run yet.
   */
  get size(): number {
    return this.#keys.size;
  }

  /** Yields `[key, value]` for every key that is still alive, oldest first. */
  *entries(): Generator<[K, V]> {
    for (const key of this.#keys) {
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
