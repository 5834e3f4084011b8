/**
 * Tests for `memoize_per_object.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/02_weak_collections/memoize_per_object/):
 * - strong_map: caches in a `Map`, which keeps every key and result alive.
 * - key_by_json: caches by `JSON.stringify(key)`, so equal-looking objects share a result.
 * - single_slot: remembers only the last key.
 * - undefined_recomputed: treats a remembered `undefined` as a miss.
 * - shared_cache: one module-level `WeakMap` for every memoized function.
 * - weak_values: holds results through `WeakRef`s, so a result can vanish while its key lives.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collect, collectUntil } from "@course/gc";
import { memoizePerObject } from "./memoize_per_object.ts";

interface Shape {
  w: number;
  h: number;
}

/** A memoized area function that counts how often it really computes. */
function countingArea() {
  const counter = { calls: 0 };
  const area = memoizePerObject((shape: Shape) => {
    counter.calls++;
    return shape.w * shape.h;
  });
  return { area, counter };
}

Deno.test("memoizePerObject() computes once per object", () => {
  const { area, counter } = countingArea();
  const square = { w: 3, h: 3 };
  assert.equal(area(square), 9, "area({ w: 3, h: 3 }) should be 9.");
  assert.equal(area(square), 9, "The second call should return the same 9.");
  area(square);
  assert.equal(
    counter.calls,
    1,
    `Three calls with the same object should compute once, not ${counter.calls} times.`,
  );
});

Deno.test("memoizePerObject() tells keys apart by identity, not by content", () => {
  const { area, counter } = countingArea();
  const a = { w: 2, h: 5 };
  const b = { w: 2, h: 5 };
  area(a);
  area(b);
  assert.equal(
    counter.calls,
    2,
    "Two different objects with the same content are two keys: each is computed once.",
  );
  b.w = 4;
  assert.equal(area(a), 10, "a's remembered result must stay 10.");
});

Deno.test("memoizePerObject() remembers many keys at once", () => {
  const { area, counter } = countingArea();
  const a = { w: 1, h: 1 };
  const b = { w: 2, h: 2 };
  for (let i = 0; i < 3; i++) {
    assert.equal(area(a), 1, "area(a) should be 1.");
    assert.equal(area(b), 4, "area(b) should be 4.");
  }
  assert.equal(
    counter.calls,
    2,
    `Alternating between two keys should compute each once (2 in all), not ${counter.calls} times.`,
  );
});

Deno.test("memoizePerObject() remembers an undefined result", () => {
  let calls = 0;
  const lookup = memoizePerObject((_key: object) => {
    calls++;
    return undefined;
  });
  const key = {};
  lookup(key);
  lookup(key);
  assert.equal(
    calls,
    1,
    "A result of undefined is still a result: the second call should not compute again (ask the cache whether it has the key).",
  );
});

Deno.test("memoizePerObject() accepts unregistered symbols as keys", () => {
  let calls = 0;
  const label = memoizePerObject((key: symbol) => {
    calls++;
    return key.description;
  });
  const id = Symbol("order-17");
  assert.equal(label(id), "order-17", 'The result for Symbol("order-17").');
  assert.equal(label(id), "order-17", "The remembered result.");
  assert.equal(calls, 1, "The same symbol should be computed once.");
});

Deno.test("each memoized function has its own cache", () => {
  const double = memoizePerObject((box: { n: number }) => box.n * 2);
  const triple = memoizePerObject((box: { n: number }) => box.n * 3);
  const box = { n: 5 };
  assert.equal(double(box), 10, "double({ n: 5 }) should be 10.");
  assert.equal(
    triple(box),
    15,
    "triple({ n: 5 }) should be 15: a second memoized function must not see the first one's results.",
  );
});

interface Report {
  owner: object;
  bytes: Uint8Array;
}

// Fills the cache from a separate frame and returns only weak references, so
// that the test itself holds neither the key nor the result.
function fillCache(
  memo: (key: object) => Report,
): { key: WeakRef<object>; result: WeakRef<Report> } {
  const key = { name: "document" };
  const result = memo(key);
  return { key: new WeakRef(key), result: new WeakRef(result) };
}

Deno.test("memoizePerObject() lets a key and its result be collected", async () => {
  // The result references its key: a cache that held results strongly would
  // keep the key alive through its own value.
  const memo = memoizePerObject((key: object): Report => ({
    owner: key,
    bytes: new Uint8Array(1024),
  }));
  const refs = fillCache(memo);
  const released = await collectUntil(() =>
    refs.key.deref() === undefined && refs.result.deref() === undefined
  );
  assert.ok(
    released,
    "After 10 collections the key or its result was still alive: the cache holds its keys strongly (a Map, an array or a variable keeps them).",
  );
  assert.equal(
    memo({}).bytes.length,
    1024,
    "The memoized function still works.",
  );
});

// Asks for the result in a separate frame and returns only its size, so
// nothing but the cache holds the result afterwards.
function sizeOf(memo: (key: object) => Report, key: object): number {
  return memo(key).bytes.length;
}

Deno.test("memoizePerObject() keeps a result while its key lives", async () => {
  let calls = 0;
  const memo = memoizePerObject((key: object): Report => {
    calls++;
    return { owner: key, bytes: new Uint8Array(1024) };
  });
  const key = { name: "kept" };
  sizeOf(memo, key);
  await collect();
  sizeOf(memo, key);
  assert.equal(
    calls,
    1,
    "The key was still alive, yet the result was computed again after a collection: the cache must hold each result strongly for as long as its key lives.",
  );
});
