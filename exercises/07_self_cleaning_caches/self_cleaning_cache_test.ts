/**
 * Tests for `self_cleaning_cache.ts`, one per requirement in `course.json`.
 *
 * Most tests use the stand-ins from `_fake_gc.ts`, so the gap and the race
 * happen exactly when the test says, and run as properties over arbitrary
 * keys (fixed seed: every run is the same). The last two use the real
 * `WeakRef`, `FinalizationRegistry` and garbage collector.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { collectUntil } from "@course/gc";
import {
  assertAllCollected,
  assertNothingKept,
  assertProperty,
  type Collectable,
  distinctNames,
  noted,
  nothingKeptRequirement,
  noting,
  show,
} from "../_testing.ts";
import { fakeGc } from "./_fake_gc.ts";
import {
  type SelfCleaningCache,
  selfCleaningCache as selfCleaningCacheUnderTest,
} from "./self_cleaning_cache.ts";

/** The function under test, noting each cache it makes. */
const selfCleaningCache = noting(selfCleaningCacheUnderTest, {
  handed: false,
});

interface Doc {
  key: string;
  version: number;
}

/** A loader that makes a new document per call and records every call. */
function recordingLoader() {
  const calls: string[] = [];
  const loaded: Doc[] = [];
  const load = (key: string): Doc => {
    calls.push(key);
    const doc = noted({ key, version: calls.length });
    loaded.push(doc);
    return doc;
  };
  return { calls, loaded, load };
}

/** Keys of every kind: any text, file names, and names objects already have. */
const anyKey = fc.oneof(
  fc.string(),
  fc.string().map((name) => `${name}.png`),
  fc.constantFrom("", "__proto__", "constructor", "toString", "valueOf"),
);
const twoKeys = fc.uniqueArray(anyKey, { minLength: 2, maxLength: 2 });

/** Checks `check` for 100 arbitrary keys, naming the smallest failing one. */
function forEveryKey(check: (key: string) => void): void {
  assertProperty(anyKey, check, {
    describe: (key) => `With the key ${show(key)}`,
  });
}

/** A cache on a fresh pretend collector, with a loader that records calls. */
function fakeCache() {
  const fake = fakeGc();
  const loader = recordingLoader();
  return { fake, loader, cache: selfCleaningCache(loader.load, fake) };
}

const usesOptions =
  "create weak references with `new MakeWeakRef(value)` and the registry with `new MakeRegistry(callback)`, the constructors from options";

Deno.test("get() loads a value once, then returns it as a hit", () => {
  assertProperty(
    fc.array(anyKey, { minLength: 1, maxLength: 8 }),
    (keys) => {
      const { loader, cache } = fakeCache();
      const first = new Map<string, Doc>();
      for (const key of keys) {
        const doc = cache.get(key);
        const earlier = first.get(key);
        if (earlier === undefined) {
          assert.equal(
            doc,
            loader.loaded.at(-1),
            `the first get(${show(key)}) must return what load() returned`,
          );
          first.set(key, doc);
        } else {
          assert.equal(
            doc,
            earlier,
            `a later get(${
              show(key)
            }) must return the very object loaded the first time`,
          );
        }
      }
      assert.deepEqual(
        loader.calls,
        [...first.keys()],
        "load(key) must run once per key while its value lives",
      );
      assert.equal(
        cache.misses,
        first.size,
        "misses must count the get() calls that loaded",
      );
      assert.equal(
        cache.hits,
        keys.length - first.size,
        "hits must count the get() calls that found a live value",
      );
      assert.equal(
        cache.size,
        first.size,
        "size must count one entry a key",
      );
    },
    { describe: (keys) => `With get() called for ${show(keys)}` },
  );
});

Deno.test("the cleanup callback removes the entry of a collected value", () => {
  assertProperty(twoKeys, ([gone, kept]) => {
    const { fake, loader, cache } = fakeCache();
    const old = cache.get(gone);
    const live = cache.get(kept);
    cache.get(gone);
    fake.clear(old);
    const ran = fake.runCleanup();
    assert.ok(
      ran > 0,
      `a callback should be due once the value of ${
        show(gone)
      } is collected: register every loaded value (${usesOptions})`,
    );
    assert.equal(
      cache.size,
      1,
      `the callback must delete the entry of ${
        show(gone)
      }, and only that one, even after a hit on it`,
    );
    assert.equal(
      cache.get(kept),
      live,
      `the value of ${show(kept)} is alive: get() must still return it`,
    );
    assert.equal(
      cache.get(gone),
      loader.loaded[2],
      `after the cleanup, get(${show(gone)}) must load again`,
    );
  }, {
    describe: ([gone, kept]) =>
      `With the keys ${show(gone)} (collected) and ${show(kept)} (alive)`,
  });
});

Deno.test("THE GAP: get() reloads when deref() is undefined before the callback runs", () => {
  forEveryKey((key) => {
    const { fake, loader, cache } = fakeCache();
    fake.clear(cache.get(key)); // collected, no callback has run yet
    assert.equal(
      cache.size,
      1,
      "in the gap the dead entry is still in the map, and size must count it",
    );
    const again = cache.get(key);
    assert.notEqual(
      again,
      undefined,
      "get() returned undefined: the entry is still in the map, but its value is gone. Dereference once into a local, and treat undefined as a miss",
    );
    assert.equal(
      again,
      loader.loaded[1],
      "get() must load the collected value again and return the fresh one",
    );
    assert.equal(cache.misses, 2, "a dead entry must count as a miss");
    assert.equal(cache.size, 1, "the fresh entry replaces the dead one");
    assert.equal(
      cache.get(key),
      again,
      "the value reloaded in the gap must be cached: the next get() is a hit",
    );
  });
});

Deno.test("THE RACE: a stale callback leaves the fresh entry in place", () => {
  forEveryKey((key) => {
    const { fake, loader, cache } = fakeCache();
    fake.clear(cache.get(key));
    const fresh = cache.get(key); // reloaded in the gap
    fake.runCleanup(); // the old value's callback arrives only now
    assert.equal(
      cache.size,
      1,
      "the old value's callback deleted the fresh entry: let the callback delete an entry only if it is the one it was registered for (compare the weak references by identity)",
    );
    assert.equal(
      cache.get(key),
      fresh,
      "after the stale callback, get() must still return the fresh value",
    );
    assert.equal(loader.calls.length, 2, "there must be no third load");

    // The fresh value may be collected too before the old callback comes.
    const again = fakeCache();
    again.fake.clear(again.cache.get(key));
    again.fake.clear(again.cache.get(key)); // reloaded in the gap, then gone
    again.fake.runCleanup(1); // only the old value's callback
    assert.equal(
      again.cache.size,
      1,
      "the old value's callback deleted the entry of a newer value whose own callback had not run yet: size counts that entry until then. Compare the weak references by identity, not by whether they are empty",
    );
  });
});

Deno.test("a value reloaded in the gap is registered and cleaned up in turn", () => {
  forEveryKey((key) => {
    const { fake, cache } = fakeCache();
    fake.clear(cache.get(key));
    const fresh = cache.get(key); // reloaded in the gap
    fake.runCleanup(); // the stale callback
    fake.clear(fresh);
    fake.runCleanup();
    assert.equal(
      cache.size,
      0,
      "the value reloaded in the gap was collected too, but its entry stayed: register every value you load, a reloaded one included",
    );
  });
});

Deno.test("one object cached under two keys leaves with both entries", () => {
  assertProperty(twoKeys, ([a, b]) => {
    const fake = fakeGc();
    const shared = { key: "placeholder", version: 0 };
    const cache = selfCleaningCache<Doc>(() => shared, fake);
    assert.equal(
      cache.get(a),
      shared,
      "get() must return what load() returned",
    );
    assert.equal(
      cache.get(b),
      shared,
      "get() must return what load() returned",
    );
    assert.equal(cache.size, 2, "two keys must make two entries");
    fake.clear(shared);
    fake.runCleanup();
    assert.equal(
      cache.size,
      0,
      "load() returned one object for both keys; once it is collected, both entries must go: register it once for each entry",
    );
  }, {
    describe: ([a, b]) =>
      `With the keys ${show(a)} and ${show(b)} sharing one value`,
  });
});

Deno.test("a value is registered once, however often get() hits it", () => {
  assertProperty(
    fc.array(anyKey, { minLength: 1, maxLength: 8 }),
    (keys) => {
      const { fake, cache } = fakeCache();
      for (const key of [...keys, ...keys]) cache.get(key);
      for (const key of keys) {
        assert.equal(
          fake.registrationsOf(cache.get(key)),
          1,
          `the value of ${
            show(key)
          } has several registrations: register a value when it is loaded, not again on every hit (${usesOptions})`,
        );
      }
    },
    { describe: (keys) => `With get() called twice for ${show(keys)}` },
  );
});

Deno.test("a load that throws reaches the caller and caches nothing", () => {
  forEveryKey((key) => {
    const failure = new Error(`cannot load ${key}`);
    let fails = true;
    const cache = selfCleaningCache((name): Doc => {
      if (fails) {
        fails = false;
        throw failure;
      }
      return { key: name, version: 1 };
    }, fakeGc());
    let thrown: unknown;
    try {
      cache.get(key);
    } catch (error) {
      thrown = error;
    }
    assert.equal(
      thrown,
      failure,
      "get() must let the error thrown by load() reach its caller, the very same error",
    );
    assert.equal(cache.size, 0, "a load that threw must cache nothing");
    assert.equal(
      cache.misses,
      1,
      "a get() that called load() counts as a miss, even when load() threw",
    );
    let doc: Doc | undefined;
    assert.doesNotThrow(() => {
      doc = cache.get(key);
    }, "after a load that threw, the next get() must call load() again");
    assert.equal(doc?.version, 1, "get() must return the loaded value");
    assert.equal(cache.get(key), doc, "then that value is cached");
  });
});

/** A loader that keeps nothing, for the tests with the real collector. */
function load(key: string): Doc {
  return noted({ key, version: 1 });
}

/** Keys for the real collector: plain names and the same names as files. */
const realKeys = distinctNames(3).flatMap((name) => [name, `${name}.png`]);

/**
 * Loads every key of `realKeys`; returns the documents of the keys it keeps
 * (every third one) and weak references to the others, which it loads last.
 */
function fill(
  cache: SelfCleaningCache<Doc>,
): { kept: Map<string, Doc>; dropped: WeakRef<Doc>[] } {
  const kept = new Map<string, Doc>();
  const dropped: WeakRef<Doc>[] = [];
  realKeys.forEach((key, i) => {
    if (i % 3 === 0) kept.set(key, cache.get(key));
  });
  realKeys.forEach((key, i) => {
    if (i % 3 !== 0) dropped.push(new WeakRef(cache.get(key)));
  });
  return { kept, dropped };
}

Deno.test("selfCleaningCache() drops collected values and keeps the ones in use (real GC)", async () => {
  const cache = selfCleaningCache(load);
  const { kept, dropped } = fill(cache);
  await assertAllCollected(dropped, {
    message: `values that only the cache held were never collected (keys ${
      show(realKeys.filter((key) => !kept.has(key)))
    }): hold values only through weak references, keep none in a variable, and give the registry a held value that does not reach the value`,
    name: "a value only the cache held",
  });
  const shrunk = await collectUntil(() => cache.size === kept.size);
  assert.ok(
    shrunk,
    `the map still has ${cache.size} entries for ${kept.size} live values: the callback must delete the entry of each collected value`,
  );
  for (const [key, doc] of kept) {
    assert.equal(
      cache.get(key),
      doc,
      `the test still holds the value of ${show(key)}: get() must return it`,
    );
  }
});

/**
 * Makes a cache whose weak references are recorded, loads `realKeys`;
 * returns the documents and weak references to the cache and to every weak
 * reference it made.
 */
function abandonCache(): { docs: Doc[]; parts: Collectable[] } {
  const message =
    "the test let go of the cache but still uses its values, and the cache or its weak references stayed alive: give each cache its own registry (not one shared by every cache) and a held value that does not reach the map";
  const parts: Collectable[] = [];
  class RecordedWeakRef<T extends object> extends WeakRef<T> {
    constructor(target: T) {
      super(target);
      parts.push({
        ref: new WeakRef(this),
        message,
        name: "a weak reference the cache made",
      });
    }
  }
  Object.freeze(RecordedWeakRef.prototype);
  const cache = selfCleaningCache(load, { WeakRef: RecordedWeakRef });
  const docs = realKeys.map((key) => cache.get(key));
  parts.push({ ref: new WeakRef(cache), message, name: "the cache" });
  return { docs, parts };
}

Deno.test("a cache can be collected while its values are still in use (real GC)", async () => {
  const { docs, parts } = abandonCache();
  assert.ok(
    parts.length > realKeys.length,
    `the cache made ${
      parts.length - 1
    } weak references with options.WeakRef for ${realKeys.length} values: when it is given, make every weak reference with it, whether options.FinalizationRegistry is given or not`,
  );
  await assertAllCollected(parts);
  assert.deepEqual(
    docs.map((doc) => doc.key),
    realKeys,
    "get() must return the value loaded for each key",
  );
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a value that load() returned");
});
