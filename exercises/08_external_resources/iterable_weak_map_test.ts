/**
 * Tests for `iterable_weak_map.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/08_external_resources/iterable_weak_map/):
 * - strong_key_set: iteration walks a `Set` of the keys themselves, so no
 *   key can ever be collected.
 * - held_value_reaches_key: the registry's held value contains the key, so
 *   the registry keeps every key alive.
 * - delete_without_unregister: `delete()` leaves the key's registration in
 *   the registry.
 * - no_cleanup: no registry at all, so the WeakRefs of collected keys pile
 *   up and `size` never shrinks.
 * - values_in_map: values live in a `Map` keyed by the `WeakRef`s, so a value
 *   that refers to its key keeps that key alive.
 * - duplicate_on_set: setting an existing key adds a second `WeakRef`, so
 *   iteration yields the key twice.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";
import { IterableWeakMap } from "./iterable_weak_map.ts";

type Key = { name: string };

/** Adds a key that nothing else keeps; returns a WeakRef to it. */
function addTemporary(
  map: IterableWeakMap<Key, string>,
  name: string,
): WeakRef<Key> {
  const key = { name, payload: new Uint8Array(1024) };
  map.set(key, `value of ${name}`);
  return new WeakRef(key);
}

Deno.test("IterableWeakMap sets, gets, checks and deletes like a WeakMap", () => {
  const map = new IterableWeakMap<Key, number>();
  const a = { name: "a" };
  assert.equal(
    map.set(a, 1),
    map,
    "set() returns the map itself, as Map does.",
  );
  assert.equal(map.get(a), 1, "get() returns the value set for the key.");
  assert.equal(map.has(a), true, "has() is true for a key that was set.");
  assert.equal(map.get({ name: "a" }), undefined, "Keys compare by identity.");
  assert.equal(
    map.delete(a),
    true,
    "delete() returns true when the key was there.",
  );
  assert.equal(map.has(a), false, "After delete(), has() is false.");
  assert.equal(map.get(a), undefined, "After delete(), get() is undefined.");
  assert.equal(
    map.delete(a),
    false,
    "delete() returns false when the key is not there.",
  );
  assert.equal(
    map.size,
    0,
    "After delete(), the key's WeakRef is gone: size is 0.",
  );
});

Deno.test("IterableWeakMap iterates its live entries in insertion order", () => {
  const a = { name: "a" };
  const b = { name: "b" };
  const c = { name: "c" };
  const map = new IterableWeakMap<Key, number>([[a, 1], [b, 2]]);
  map.set(c, 3);
  map.delete(b);
  assert.deepEqual(
    [...map],
    [[a, 1], [c, 3]],
    "Spreading the map yields [key, value] pairs, oldest first, without deleted keys.",
  );
  assert.deepEqual(
    [...map.entries()],
    [[a, 1], [c, 3]],
    "entries() yields the same pairs as the map itself.",
  );
  assert.deepEqual([...map.keys()], [a, c], "keys() yields the live keys.");
  assert.deepEqual(
    [...map.values()],
    [1, 3],
    "values() yields the live keys' values.",
  );
  assert.equal(map.size, 2, "Two keys are tracked.");
});

Deno.test("IterableWeakMap replaces the value of an existing key in place", () => {
  const a = { name: "a" };
  const b = { name: "b" };
  const map = new IterableWeakMap<Key, number>([[a, 1], [b, 2]]);
  map.set(a, 10);
  assert.deepEqual(
    [...map],
    [[a, 10], [b, 2]],
    "Setting an existing key replaces its value and keeps its place; it must not appear twice.",
  );
  assert.equal(
    map.size,
    2,
    "Setting an existing key does not add a second WeakRef.",
  );
});

Deno.test("IterableWeakMap drops collected keys from iteration", async () => {
  const map = new IterableWeakMap<Key, string>();
  const kept = { name: "kept" };
  map.set(kept, "value of kept");
  const gone = addTemporary(map, "gone");
  const collected = await collectUntil(() => gone.deref() === undefined);
  assert.ok(
    collected,
    "A key that only the map references must be collectable: the map may hold keys only weakly (check the set and the registry's held value).",
  );
  assert.deepEqual(
    [...map.keys()],
    [kept],
    "Iteration must skip a collected key and still yield the live one.",
  );
  assert.deepEqual(
    [...map.values()],
    ["value of kept"],
    "values() must skip a collected key's value too.",
  );
});

Deno.test("IterableWeakMap's size shrinks once cleanup callbacks have run", async () => {
  const map = new IterableWeakMap<Key, string>();
  const kept = { name: "kept" };
  map.set(kept, "value of kept");
  for (let i = 0; i < 3; i++) addTemporary(map, `temporary ${i}`);
  assert.equal(map.size, 4, "Four keys were set, so size starts at 4.");
  const shrunk = await collectUntil(() => map.size === 1);
  assert.ok(
    shrunk,
    `size stayed at ${map.size}: the registry's callback must remove each collected key's WeakRef from the set.`,
  );
  assert.equal(map.get(kept), "value of kept", "A live key keeps its value.");
});

Deno.test("IterableWeakMap lets a key go even when its value refers to it", async () => {
  const map = new IterableWeakMap<object, { owner: object }>();
  const ref = (() => {
    const key = {};
    map.set(key, { owner: key });
    return new WeakRef(key);
  })();
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "The value refers to its key, and still the key must be collectable: keep values in a WeakMap keyed by the key, which holds a value only while its key lives.",
  );
});

Deno.test("IterableWeakMap's delete() unregisters the key", () => {
  const map = new IterableWeakMap<Key, number>();
  const a = { name: "a" };
  map.set(a, 1);
  const prototype = FinalizationRegistry.prototype;
  const original = prototype.unregister;
  const results: boolean[] = [];
  prototype.unregister = function (token: WeakKey): boolean {
    const removed = original.call(this, token);
    results.push(removed);
    return removed;
  };
  try {
    map.delete(a);
  } finally {
    prototype.unregister = original;
  }
  assert.ok(
    results.includes(true),
    results.length === 0
      ? "delete() never called unregister(): the key's registration would stay in the registry for as long as the key lives."
      : "delete() called unregister() with a token that matched no registration: pass the same token to register() and unregister().",
  );
});
