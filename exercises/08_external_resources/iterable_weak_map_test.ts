/**
 * Tests for `iterable_weak_map.ts`, one per requirement in `course.json`.
 *
 * The first three run as properties (fast-check, fixed seed) over arbitrary
 * sequences of calls, keys of every kind a `WeakMap` accepts and values of
 * every kind, compared with a `Map`. Registrations are counted, and
 * callbacks held back to observe the gap, through a `FinalizationRegistry`
 * subclass passed as `options.FinalizationRegistry`. The rest use the real
 * garbage collector.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { assertCollected, collectUntil } from "@course/gc";
import {
  assertAllCollected,
  assertNothingKept,
  assertProperty,
  noted,
  nothingKeptRequirement,
  noting,
} from "../_testing.ts";
import {
  IterableWeakMap as IterableWeakMapUnderTest,
  type IterableWeakMapOptions,
} from "./iterable_weak_map.ts";

/** The class under test, noting each map it makes. */
const IterableWeakMap = noting(IterableWeakMapUnderTest, { handed: false });
type IterableWeakMap<K extends WeakKey, V> = IterableWeakMapUnderTest<K, V>;

/** The kinds of key a `WeakMap` accepts, by the name the messages use. */
const keyKinds = [
  "object",
  "array",
  "function",
  "symbol",
  "null-prototype object",
] as const;

/** One key of each kind in `keyKinds`, made afresh for every run. */
function makeKeys(): WeakKey[] {
  return noted([{}, [], () => {}, Symbol("key"), Object.create(null)]);
}

const keyIndex = fc.nat({ max: keyKinds.length - 1 });
const anyValue = fc.oneof(
  fc.constantFrom(undefined, null, 0, -0, NaN, "", false),
  fc.anything(),
);

type Call =
  | { method: "set"; key: number; value: unknown }
  | { method: "delete" | "get" | "has"; key: number };

const setCall = fc.record({
  method: fc.constant("set" as const),
  key: keyIndex,
  value: anyValue,
});
const deleteCall = fc.record({
  method: fc.constant("delete" as const),
  key: keyIndex,
});
const anyCall: fc.Arbitrary<Call> = fc.oneof(
  setCall,
  deleteCall,
  fc.record({ method: fc.constantFrom("get", "has"), key: keyIndex }),
);

/** A call in plain words, such as `set(the symbol key, undefined)`. */
function showCall(call: Call): string {
  const key = `the ${keyKinds[call.key]} key`;
  return call.method === "set"
    ? `set(${key}, ${fc.stringify(call.value)})`
    : `${call.method}(${key})`;
}

/** Describes a counterexample: the calls, in order. */
function afterCalls(calls: Call[]): string {
  return `After ${calls.map(showCall).join(", ") || "no calls"}`;
}

/** Makes the same call on `map` and on `model`; returns what each should return. */
function callBoth(
  map: IterableWeakMap<WeakKey, unknown>,
  model: Map<WeakKey, unknown>,
  keys: WeakKey[],
  call: Call,
): [unknown, unknown] {
  const key = keys[call.key]!;
  if (call.method !== "set") {
    return [map[call.method](key), model[call.method](key)];
  }
  model.set(key, call.value);
  return [map.set(key, call.value), map]; // set() returns the map itself
}

Deno.test("IterableWeakMap sets, gets, checks and deletes like a WeakMap", () => {
  assertProperty(fc.array(anyCall, { maxLength: 12 }), (calls) => {
    const keys = makeKeys();
    const map = new IterableWeakMap<WeakKey, unknown>();
    const model = new Map<WeakKey, unknown>();
    for (const call of calls) {
      const [got, expected] = callBoth(map, model, keys, call);
      assert.equal(
        got,
        expected,
        call.method === "set"
          ? "set() must return the map itself"
          : `the last ${call.method}() must return what a WeakMap returns`,
      );
    }
  }, { describe: afterCalls });
});

/** Each key of `entries` as its index in `keys`, with its value. */
function byIndex(
  entries: Iterable<[WeakKey, unknown]>,
  keys: WeakKey[],
): [number, unknown][] {
  return [...entries].map(([key, value]) => [keys.indexOf(key), value]);
}

Deno.test("IterableWeakMap iterates its live entries in insertion order", () => {
  const initial = fc.array(fc.tuple(keyIndex, anyValue), { maxLength: 4 });
  const changes = fc.array(fc.oneof(setCall, deleteCall), { maxLength: 10 });
  assertProperty(fc.tuple(initial, changes), ([start, calls]) => {
    const keys = makeKeys();
    const entries = start.map(([i, value]) => [keys[i]!, value] as const);
    const map = new IterableWeakMap<WeakKey, unknown>(entries);
    const model = new Map<WeakKey, unknown>(entries);
    for (const call of calls) callBoth(map, model, keys, call);
    const expected = byIndex(model, keys);
    assert.deepEqual(
      byIndex(map, keys),
      expected,
      "spreading the map must yield [key, value] for every key, oldest first, once each (a key whose value is replaced keeps its place)",
    );
    assert.deepEqual(
      byIndex(map.entries(), keys),
      expected,
      "entries() must yield what the map itself yields",
    );
    assert.deepEqual(
      [...map.keys()].map((key) => keys.indexOf(key)),
      expected.map(([index]) => index),
      "keys() must yield the keys, oldest first",
    );
    assert.deepEqual(
      [...map.values()],
      [...model.values()],
      "values() must yield the values, oldest first",
    );
    assert.equal(map.size, model.size, "size must count the keys held");
  }, {
    describe: ([start, calls]) =>
      `${afterCalls(calls)} on a map made from ${
        start.length ? `[${start.map(([i]) => keyKinds[i]).join(", ")}]` : "[]"
      }`,
  });
});

/**
 * A registry class that keeps count of its registrations: those made minus
 * those cancelled (all registrations with a token go when it is
 * unregistered). Only for tests in which no key is collected. It wraps a
 * real registry rather than extending the class, so that no registration
 * can pass by the count (`FinalizationRegistry.prototype.register.call`
 * refuses it).
 */
function countingRegistry() {
  const byToken = new Map<WeakKey, number>();
  let withoutToken = 0;
  class CountingRegistry<H> implements FinalizationRegistry<H> {
    readonly [Symbol.toStringTag] = "FinalizationRegistry" as const;
    readonly #registry: FinalizationRegistry<H>;

    constructor(cleanup: (held: H) => void) {
      this.#registry = new FinalizationRegistry(cleanup);
      Object.freeze(this);
    }

    register(target: WeakKey, held: H, token?: WeakKey): void {
      this.#registry.register(target, held, token);
      if (token === undefined) withoutToken++;
      else byToken.set(token, (byToken.get(token) ?? 0) + 1);
    }

    unregister(token: WeakKey): boolean {
      const cancelled = this.#registry.unregister(token);
      byToken.delete(token);
      return cancelled;
    }
  }
  Object.freeze(CountingRegistry.prototype);
  const live = () => [...byToken.values()].reduce((a, b) => a + b, 0);
  return { CountingRegistry, registrations: () => withoutToken + live() };
}

Deno.test("IterableWeakMap keeps one registration per key: delete() unregisters it", () => {
  assertProperty(fc.array(anyCall, { maxLength: 12 }), (calls) => {
    const keys = makeKeys();
    const { CountingRegistry, registrations } = countingRegistry();
    const map = new IterableWeakMap<WeakKey, unknown>([], {
      FinalizationRegistry: CountingRegistry,
    });
    const model = new Map<WeakKey, unknown>();
    for (const call of calls) callBoth(map, model, keys, call);
    assert.equal(
      registrations(),
      model.size,
      `keys in the map: ${model.size}, registrations in options.FinalizationRegistry: ${registrations()}. Register a key once, when it is new, and let delete() unregister it with its own token`,
    );
  }, { describe: afterCalls });
});

/** A key that may be collected: an object or a symbol. */
type Key = object | symbol;

/** Kinds of key the collector can take, alternately. */
function temporaryKey(i: number): Key {
  return i % 2 === 0 ? { payload: new Uint8Array(256) } : Symbol(`key ${i}`);
}

/**
 * Sets `count` keys that nothing else holds, objects and symbols, with object
 * values; returns weak references to those keys and to their values.
 */
function setTemporary(
  map: IterableWeakMap<Key, object>,
  count: number,
): { keys: WeakRef<Key>[]; values: WeakRef<object>[] } {
  const keys: WeakRef<Key>[] = [];
  const values: WeakRef<object>[] = [];
  for (let i = 0; i < count; i++) {
    const key = temporaryKey(i);
    const value = { of: i };
    map.set(key, value);
    keys.push(new WeakRef(key));
    values.push(new WeakRef(value));
  }
  return { keys, values };
}

/** A map holding two live keys, one of each kind, with their values. */
function withKept(options: IterableWeakMapOptions = {}) {
  const kept: [Key, object][] = [
    [{ name: "kept" }, { kept: 1 }],
    [Symbol("kept"), { kept: 2 }],
  ];
  return { kept, map: new IterableWeakMap<Key, object>(kept, options) };
}

Deno.test("IterableWeakMap lets go of keys nothing else holds, with their values (real GC)", async () => {
  const { kept, map } = withKept();
  const { keys, values } = setTemporary(map, 4);
  const message =
    "keys or values that only the map held were never collected: hold keys only through WeakRefs, keep values only in the WeakMap (nowhere else, not even the last one set), and give the registry a held value that does not reach the key";
  await assertAllCollected([
    ...keys.map((ref) => ({ ref, message, name: "a key only the map held" })),
    ...values.map((ref) => ({
      ref,
      message,
      name: "a value only the map held",
    })),
  ]);
  for (const [key, value] of kept) {
    assert.equal(map.get(key), value, "a live key must keep its value");
  }
});

/** How a key that only the map held, and that stays, fails a test. */
const onlyTheMapHeld = {
  message: "keys that only the map held were never collected",
  name: "a key only the map held",
};

/**
 * A registry whose callbacks never run: once a key has been collected, the
 * map stays in the gap for as long as the test likes.
 */
class HeldBackRegistry<H> extends FinalizationRegistry<H> {
  constructor(_cleanup: (heldValue: H) => void) {
    super(() => {});
  }
}
Object.freeze(HeldBackRegistry.prototype);

Deno.test("in the gap, IterableWeakMap's iteration skips a collected key and its size still counts it", async () => {
  const { kept, map } = withKept({ FinalizationRegistry: HeldBackRegistry });
  const { keys } = setTemporary(map, 2);
  await assertAllCollected(keys, onlyTheMapHeld);
  assert.equal(
    map.size,
    kept.length + 2,
    "two keys were collected but their callbacks have not run (the test holds them back): size must still count them. Make the registry with options.FinalizationRegistry",
  );
  assert.deepEqual(
    [...map],
    kept,
    "in the gap, iteration must skip the collected keys: call deref() once per WeakRef and skip it when it returns undefined",
  );
  assert.deepEqual([...map.keys()], kept.map(([key]) => key), "keys() too");
  assert.deepEqual(
    [...map.values()],
    kept.map(([, value]) => value),
    "values() too",
  );
});

Deno.test("IterableWeakMap's size shrinks once cleanup callbacks have run (real GC)", async () => {
  const { kept, map } = withKept();
  const { keys } = setTemporary(map, 3);
  await assertAllCollected(keys, onlyTheMapHeld);
  const shrunk = await collectUntil(() => map.size === kept.length);
  assert.ok(
    shrunk,
    `size stayed at ${map.size}: the registry's callback must remove each collected key's WeakRef from the set`,
  );
});

Deno.test("IterableWeakMap lets a key go even when its value refers to it (real GC)", async () => {
  const { map } = withKept();
  const ref = (() => {
    const key = {};
    map.set(key, { owner: key });
    map.set(Symbol("set last"), {});
    return new WeakRef(key);
  })();
  await assertCollected(ref, {
    message:
      "the value refers to its key, and still the key must be collectable: keep values in a WeakMap keyed by the key, which holds a value only while its key lives",
    name: "the key",
  });
});

/** Fills a map with `keys`; returns weak references to the map and values. */
function abandonMap(
  keys: Key[],
): { map: WeakRef<object>; values: WeakRef<object>[] } {
  const map = new IterableWeakMap<Key, object>();
  const values = keys.map((key) => {
    const value = { for: key };
    map.set(key, value);
    return new WeakRef(value);
  });
  return { map: new WeakRef(map), values };
}

Deno.test("an IterableWeakMap can be collected while its keys are still in use (real GC)", async () => {
  const keys: Key[] = [{}, Symbol("in use"), []];
  const { map, values } = abandonMap(keys);
  const message =
    `the test let go of the map but still uses its ${keys.length} keys, and the map or its values stayed alive: give each map its own registry (not one shared by every map) whose held values do not lead back to the map`;
  await assertAllCollected([
    { ref: map, message, name: "the map" },
    ...values.map((ref) => ({ ref, message, name: "a value of the map" })),
  ]);
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a key");
});
