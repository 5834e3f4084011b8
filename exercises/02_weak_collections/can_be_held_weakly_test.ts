/**
 * Tests for `can_be_held_weakly.ts`. Each test asks about one kind of value:
 * many kinds of objects and functions (Proxies that note every operation
 * done on them among them), symbols with random descriptions, every
 * well-known symbol Symbol has, and random primitives. The engine's own weak
 * holders (WeakRef, WeakSet, WeakMap, FinalizationRegistry) say what the
 * right answer is; a failure names the simplest value answered wrongly.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  assertAllCollected,
  assertProperty,
  attempt,
  describeError,
} from "../_testing.ts";
import * as learnerModule from "./can_be_held_weakly.ts";
import { canBeHeldWeakly } from "./can_be_held_weakly.ts";

/** A value to ask about, how to name it, and what its Proxy saw, if any. */
interface Case {
  what: string;
  value: unknown;
  /** The operations done on the value, noted by its Proxy. */
  touched?: string[];
}

/** Whether the engine lets `value` be held weakly; its weak holders agree. */
function engineAccepts(value: unknown): boolean {
  const holders = [
    () => new WeakRef(value as WeakKey),
    () => new WeakSet().add(value as WeakKey),
    () => new WeakMap().set(value as WeakKey, 0),
    () => new FinalizationRegistry(() => {}).register(value as WeakKey, 0),
  ];
  const verdicts = holders.map((hold) => {
    try {
      hold();
      return true;
    } catch (error) {
      if (error instanceof TypeError) return false;
      throw error;
    }
  });
  assert.ok(
    verdicts.every((verdict) => verdict === verdicts[0]),
    "The engine's weak holders disagree",
  );
  return verdicts[0]!;
}

/**
 * What is wrong with the learner's answer for `item`, if anything: it must
 * be `expected` (which the engine confirms) and leave the value untouched.
 */
function wrongAnswer(
  item: Case,
  expected: boolean,
  why: string,
): string | undefined {
  assert.equal(
    engineAccepts(item.value),
    expected,
    `The engine does not agree that ${item.what} is ${
      expected ? "" : "not "
    }weakly holdable`,
  );
  item.touched?.splice(0);
  let answer: unknown;
  try {
    answer = canBeHeldWeakly(item.value);
  } catch (error) {
    return `canBeHeldWeakly(${item.what}) threw ${
      describeError(error)
    }: ${why}`;
  }
  if (item.touched?.length) {
    return `canBeHeldWeakly(${item.what}) worked on the value (its Proxy saw: ${
      item.touched.join(", ")
    }): decide from typeof alone, without reading anything of the value or calling anything on it`;
  }
  if (answer === expected) return undefined;
  return `canBeHeldWeakly(${item.what}) returned ${
    typeof answer === "boolean" ? answer : `${fc.stringify(answer)}`
  }, but it should return ${expected}: ${why}`;
}

/** Checks every case of `cases`; fails with the smallest answered wrongly. */
function everyCase(
  cases: fc.Arbitrary<Case>,
  expected: boolean,
  why: string,
): void {
  assertProperty(cases, (item) => wrongAnswer(item, expected, why));
}

const traps = [
  "apply",
  "construct",
  "defineProperty",
  "deleteProperty",
  "get",
  "getOwnPropertyDescriptor",
  "getPrototypeOf",
  "has",
  "isExtensible",
  "ownKeys",
  "preventExtensions",
  "set",
  "setPrototypeOf",
] as const;

/** A Proxy of `target` that notes each operation done on it. */
function recording(what: string, target: object): Case {
  const touched: string[] = [];
  const forward = Reflect as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  const handler = Object.fromEntries(traps.map((trap) => [
    trap,
    (...args: unknown[]) => {
      touched.push(trap);
      return forward[trap]!(...args);
    },
  ]));
  return { what, value: new Proxy(target, handler), touched };
}

/** A Proxy of `target` that has been revoked: any operation on it throws. */
function revoked(what: string, target: object): Case {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return { what, value: proxy };
}

/** Values made afresh for each case, from a list of named makers. */
function made(makers: [string, () => unknown][]): fc.Arbitrary<Case> {
  return fc.constantFrom(...makers).map(([what, make]) => ({
    what,
    value: make(),
  }));
}

/** Cases made afresh each time (Proxies, which note what is done to them). */
function proxies(makers: (() => Case)[]): fc.Arbitrary<Case> {
  return fc.constantFrom(...makers).map((make) => make());
}

/** An object that throws whatever way it is read or converted. */
function hostile(): object {
  const fail = () => {
    throw new Error("this object was touched");
  };
  return {
    valueOf: fail,
    toString: fail,
    [Symbol.toPrimitive]: fail,
    get then() {
      return fail();
    },
  };
}

const objects = fc.oneof(
  made([
    ["a plain object", () => ({})],
    ["an object with a null prototype", () => Object.create(null)],
    [
      "an object whose prototype has a null prototype",
      () => Object.create(Object.create(null)),
    ],
    ["an array", () => [1, 2]],
    ["an instance of a class", () => new (class Point {})()],
    [
      "an instance of a subclass of Array",
      () => new (class List extends Array {})(),
    ],
    ["a frozen object", () => Object.freeze({})],
    ["a boxed number", () => Object(1)],
    ["a boxed string", () => Object("text")],
    ["a boxed boolean", () => Object(false)],
    ["a boxed bigint", () => Object(1n)],
    ["a boxed symbol", () => Object(Symbol("boxed"))],
    ["a boxed registered symbol", () => Object(Symbol.for("boxed"))],
    ["a Date", () => new Date(0)],
    ["a RegExp", () => /regexp/],
    ["a Map", () => new Map()],
    ["a WeakRef", () => new WeakRef({})],
    ["a Promise", () => Promise.resolve()],
    ["an Error", () => new Error("an error")],
    ["a Uint8Array", () => new Uint8Array(2)],
    ["an iterator", () => [].values()],
    ["a generator object", () => (function* () {})()],
    [
      "an arguments object",
      function () {
        return arguments;
      },
    ],
    ["globalThis", () => globalThis],
    ["Math", () => Math],
    ["a module namespace object", () => learnerModule],
    ["an object that throws when it is read or converted", hostile],
    ["an object that looks like a symbol", () => ({ description: "id" })],
  ]),
  proxies([
    () => recording("a Proxy of a plain object", {}),
    () => recording("a Proxy of an array", []),
    () => recording("a Proxy of a Date", new Date(0)),
    () =>
      recording(
        "a Proxy of an object with a null prototype",
        Object.create(null),
      ),
    () => revoked("a revoked Proxy of an object", {}),
  ]),
  fc.object({ withNullPrototype: true, withBoxedValues: true, withMap: true })
    .map((value) => ({ what: `the object ${fc.stringify(value)}`, value })),
  fc.array(fc.anything())
    .map((value) => ({ what: `the array ${fc.stringify(value)}`, value })),
);

Deno.test("canBeHeldWeakly() accepts objects of every kind, Proxies included, without touching them", () => {
  everyCase(
    objects,
    true,
    "every object can be held weakly, whatever its prototype, and typeof tells an object without touching it (a revoked Proxy throws on anything else)",
  );
});

const functions = fc.oneof(
  made([
    ["an arrow function", () => () => {}],
    ["an async function", () => async () => {}],
    ["a function declaration", () => function named() {}],
    ["a generator function", () => function* generate() {}],
    ["an async generator function", () => async function* generate() {}],
    ["a class", () => class Point {}],
    ["a subclass", () => class List extends Array {}],
    ["a bound function", () => function () {}.bind(null)],
    ["a method", () => ({ method() {} }).method],
    ["a built-in function", () => Math.max],
    ["the Object constructor", () => Object],
    ["the Symbol function", () => Symbol],
    ["Symbol.for itself", () => Symbol.for],
    ["Function.prototype", () => Function.prototype],
    [
      "a function with a null prototype",
      () => Object.setPrototypeOf(() => {}, null),
    ],
  ]),
  proxies([
    () => recording("a Proxy of a function", () => {}),
    () => recording("a Proxy of a class", class {}),
    () => revoked("a revoked Proxy of a function", () => {}),
  ]),
  fc.func(fc.anything()).map((value) => ({ what: "a function", value })),
);

Deno.test("canBeHeldWeakly() accepts functions and classes", () => {
  everyCase(
    functions,
    true,
    'functions are objects (typeof says "function"), so they can be held weakly',
  );
});

/** Every well-known symbol, read from Symbol's own properties. */
const wellKnown = Object.getOwnPropertyNames(Symbol)
  .map((name) => [name, (Symbol as unknown as Record<string, unknown>)[name]])
  .filter((entry): entry is [string, symbol] => typeof entry[1] === "symbol");

/** Descriptions: some that look like other symbols' names, and any string. */
const description = fc.oneof(
  fc.constantFrom(
    "",
    "id",
    "undefined",
    ...wellKnown.map(([name]) => `Symbol.${name}`),
  ),
  fc.string(),
);

Deno.test("canBeHeldWeakly() accepts symbols that are not registered", () => {
  const symbols = fc.option(description, { nil: undefined }).map((text) => {
    if (text === undefined) return { what: "Symbol()", value: Symbol() };
    // A registered symbol with the same description exists beside it.
    Symbol.for(text);
    return { what: `Symbol(${JSON.stringify(text)})`, value: Symbol(text) };
  });
  everyCase(
    symbols,
    true,
    "each call to Symbol() makes a new symbol that is in no registry, whatever its description, so it can be held weakly (since ES2023)",
  );
});

Deno.test("canBeHeldWeakly() accepts well-known symbols", () => {
  assert.ok(
    wellKnown.some(([, symbol]) => symbol === Symbol.iterator),
    "The test should find Symbol.iterator among Symbol's properties",
  );
  for (const [name, symbol] of wellKnown) {
    const problem = wrongAnswer(
      { what: `Symbol.${name}`, value: symbol },
      true,
      "well-known symbols are not in the Symbol.for registry, so they can be held weakly",
    );
    if (problem) assert.fail(problem);
  }
});

Deno.test("canBeHeldWeakly() refuses registered symbols", () => {
  const symbols = description.map((key) => ({
    what: `Symbol.for(${JSON.stringify(key)})`,
    value: Symbol.for(key),
  }));
  everyCase(
    symbols,
    false,
    "Symbol.for() returns the same registered symbol for the same key every time, so it can always be made again; Symbol.keyFor() tells a registered symbol, and its key may be any string, even an empty one",
  );
});

/** Names a primitive the way code writes it: null, "text", 10n, -0. */
function showPrimitive(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (Object.is(value, -0)) return "-0";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

Deno.test("canBeHeldWeakly() refuses null, undefined and the other primitives", () => {
  const primitives = fc.oneof(
    fc.constantFrom<unknown>(
      null,
      undefined,
      true,
      false,
      0,
      -0,
      NaN,
      Infinity,
      0n,
      "",
      "object",
      "symbol",
    ),
    fc.double(),
    fc.bigInt(),
    fc.string(),
  ).map((value) => ({ what: showPrimitive(value), value }));
  everyCase(
    primitives,
    false,
    'only objects and unregistered symbols can be held weakly; typeof null is "object", but null is not an object',
  );
});

/** Asks about a new object, function and symbol, in a frame of its own. */
function askAboutNewValues(): { what: string; ref: WeakRef<WeakKey> }[] {
  const values: [string, WeakKey][] = [
    ["An object", { payload: new Uint8Array(1024) }],
    ["A function", () => {}],
    ["A symbol", Symbol("asked about")],
  ];
  for (const [what, value] of values) {
    attempt(`canBeHeldWeakly(${what})`, () => canBeHeldWeakly(value));
  }
  return values.map(([what, value]) => ({ what, ref: new WeakRef(value) }));
}

Deno.test("canBeHeldWeakly() keeps nothing it is given alive", async () => {
  await assertAllCollected(
    askAboutNewValues().map(({ what, ref }) => ({
      ref,
      message:
        `${what} that was passed to canBeHeldWeakly() stayed reachable through 10 collections after the call: keep nothing of the values you are given (no cache, no list, no variable outside the function)`,
      name: `${what.toLowerCase()} passed to canBeHeldWeakly()`,
    })),
  );
});
