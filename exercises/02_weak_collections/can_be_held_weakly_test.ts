/**
 * Tests for `can_be_held_weakly.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/02_weak_collections/can_be_held_weakly/):
 * - objects_only: the rule before ES2023, which rejects every symbol.
 * - every_symbol: accepts registered symbols made by `Symbol.for` too.
 * - well_known_rejected: treats `Symbol.iterator` and friends as registered.
 * - null_accepted: trusts `typeof value === "object"`, which is true for null.
 * - functions_rejected: accepts only `typeof value === "object"`, so functions
 *   are refused.
 *
 * @module
 */

import assert from "node:assert/strict";
import { canBeHeldWeakly } from "./can_be_held_weakly.ts";

/** Asks the engine itself: does `new WeakRef(value)` accept it? */
function engineAccepts(value: unknown): boolean {
  try {
    new WeakRef(value as WeakKey);
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

/** Names a value for a message: null, "text", 10n, Symbol(id). */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return "a function";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

Deno.test("canBeHeldWeakly() accepts objects of every kind", () => {
  const objects: [string, unknown][] = [
    ["a plain object", {}],
    ["an array", []],
    ["an object with a null prototype", Object.create(null)],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a WeakRef", new WeakRef({})],
    ["a boxed number", Object(1)],
    ["a Proxy", new Proxy({}, {})],
  ];
  for (const [name, value] of objects) {
    assert.equal(
      canBeHeldWeakly(value),
      true,
      `Expected true for ${name}: every object can be held weakly.`,
    );
  }
});

Deno.test("canBeHeldWeakly() accepts functions and classes", () => {
  const functions: [string, unknown][] = [
    ["an arrow function", () => {}],
    ["a function declaration", function named() {}],
    ["a class", class Point {}],
    ["a built-in function", Math.max],
  ];
  for (const [name, value] of functions) {
    assert.equal(
      canBeHeldWeakly(value),
      true,
      `Expected true for ${name}: functions are objects (typeof says "function").`,
    );
  }
});

Deno.test("canBeHeldWeakly() accepts symbols that are not registered", () => {
  assert.equal(
    canBeHeldWeakly(Symbol("session")),
    true,
    'Expected true for Symbol("session"): each call to Symbol() makes a new, unique symbol (allowed since ES2023).',
  );
  assert.equal(
    canBeHeldWeakly(Symbol()),
    true,
    "Expected true for Symbol() without a description.",
  );
});

Deno.test("canBeHeldWeakly() accepts well-known symbols", () => {
  for (
    const symbol of [Symbol.iterator, Symbol.asyncIterator, Symbol.hasInstance]
  ) {
    assert.equal(
      canBeHeldWeakly(symbol),
      true,
      `Expected true for ${symbol.toString()}: well-known symbols are not in the Symbol.for registry, so they can be held weakly.`,
    );
  }
});

Deno.test("canBeHeldWeakly() refuses registered symbols", () => {
  assert.equal(
    canBeHeldWeakly(Symbol.for("session")),
    false,
    'Expected false for Symbol.for("session"): the registry returns the same symbol for the same key, so it can always be recreated.',
  );
});

Deno.test("canBeHeldWeakly() refuses null, undefined and the other primitives", () => {
  const primitives: unknown[] = [
    null,
    undefined,
    true,
    0,
    42,
    NaN,
    10n,
    "",
    "id",
  ];
  for (const value of primitives) {
    assert.equal(
      canBeHeldWeakly(value),
      false,
      `Expected false for ${
        describe(value)
      }: primitives other than unregistered symbols cannot be held weakly.`,
    );
  }
});

Deno.test("canBeHeldWeakly() agrees with what new WeakRef() accepts", () => {
  const values: unknown[] = [
    {},
    [],
    () => {},
    Symbol("local"),
    Symbol.for("shared"),
    Symbol.iterator,
    null,
    undefined,
    false,
    1,
    1n,
    "text",
  ];
  for (const value of values) {
    assert.equal(
      canBeHeldWeakly(value),
      engineAccepts(value),
      `For ${describe(value)}, new WeakRef() ${
        engineAccepts(value) ? "accepts" : "throws a TypeError"
      }, so canBeHeldWeakly() should return ${engineAccepts(value)}.`,
    );
  }
});
