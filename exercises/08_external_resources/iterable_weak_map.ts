/**
 * # An iterable WeakMap
 *
 * A `WeakMap` cannot be iterated: listing its keys would reveal when the
 * collector ran. Build `IterableWeakMap<K, V>`, which holds its keys weakly
 * like a `WeakMap` and can still list the ones that are alive, from three
 * parts:
 * - a `WeakMap` from each key to `{ value, ref }`, where `ref` is a
 *   `WeakRef` to the key;
 * - a `Set` of those `WeakRef`s, which iteration walks;
 * - a `FinalizationRegistry` whose callback removes a collected key's
 *   `WeakRef` from the set.
 *
 * API (the same as `Map` where the names match):
 * - `new IterableWeakMap(entries?, options?)`, `set(key, value)` (returns
 *   the map; setting an existing key replaces its value and keeps its
 *   place), `get(key)`, `has(key)`, `delete(key)` (returns whether the key
 *   was there, and unregisters the key from the registry). Keys are objects,
 *   functions or unregistered symbols; values are anything, `undefined`
 *   included;
 * - `entries()`, `[Symbol.iterator]()`, `keys()`, `values()`: live keys only,
 *   in insertion order, skipping keys that have already been collected (a
 *   key deleted and set again counts as new, at the end);
 * - `size`: how many `WeakRef`s the set holds, that is the live keys plus
 *   collected keys whose cleanup callback has not run yet (the gap).
 *
 * Each key the map holds has exactly one registration: setting a known key
 * registers nothing, `delete()` cancels the key's registration with the token
 * it was registered with, and a key set again after `delete()` is registered
 * again. Make the registry with `options.FinalizationRegistry` (the real
 * `FinalizationRegistry` by default), once per map: the tests pass a subclass
 * there to count registrations and to hold callbacks back.
 *
 * Nothing may hold a key strongly: not the set, not the held value, not a
 * value stored in the map, even one that refers to its own key. Nothing
 * outside the map may hold the map either (a registry shared by every map,
 * whose held values lead back to their map, would): once the caller lets go
 * of the map, it can be collected with its values while its keys live on.
 *
 * ```ts ignore
 * const seen = new IterableWeakMap<object, string>();
 * const a = {};
 * seen.set(a, "first");
 * [...seen]; // [[a, "first"]]
 * seen.delete(a); // true
 * seen.size; // 0
 * ```
 *
 * @module
 */

/** Options for {@linkcode IterableWeakMap}. */
export interface IterableWeakMapOptions {
  /** Makes the map's registry (the real `FinalizationRegistry` by default). */
  FinalizationRegistry?: new <H>(
    cleanup: (heldValue: H) => void,
  ) => FinalizationRegistry<H>;
}

/** A map with weakly held keys that, unlike `WeakMap`, can be iterated. */
export class IterableWeakMap<K extends WeakKey, V> implements Iterable<[K, V]> {
  // TODO: a WeakMap from key to { value, ref }, a Set of WeakRefs to the keys,
  // and a FinalizationRegistry that removes a collected key's WeakRef from
  // the set. Pick its held value and unregister token with care.

  /** Creates a map, optionally filled from `entries`. */
  constructor(
    entries: Iterable<readonly [K, V]> = [],
    options: IterableWeakMapOptions = {},
  ) {
    const { FinalizationRegistry: MakeRegistry = FinalizationRegistry } =
      options;
    // TODO: make the registry with `new MakeRegistry(callback)`.
    for (const [key, value] of entries) this.set(key, value);
  }

  /** Sets the value for `key`; an existing key keeps its place. */
  set(key: K, value: V): this {
    // TODO: a new key gets a WeakRef, a place in the set and a registration.
    return this;
  }

  /** The value for `key`, or `undefined`. */
  get(key: K): V | undefined {
    // TODO
    return undefined;
  }

  /** Whether `key` is in the map. */
  has(key: K): boolean {
    // TODO
    return false;
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: K): boolean {
    // TODO: forget the entry and its WeakRef, and unregister it.
    return false;
  }

  /**
   * How many keys the map is tracking: the live ones plus any that have been
   * collected but whose cleanup callback has not run yet.
   */
  get size(): number {
    // TODO
    return 0;
  }

  /** Yields `[key, value]` for every key that is still alive, oldest first. */
  *entries(): Generator<[K, V]> {
    // TODO: walk the set; skip a WeakRef whose key has been collected.
  }

  /** Same as {@linkcode IterableWeakMap.entries}. */
  [Symbol.iterator](): Generator<[K, V]> {
    return this.entries();
  }

  /** Yields every live key. */
  *keys(): Generator<K> {
    // TODO
  }

  /** Yields the value of every live key. */
  *values(): Generator<V> {
    // TODO
  }
}
