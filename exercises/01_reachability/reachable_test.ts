/**
 * Tests for `reachable.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/01_reachability/reachable/):
 * - one_step: follows references from the roots one step only.
 * - reference_counting: keeps every object that something references, so a
 *   cycle that no root reaches survives.
 * - roots_forgotten: leaves the roots themselves out of the reachable set.
 * - targets_forgotten: `collectable` looks only at the keys of `refs`, so an
 *   unreachable object with no references of its own is missed.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectable, type Heap, reachable } from "./reachable.ts";

const sorted = (names: Set<string>) => [...names].sort();

Deno.test("reachable() includes the roots themselves", () => {
  const heap: Heap = { roots: ["global"], refs: {} };
  assert.deepEqual(
    sorted(reachable(heap)),
    ["global"],
    "A root is always reachable: start the marked set with the roots.",
  );
});

Deno.test("reachable() follows references as far as they go", () => {
  const heap: Heap = {
    roots: ["global"],
    refs: { global: ["user"], user: ["profile"], profile: ["avatar"] },
  };
  assert.deepEqual(
    sorted(reachable(heap)),
    ["avatar", "global", "profile", "user"],
    "global -> user -> profile -> avatar: everything along a chain from a root is reachable, not only the first step.",
  );
});

Deno.test("reachable() keeps an object that a second variable still holds", () => {
  // let user = {...}; let admin = user; user = null;  -> admin still holds it.
  const heap: Heap = {
    roots: ["module"],
    refs: { module: ["admin"], admin: ["userObject"] },
  };
  assert.ok(
    reachable(heap).has("userObject"),
    "The object is still referenced through admin, so it must be reachable.",
  );
});

Deno.test("reachable() survives cycles, reachable or not", () => {
  const heap: Heap = {
    roots: ["global"],
    refs: { global: ["a"], a: ["b"], b: ["a"], x: ["y"], y: ["x"] },
  };
  assert.deepEqual(
    sorted(reachable(heap)),
    ["a", "b", "global"],
    "a <-> b hangs off a root and is reachable; x <-> y references itself but no root reaches it.",
  );
});

Deno.test("reachable() handles several roots and shared objects", () => {
  const heap: Heap = {
    roots: ["global", "stackFrame", "pendingTimer"],
    refs: {
      stackFrame: ["config"],
      pendingTimer: ["callback"],
      callback: ["config", "cache"],
      orphan: ["config"],
    },
  };
  assert.deepEqual(
    sorted(reachable(heap)),
    ["cache", "callback", "config", "global", "pendingTimer", "stackFrame"],
    "Each root contributes what it reaches; an object referenced only by an unreachable one (orphan) does not count.",
  );
});

Deno.test("reachable() copes with a long chain", () => {
  const refs: Record<string, string[]> = {};
  for (let i = 0; i < 5000; i++) refs[`n${i}`] = [`n${i + 1}`];
  const marked = reachable({ roots: ["n0"], refs });
  assert.equal(
    marked.size,
    5001,
    "All 5001 objects of the chain n0 -> n1 -> ... -> n5000 are reachable.",
  );
});

Deno.test("collectable() lists unreachable objects, sorted", () => {
  const heap: Heap = {
    roots: ["global"],
    refs: { global: ["user"], user: [], b: ["a"], a: ["b", "c"] },
  };
  assert.deepEqual(
    collectable(heap),
    ["a", "b", "c"],
    "The cycle a <-> b and c (which has no references of its own) are unreachable; list them sorted.",
  );
});

Deno.test("collectable() is empty when everything is reachable", () => {
  const heap: Heap = { roots: ["global"], refs: { global: ["a"], a: [] } };
  assert.deepEqual(
    collectable(heap),
    [],
    "Every name here is reachable from global, so nothing is collectable.",
  );
});
