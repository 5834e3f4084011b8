/**
 * Tests for `memoize_per_object.ts`: one test per requirement listed for
 * "memoize_per_object" in course.json, where the wrong answers they reject
 * are listed too.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { collect } from "@course/gc";
import {
  assertAllCollected,
  assertNothingKept,
  assertProperty,
  attempt,
  collectables,
  describeOutcome,
  noted,
  nothingKeptRequirement,
  noting,
  outcomeOf,
  show,
  type Watched,
} from "../_testing.ts";
import { memoizePerObject as memoizeUnderTest } from "./memoize_per_object.ts";

/** The function under test, noting each memoized function it returns. */
const memoizePerObject = noting(memoizeUnderTest, { handed: false });

/**
 * A compute function that records every key it is called with, and returns
 * `result(key)`. It asserts nothing: the tests check what it recorded.
 */
function recording<K extends WeakKey, V>(
  result: (key: K) => V,
): { compute: (key: K) => V; keys: K[]; count(key: K): number } {
  const keys: K[] = [];
  return {
    compute: noted((key: K): V => {
      keys.push(noted(key));
      return noted(result(key));
    }),
    keys,
    count: (key) => keys.filter((seen) => seen === key).length,
  };
}

/** The content of a key: an object or an array, as JSON would write it. */
const contents = fc.oneof(
  fc.dictionary(fc.string(), fc.jsonValue()),
  fc.array(fc.jsonValue()),
);

Deno.test("memoizePerObject() computes once per key and returns that same result every time", () => {
  const input = fc.record({
    contents: fc.array(contents, { minLength: 1, maxLength: 4 }),
    order: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
  });
  assertProperty(input, ({ contents, order }) => {
    // Two keys per content: equal to look at, yet two keys.
    const keys: object[] = contents.flatMap((content) => {
      const text = JSON.stringify(content);
      return [JSON.parse(text), JSON.parse(text)];
    });
    const { compute, keys: computed, count } = recording((key: object) => ({
      from: key,
    }));
    const memo = memoizePerObject(compute);
    const used = order.map((n) => n % keys.length);
    const returned = used.map((i) => memo(keys[i]!));
    for (const i of new Set(used)) {
      assert.equal(
        count(keys[i]!),
        1,
        `compute() ran ${
          count(keys[i]!)
        } times for key #${i}: it must run exactly once per key, with that key. Keys are told apart by identity: two objects with the same content are two keys`,
      );
    }
    assert.equal(
      computed.length,
      new Set(used).size,
      `compute() ran ${computed.length} times for ${
        new Set(used).size
      } keys: it must run once per key, with that key`,
    );
    used.forEach((i, call) => {
      const first = returned[used.indexOf(i)];
      assert.ok(
        returned[call] === first && first?.from === keys[i],
        `call ${call + 1} (key #${i}) returned ${
          show(returned[call])
        }, not the very object that compute() returned for that key`,
      );
    });
  }, {
    describe({ contents, order }) {
      const keys = contents.flatMap((content) => [content, content]);
      return `With the keys ${
        keys.map((key, i) => `#${i} ${show(key)}`).join(", ")
      }, called in the order ${
        order.map((n) => `#${n % keys.length}`).join(", ")
      }`;
    },
  });
  const { compute, keys } = recording((key: { n: number }) => key.n + 1);
  const memo = memoizePerObject(compute);
  const many = Array.from({ length: 1000 }, (_, n) => ({ n }));
  for (const key of many) memo(key);
  const wrong = many.filter((key) => memo(key) !== key.n + 1).length;
  assert.equal(
    keys.length,
    1000,
    `1000 keys, each asked for twice, made compute() run ${keys.length} times: remember every key, not only the last few`,
  );
  assert.equal(wrong, 0, `${wrong} of 1000 keys got a wrong result`);
});

Deno.test("memoizePerObject() remembers undefined and other falsy results", () => {
  for (const result of [undefined, null, 0, -0, NaN, "", false, 0n]) {
    const { compute, keys } = recording((_key: object) => result);
    const memo = memoizePerObject(compute);
    const key = {};
    memo(key);
    memo(key);
    assert.equal(
      keys.length,
      1,
      `compute() returned ${
        show(result)
      }, and a second call with the same key computed again: that is a result like any other, so ask the cache whether it has the key (has()) instead of testing what get() returned`,
    );
  }
});

/** Kinds of key a `WeakMap` accepts, each made fresh from a name. */
const keyKinds: [kind: string, make: (name: string) => WeakKey][] = [
  ["a symbol", (name) => Symbol(name)],
  ["a frozen object", (name) => Object.freeze({ name })],
  ["a sealed array", (name) => Object.seal([name])],
  ["a frozen function", (name) => Object.freeze(() => name)],
  ["an object with no prototype", (name) => ({ __proto__: null, name })],
  ["a class", (name) =>
    class Named {
      static label = name;
    }],
  ["a Date", (name) => new Date(name.length)],
  ["a Map", (name) => new Map([[name, name]])],
  ["a Proxy", (name) => new Proxy({ name }, {})],
];

/** What can be seen of a key from outside: its own properties and whether it can grow. */
function shapeOf(key: WeakKey): string {
  if (typeof key === "symbol") return String(key);
  return JSON.stringify([
    Reflect.ownKeys(key).map(String),
    Object.isExtensible(key),
  ]);
}

Deno.test("memoizePerObject() accepts every key a WeakMap accepts and leaves it unchanged", () => {
  const input = fc.tuple(fc.constantFrom(...keyKinds), fc.string());
  assertProperty(input, ([[kind, make], name]) => {
    // Two keys of one kind, made from one name: equal-looking, yet two keys.
    const keys = [make(name), make(name)];
    const shapes = keys.map(shapeOf);
    const { compute, count } = recording((key: WeakKey) => ({ from: key }));
    const memo = memoizePerObject(compute);
    for (const key of keys) {
      memo(key);
      memo(key);
    }
    assert.ok(
      keys.every((key) => count(key) === 1),
      `compute() ran [${
        keys.map(count).join(", ")
      }] times for two keys that are each ${kind}, asked for twice each: each must be computed exactly once`,
    );
    assert.deepEqual(
      keys.map(shapeOf),
      shapes,
      `${kind} used as a key was changed: leave keys as they are, and keep the results in a WeakMap instead of on the keys`,
    );
  }, {
    describe: ([[kind], name]) =>
      `With keys that are each ${kind} made from ${show(name)}`,
  });
  const { compute, count } = recording((key: symbol) => key.description);
  const memo = memoizePerObject(compute);
  for (const key of [Symbol.iterator, Symbol.asyncIterator]) {
    memo(key);
    memo(key);
  }
  assert.deepEqual(
    [count(Symbol.iterator), count(Symbol.asyncIterator)],
    [1, 1],
    "Well-known symbols such as Symbol.iterator are keys too: compute each once",
  );
});

/** Keys of different kinds, each one a fresh object. */
const objectKeys: fc.Arbitrary<object> = fc.oneof(
  fc.object(),
  fc.array(fc.anything()),
  fc.func(fc.anything()),
);

Deno.test("each memoized function has its own cache", () => {
  assertProperty(objectKeys, (key) => {
    const double = memoizePerObject((_key: object) => "double");
    const triple = memoizePerObject((_key: object) => "triple");
    const both = [double(key), triple(key)];
    assert.deepEqual(
      both,
      ["double", "triple"],
      `two memoized functions of different computes gave [${
        both.map(show).join(", ")
      }] for one key: a second memoized function must not see the first one's results`,
    );
    const { compute, keys } = recording((_key: object) => ({}));
    const first = memoizePerObject(compute);
    const second = memoizePerObject(compute);
    first(key);
    second(key);
    assert.equal(
      keys.length,
      2,
      `two memoized functions of one compute ran it ${keys.length} time(s) for one key: each call to memoizePerObject() gets its own cache, so each computes once`,
    );
  }, { describe: (key) => `With the key ${show(key)}` });
});

Deno.test("memoizePerObject() does not remember a compute that throws", () => {
  const thrownValues = fc.oneof(
    fc.string().map((message) => new Error(message)),
    fc.anything(),
  );
  assertProperty(thrownValues, (thrown) => {
    let failing = true;
    const { compute, keys } = recording((key: object) => {
      if (failing) throw thrown;
      return { from: key };
    });
    const memo = memoizePerObject(compute);
    const key = {};
    const first = outcomeOf(() => memo(key));
    assert.ok(
      "threw" in first && Object.is(first.threw, thrown),
      `compute() threw, and the memoized function ${
        describeOutcome(first)
      }: let the error reach the caller unchanged`,
    );
    failing = false;
    const second = outcomeOf(() => memo(key));
    assert.ok(
      "returned" in second && keys.length === 2 &&
        (second.returned as { from?: object }).from === key,
      `after compute() threw for a key, the next call with that key ${
        describeOutcome(second)
      } and ran compute() ${
        keys.length - 1
      } more time(s): nothing may be remembered from a throw, so compute again`,
    );
    memo(key);
    assert.equal(
      keys.length,
      2,
      "once compute() succeeded, its result must be remembered like any other",
    );
  }, { describe: (thrown) => `With compute() throwing ${show(thrown)}` });
});

interface Report {
  owner?: object;
  bytes: Uint8Array;
}

/** A result that references its key when the key asks for it. */
function report(key: { owned: boolean }): Report {
  return key.owned
    ? { owner: key, bytes: new Uint8Array(1024) }
    : { bytes: new Uint8Array(1024) };
}

/**
 * Computes a result that references its key and one that does not, asks for
 * the first again (so the last hit and the last computed differ), and
 * returns only weak references, so that the test holds none of them.
 */
function useTwoKeys(memo: (key: { owned: boolean }) => Report): Watched {
  const owned = { owned: true };
  const plain = { owned: false };
  const ownedReport = memo(owned);
  const plainReport = memo(plain);
  memo(owned);
  return [
    ["The key asked for last", new WeakRef(owned)],
    [
      "The result asked for last (it references its key)",
      new WeakRef(ownedReport),
    ],
    ["The key computed last", new WeakRef(plain)],
    ["The result computed last", new WeakRef(plainReport)],
  ];
}

/**
 * Computes a result for a key of every kind a `WeakMap` accepts, in a frame
 * of its own; returns weak references to the keys and the results.
 */
function useEveryKind(memo: (key: WeakKey) => object): Watched {
  return keyKinds.flatMap(([kind, make]): Watched => {
    const key = make(kind);
    return [
      [`A key that is ${kind}`, new WeakRef(key)],
      [
        `The result for a key that is ${kind}`,
        new WeakRef(
          attempt(`the memoized function, for ${kind}`, () => memo(key)),
        ),
      ],
    ];
  });
}

Deno.test("memoizePerObject() lets a key and its result be collected", async () => {
  const memo = memoizePerObject(report);
  const anyKey = memoizePerObject((key: WeakKey) => ({
    key,
    bytes: new Uint8Array(1024),
  }));
  await assertAllCollected(collectables(
    [...useTwoKeys(memo), ...useEveryKind(anyKey)],
    "the memoized function, which the test still holds, keeps it. Keep results in a WeakMap, and keep no key or result anywhere else (no Map, array or variable outside it)",
  ));
  assert.equal(
    memo({ owned: false }).bytes.length,
    1024,
    "The memoized function must still work",
  );
});

/**
 * Memoizes in a frame of its own, computes the result for `key`, and returns
 * weak references to the memoized function, compute and the result.
 */
function memoizeAndDrop(key: { owned: boolean }): Watched {
  const compute = (key: { owned: boolean }) => report(key);
  const memo = memoizePerObject(compute);
  return [
    ["The memoized function", new WeakRef(memo)],
    ["compute()", new WeakRef(compute)],
    ["The result of a key that is still alive", new WeakRef(memo(key))],
  ];
}

Deno.test("a dropped memoized function frees its results, even while their keys live", async () => {
  const key = { owned: false };
  await assertAllCollected(collectables(
    memoizeAndDrop(key),
    "nothing but a memoized function that the test dropped led to it. Keep the cache inside the closure that memoizePerObject() returns, not in a list or map outside it",
  ));
  assert.deepEqual(key, { owned: false }, "The key is still the same");
});

/** Computes the result for `key` in a frame of its own; returns a weak reference to it. */
function computeFor(
  memo: (key: object) => Report,
  key: object,
): WeakRef<Report> {
  return new WeakRef(memo(key));
}

Deno.test("memoizePerObject() keeps a result while its key lives", async () => {
  const { compute, keys } = recording((_key: object) => ({
    bytes: new Uint8Array(1024),
  }));
  const memo = memoizePerObject(compute);
  const key = {};
  const result = computeFor(memo, key);
  await collect({ rounds: 3 });
  memo(key);
  assert.ok(
    keys.length === 1 && result.deref() !== undefined,
    "The key was still alive, yet after three collections its result had to be computed again: the cache must hold each result strongly for as long as its key lives (a WeakMap does; a WeakRef to the result does not)",
  );
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a key, result or compute function");
});
