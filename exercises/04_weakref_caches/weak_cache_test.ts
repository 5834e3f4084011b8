/**
 * Tests for `weak_cache.ts`: one test per requirement listed for "weak_cache"
 * in course.json, where the wrong answers they reject are listed too.
 *
 * Most tests pass stand-in references as `options.WeakRef`: they hold their
 * targets until the test empties them (as a collection would), and count
 * their reads, so that the tests need no collector and can count `deref()`
 * calls honestly. The others use real `WeakRef`s and real collections.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { assertCollected, collect, nextTask } from "@course/gc";
import {
  assertAllCollected,
  assertNothingKept,
  assertProperty,
  collectables,
  distinctNames,
  noted,
  nothingKeptRequirement,
  noting,
  type Outcome,
  outcomeOf,
  show as showValue,
  type Watched,
} from "../_testing.ts";
import {
  type WeakCache,
  weakCache as weakCacheUnderTest,
  type WeakRefLike,
} from "./weak_cache.ts";

/** The function under test, noting what it is handed and the caches it makes. */
const weakCache = noting(weakCacheUnderTest);

/** A value in plain words; a picture by the key it was loaded for. */
function show(value: unknown): string {
  const { key, bytes } = (value ?? {}) as Partial<Picture>;
  return typeof key === "string" && bytes instanceof Uint8Array
    ? `a picture of ${showValue(key)}`
    : showValue(value);
}

/** What the tests' load functions return. */
interface Picture {
  key: string;
  bytes: Uint8Array;
}

/** A fresh picture for `key`. */
const picture = (key: string): Picture =>
  noted({
    key,
    bytes: new Uint8Array(1024),
  });

/**
 * A load function that records each key it is called with and each picture
 * it returns, and throws `failure.error` while `failure` is set.
 */
function recordingLoad() {
  const keys: string[] = [];
  const returned: Picture[] = [];
  const control: { failure?: { error: unknown } } = {};
  const load = (key: string): Picture => {
    keys.push(key);
    if (control.failure) throw control.failure.error;
    const value = picture(key);
    returned.push(value);
    return value;
  };
  return { load, keys, returned, control };
}

/** What a stand-in reference holds, until the test empties it. */
interface Slot {
  target: object | undefined;
}

/** A cache made with stand-in references, and the test's hold on them. */
interface StandInCache {
  cache: WeakCache<Picture>;
  /** How many times `deref()` was called on the stand-ins so far. */
  readonly reads: number;
  /** `cache.get(key)`, remembering the references it made. */
  get(key: string): Picture;
  /** Empties every reference made while getting `key`, as a collection would. */
  collect(key: string): void;
}

/** Makes a cache whose references are stand-ins that only the test empties. */
function standInCache(load: (key: string) => Picture): StandInCache {
  const slots: Slot[] = [];
  let reads = 0;
  class StandInRef<T extends object> implements WeakRefLike<T> {
    #slot: Slot;
    constructor(target: T) {
      this.#slot = { target };
      slots.push(this.#slot);
    }
    deref(): T | undefined {
      reads++;
      return this.#slot.target as T | undefined;
    }
  }
  Object.freeze(StandInRef.prototype);
  const cache = weakCache(load, { WeakRef: StandInRef });
  const madeFor = new Map<string, Slot[]>();
  return {
    cache,
    get reads() {
      return reads;
    },
    get(key) {
      const before = slots.length;
      try {
        return cache.get(key);
      } finally {
        madeFor.set(key, [
          ...(madeFor.get(key) ?? []),
          ...slots.slice(before),
        ]);
      }
    },
    collect(key) {
      const made = madeFor.get(key) ?? [];
      assert.ok(
        made.length > 0,
        `the cache made no reference with options.WeakRef while it loaded ${
          show(key)
        }: make every reference with new options.WeakRef(value)`,
      );
      for (const slot of made) slot.target = undefined;
    },
  };
}

/** One step of a scenario: `get(key)`, or the collection of its value. */
interface Step {
  key: string;
  collect: boolean;
}

/** A few keys and steps on them. */
const scenarios = fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 4 })
  .chain((keys) =>
    fc.array(
      fc.record({ key: fc.constantFrom(...keys), collect: fc.boolean() }),
      { minLength: 1, maxLength: 20 },
    )
  );

const describeSteps = (steps: Step[]): string =>
  `With the steps ${
    steps.map((step) =>
      step.collect
        ? `(the value of ${show(step.key)} is collected)`
        : `get(${show(step.key)})`
    ).join(", ")
  }`;

/** What happened in one `get()` of a scenario. */
interface GetReport {
  /** How many `get()` calls so far, this one included. */
  gets: number;
  key: string;
  /** Whether an earlier `get()` of this key made an entry. */
  hadEntry: boolean;
  /** The live value the test holds for the key, if any: a hit must return it. */
  live: Picture | undefined;
  /** What this `get()` returned. */
  value: Picture;
  /** The keys `load` was called with during this `get()`. */
  loadedKeys: string[];
  /** What `load` returned during this `get()`. */
  loaded: Picture[];
  /** How many times `load` ran so far. */
  loads: number;
  /** How many `deref()` calls this `get()` made. */
  reads: number;
  cache: WeakCache<Picture>;
}

/**
 * Plays `steps` on a cache made with stand-in references, calling `check`
 * after each `get()`. A value is collected only while the test holds it, so
 * collecting means "this entry is now dead".
 */
function play(steps: Step[], check: (report: GetReport) => void): void {
  const { load, keys, returned } = recordingLoad();
  const standIns = standInCache(load);
  const live = new Map<string, Picture>();
  const seen = new Set<string>();
  let gets = 0;
  for (const { key, collect } of steps) {
    if (collect) {
      if (live.delete(key)) standIns.collect(key);
      continue;
    }
    const [loadsBefore, readsBefore] = [keys.length, standIns.reads];
    const value = standIns.get(key);
    gets++;
    check({
      gets,
      key,
      hadEntry: seen.has(key),
      live: live.get(key),
      value,
      loadedKeys: keys.slice(loadsBefore),
      loaded: returned.slice(loadsBefore),
      loads: keys.length,
      reads: standIns.reads - readsBefore,
      cache: standIns.cache,
    });
    seen.add(key);
    if (!live.has(key)) live.set(key, value);
  }
}

/** Keys that trip up a plain object used as a map, and ordinary ones. */
const keys = fc.oneof(
  fc.constantFrom(
    "",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "0",
    "a",
    "A",
  ),
  fc.string(),
);

Deno.test("weakCache() loads a key once and returns the same object while it is in use", () => {
  const input = fc.record({
    keys: fc.uniqueArray(keys, { minLength: 1, maxLength: 6 }),
    shared: fc.array(fc.nat()),
    order: fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
  });
  assertProperty(
    input,
    ({ keys, shared, order }) => {
      // Keys in one group load one shared object: several keys may name it.
      const groupOf = (i: number) => (shared[i] ?? i) % keys.length;
      const values = keys.map((key) => picture(key));
      const loaded: string[] = [];
      const load = (key: string) => {
        loaded.push(key);
        return values[groupOf(keys.indexOf(key))]!;
      };
      const cache = weakCache(load);
      const used = order.map((n) => n % keys.length);
      used.forEach((i, call) => {
        const value = cache.get(keys[i]!);
        assert.ok(
          Object.is(value, values[groupOf(i)]),
          `get() call ${call + 1}, of ${show(keys[i])}, returned ${
            show(value)
          } instead of the very object load() gave for that key`,
        );
      });
      const distinct = [...new Set(used)].map((i) => keys[i]);
      assert.deepEqual(
        [...loaded].sort(),
        [...distinct].sort(),
        `load() was called with [${
          loaded.map(show).join(", ")
        }]: each key must be loaded exactly once while its value is in use`,
      );
      const loadsBefore = loaded.length;
      weakCache(load).get(keys[used[0]!]!);
      assert.equal(
        loaded.length,
        loadsBefore + 1,
        "a second cache made with the same load() found the first cache's value without loading: each cache has its own entries",
      );
    },
    {
      describe: ({ keys, shared, order }) =>
        `With the keys ${keys.map(show).join(", ")} (sharing ${
          show(shared)
        }), asked for in the order ${
          order.map((n) => show(keys[n % keys.length])).join(", ")
        }`,
    },
  );
});

Deno.test("weakCache() counts hits and misses", () => {
  const fresh = weakCache((key) => picture(key));
  assert.deepEqual(
    [fresh.hits, fresh.misses],
    [0, 0],
    "A new cache has 0 hits and 0 misses",
  );
  assertProperty(scenarios, (steps) => {
    play(steps, ({ gets, loads, cache }) => {
      const counts = { hits: cache.hits, misses: cache.misses };
      assert.deepEqual(
        counts,
        { hits: gets - loads, misses: loads },
        `after ${gets} get() call(s), ${loads} of which called load(), the cache said ${counts.hits} hits and ${counts.misses} misses: a get() that calls load() is a miss (an entry whose value was collected is a miss too), every other get() is a hit, and the counts must always be current`,
      );
    });
  }, { describe: describeSteps });
});

Deno.test("weakCache() dereferences an entry once per get()", () => {
  assertProperty(scenarios, (steps) => {
    play(steps, ({ gets, key, hadEntry, reads }) => {
      assert.equal(
        reads,
        hadEntry ? 1 : 0,
        `get() call ${gets}, of ${show(key)}, ${
          hadEntry ? "which had an entry" : "a new key"
        }, called deref() ${reads} times. Make every reference with new options.WeakRef(value), read the key's entry once, into a local, and on a miss return the value you loaded, not a deref() of the new entry`,
      );
    });
  }, { describe: describeSteps });
});

/** Two keys that the tests with real collections use, the same every run. */
const [firstKey = "", secondKey = ""] = distinctNames(2);

/**
 * Loads two values, asks for the first again (so the last hit and the last
 * loaded value differ), and returns only weak references to them, so that
 * the test holds neither.
 */
function useTwo(cache: WeakCache<Picture>): Watched {
  const first = cache.get(firstKey);
  const second = cache.get(secondKey);
  cache.get(firstKey);
  return [
    ["The value get() returned last (a hit)", new WeakRef(first)],
    ["The value load() returned last", new WeakRef(second)],
  ];
}

Deno.test("weakCache() does not keep its values alive", async () => {
  const cache = weakCache((key) => picture(key));
  await assertAllCollected(collectables(
    useTwo(cache),
    "the cache, which the test still holds, keeps it. Hold values only through the weak references, never in a Map, an array or a variable (not even the last value get() returned)",
  ));
  assert.equal(typeof cache.get, "function", "The cache must still be there");
});

/** Makes a cache in a frame of its own, uses it, and drops it. */
function useAndDrop(): Watched {
  const load = (key: string) => picture(key);
  const cache = weakCache(load);
  useTwo(cache);
  return [["The cache", new WeakRef(cache)], ["load()", new WeakRef(load)]];
}

Deno.test("a dropped weakCache() keeps nothing alive", async () => {
  await assertAllCollected(collectables(
    useAndDrop(),
    "nothing but a cache that the test dropped led to it. Keep the entries inside the cache, not in a list or map outside it",
  ));
});

/** Gets `key` in a frame of its own; returns a weak reference to the value. */
function getAndDrop(cache: WeakCache<Picture>, key: string): WeakRef<Picture> {
  return new WeakRef(cache.get(key));
}

Deno.test("weakCache() reloads a value after collection", async () => {
  assertProperty(scenarios, (steps) => {
    play(steps, ({ gets, key, live, value, loadedKeys, loaded }) => {
      if (live !== undefined) return;
      assert.ok(
        loadedKeys.length === 1 && loadedKeys[0] === key &&
          Object.is(value, loaded[0]),
        `get() call ${gets}, of ${
          show(key)
        }, found no live value, called load() with [${
          loadedKeys.map(show).join(", ")
        }] and returned ${
          show(value)
        }: an entry whose value was collected is a miss, so call load(key) once, store the new value and return it`,
      );
    });
  }, { describe: describeSteps });
  assertProperty(scenarios, (steps) => {
    play(steps, ({ gets, key, live, value, loadedKeys }) => {
      if (live === undefined) return;
      assert.ok(
        loadedKeys.length === 0 && value === live,
        `get() call ${gets}, of ${
          show(key)
        }, loaded again although the value it had loaded last is alive: after a reload, store the new value under the key`,
      );
    });
  }, { describe: describeSteps });
  let loads = 0;
  const cache = weakCache((key: string) => {
    if (key === firstKey) loads++;
    return picture(key);
  });
  const first = getAndDrop(cache, firstKey);
  getAndDrop(cache, secondKey);
  await assertCollected(first, {
    message:
      "The first value was still alive after 10 collections although nothing but the cache led to it: hold values only through weak references",
    name: "the first value",
  });
  const again = cache.get(firstKey);
  assert.ok(
    loads === 2 && again?.key === firstKey,
    `After a real collection, get() returned ${
      show(again)
    } and load() ran ${loads} time(s) in all for that key: a collected entry is a miss, so load the value again and return it`,
  );
  assert.equal(
    cache.get(firstKey),
    again,
    "The reloaded value is still held, so the next get() must return it without loading",
  );
});

Deno.test("weakCache() keeps serving a value that is still held, even across collections", async () => {
  let loads = 0;
  const cache = weakCache((key: string) => {
    loads++;
    return picture(key);
  });
  const held = cache.get(firstKey);
  await collect({ rounds: 3 });
  const again = cache.get(firstKey);
  assert.ok(
    again === held && loads === 1,
    "The test still holds the value, so it cannot have been collected, yet after three collections get() loaded it again: the weak reference must point at the value itself, not at an object made to wrap it, which nothing holds",
  );
});

Deno.test("weakCache().prune() drops dead entries, keeps live ones and says how many it dropped", () => {
  const input = fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 6 })
    .chain((keys) =>
      fc.tuple(
        fc.constant(keys),
        fc.array(fc.boolean(), {
          minLength: keys.length,
          maxLength: keys.length,
        }),
      )
    );
  assertProperty(
    input,
    ([keys, dead]) => {
      const { load, keys: loaded } = recordingLoad();
      const standIns = standInCache(load);
      const { cache } = standIns;
      const held = keys.map((key) => standIns.get(key));
      keys.forEach((key, i) => {
        if (dead[i]) standIns.collect(key);
      });
      const deadCount = dead.filter(Boolean).length;
      const counts = [cache.hits, cache.misses];
      const dropped = cache.prune();
      assert.equal(
        dropped,
        deadCount,
        `prune() returned ${dropped}, but ${deadCount} of ${keys.length} entries were dead: return how many entries it deleted`,
      );
      const [size, again] = [cache.size, cache.prune()];
      assert.ok(
        size === keys.length - deadCount && again === 0,
        `after prune(), size was ${size} and a second prune() returned ${again}, with ${
          keys.length - deadCount
        } live entries: delete every dead entry and only those, so that a second prune() finds nothing to drop`,
      );
      assert.deepEqual(
        [cache.hits, cache.misses],
        counts,
        "prune() must leave hits and misses as they were",
      );
      const loadsBefore = loaded.length;
      keys.forEach((key, i) => {
        if (!dead[i]) {
          assert.ok(
            standIns.get(key) === held[i] && loaded.length === loadsBefore,
            `prune() dropped the live entry of ${
              show(key)
            }: keep every entry whose value is alive`,
          );
        }
      });
    },
    {
      describe: ([keys, dead]) =>
        `With the keys ${keys.map(show).join(", ")}, of which ${
          keys.filter((_, i) => dead[i]).map(show).join(", ") || "none"
        } are dead`,
    },
  );
});

Deno.test("weakCache() keeps a dead entry until prune() deletes it (real GC)", async () => {
  const cache = weakCache((key: string) => picture(key));
  const ref = getAndDrop(cache, "dead.png");
  await assertCollected(ref, {
    message:
      "The test let go of the only value the cache had loaded, yet it was not collected: hold values through WeakRefs only",
    name: "the value",
  });
  // Time for any cleanup callback to run: the cache must not have one.
  await nextTask();
  await nextTask();
  const dropped = cache.prune();
  assert.equal(
    dropped,
    1,
    `After its value was collected, prune() returned ${dropped}: the dead entry stays until prune() deletes it and counts it (nothing else may delete it)`,
  );
});

Deno.test("weakCache().size counts every key once, dead entries included", () => {
  assert.equal(
    weakCache((key) => picture(key)).size,
    0,
    "A new cache has size 0",
  );
  assertProperty(scenarios, (steps) => {
    const seen = new Set<string>();
    play(steps, ({ gets, key, cache }) => {
      seen.add(key);
      assert.equal(
        cache.size,
        seen.size,
        `after get() call ${gets}, size was ${cache.size}, but ${seen.size} key(s) had been asked for: size counts every key in the map once, dead entries included, and must always be current`,
      );
    });
  }, { describe: describeSteps });
});

const said = (outcome: Outcome): string =>
  "threw" in outcome
    ? `threw ${show(outcome.threw)}`
    : `returned ${show(outcome.returned)}`;

Deno.test("weakCache() stores nothing for a load that throws", () => {
  const thrownValues = fc.oneof(
    fc.string().map((message) => new Error(message)),
    fc.anything(),
  );
  assertProperty(fc.tuple(thrownValues, fc.string()), ([thrown, key]) => {
    const { load, keys: loaded, control } = recordingLoad();
    const standIns = standInCache(load);
    const { cache } = standIns;
    const loads = () => loaded.length;
    control.failure = { error: thrown };
    const first = outcomeOf(() => standIns.get(key));
    assert.ok(
      "threw" in first && Object.is(first.threw, thrown),
      `load() threw, and get() ${
        said(first)
      }: let the error reach the caller unchanged`,
    );
    assert.deepEqual(
      [cache.hits, cache.misses, cache.size],
      [0, 1, 0],
      "after a get() whose load() threw, the cache must hold no entry for it (size 0) and count one miss (it called load)",
    );
    control.failure = undefined;
    const second = outcomeOf(() => standIns.get(key));
    const again = outcomeOf(() => standIns.get(key));
    assert.ok(
      "returned" in second && "returned" in again && loads() === 2 &&
        again.returned === second.returned &&
        (second.returned as Picture | undefined)?.key === key,
      `once load() works again, get() ${said(second)}, then ${
        said(again)
      }, calling load() ${
        loads() - 1
      } more time(s): nothing may be stored from a throw, so load once and keep that value`,
    );
    standIns.collect(key);
    control.failure = { error: thrown };
    const dead = outcomeOf(() => standIns.get(key));
    control.failure = undefined;
    const reloaded = outcomeOf(() => standIns.get(key));
    assert.ok(
      "threw" in dead && Object.is(dead.threw, thrown) &&
        "returned" in reloaded && loads() === 4,
      `for a key whose value was collected, get() ${
        said(dead)
      } while load() threw, then ${
        said(reloaded)
      } once it worked, calling load() ${loads()} times in all: let the error through, and load again on the next get()`,
    );
  }, {
    describe: ([thrown, key]) =>
      `With load(${show(key)}) throwing ${show(thrown)}`,
  });
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a value that load() returned");
});
