/**
 * Tests for `disposable_resource.ts`, one per requirement in `course.json`.
 *
 * Resource names are arbitrary (fast-check, fixed seed), duplicates included.
 * A library whose close can fail is passed to the detector as its
 * `NativeLibrary`; the last four tests use the real garbage collector.
 *
 * @module
 */

import assert from "node:assert/strict";
import { assertCollected, collect, collectUntil } from "@course/gc";
import {
  anyName,
  assertAllCollected,
  assertNothingKept,
  assertProperty,
  distinctNames,
  noted,
  nothingKeptRequirement,
  noting,
  show,
} from "../_testing.ts";
import { NativeLibrary } from "./_native_library.ts";
import {
  LeakDetector as LeakDetectorUnderTest,
  type Resource,
} from "./disposable_resource.ts";

/** The class under test, noting the library each detector is handed and the detector. */
const LeakDetector = noting(LeakDetectorUnderTest);
type LeakDetector = LeakDetectorUnderTest;

/**
 * A library whose first close of each handle given to `failOnClose` throws `failure`
 * (the handle stays open; a later close works).
 */
class FailingLibrary extends NativeLibrary {
  readonly #failing = new Set<number>();
  readonly failure = new Error("device busy");

  constructor() {
    super();
    // The detector under test gets this library: it cannot change it.
    Object.freeze(this);
  }

  /** Makes the next close() of `handle` throw {@linkcode failure}. */
  failOnClose(handle: number): void {
    this.#failing.add(handle);
  }

  override close(handle: number): boolean {
    if (this.#failing.delete(handle)) throw this.failure;
    return super.close(handle);
  }
}
Object.freeze(FailingLibrary.prototype);

Deno.test("disposing a resource marks it disposed and closes its handle, by hand or with `using`", () => {
  assertProperty(anyName, (name) => {
    const library = new FailingLibrary();
    const detector = new LeakDetector(library);
    const resource = noted(detector.open(name));
    assert.equal(resource.name, name, "open(name) must name the resource");
    assert.ok(
      library.isOpen(resource.handle),
      "open() must return a resource whose handle is open",
    );
    assert.equal(
      resource.disposed,
      false,
      "a new resource is not disposed",
    );
    resource[Symbol.dispose]();
    assert.equal(
      library.isOpen(resource.handle),
      false,
      "[Symbol.dispose]() must close the resource's handle",
    );
    assert.equal(
      resource.disposed,
      true,
      "after [Symbol.dispose](), disposed must be true",
    );
    let used: Resource | undefined;
    {
      using inBlock = noted(detector.open(name));
      used = inBlock;
    }
    assert.ok(
      used.disposed && !library.isOpen(used.handle),
      "`using` calls [Symbol.dispose]() when the block ends: the resource must be disposed and its handle closed",
    );
    const failure = new Error("disk full");
    assert.throws(
      () => {
        using inBlock = noted(detector.open(name));
        used = inBlock;
        throw failure;
      },
      (error) => error === failure,
      "the block's own error must leave the block",
    );
    assert.ok(
      used.disposed && !library.isOpen(used.handle),
      "`using` disposes on the way out of a throwing block too",
    );
    assert.equal(library.openCount, 0, "no handle may stay open");
    const stuck = noted(detector.open(name));
    library.failOnClose(stuck.handle);
    try {
      stuck[Symbol.dispose]();
    } catch {
      // the library's failure: another test checks that it gets through
    }
    assert.equal(
      stuck.disposed,
      true,
      "a resource whose close threw must still count as disposed: mark it disposed before closing",
    );
  }, { describe: (name) => `With a resource named ${show(name)}` });
});

Deno.test("disposing twice is safe and leaves other handles alone", () => {
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  const first = noted(detector.open("first"));
  first[Symbol.dispose]();
  const second = noted(detector.open("second")); // gets the number "first" had
  first[Symbol.dispose]();
  assert.ok(
    library.isOpen(second.handle),
    `disposing "first" a second time closed handle ${second.handle}, which the library had handed to "second": the second dispose must do nothing`,
  );
});

Deno.test("an error from closing a handle reaches the caller of dispose", () => {
  const library = new FailingLibrary();
  const detector = new LeakDetector(library);
  const resource = noted(detector.open("busy"));
  library.failOnClose(resource.handle);
  assert.throws(
    () => resource[Symbol.dispose](),
    (error) => error === library.failure,
    "the library's close threw, and [Symbol.dispose]() must let that very error through",
  );
  const blockError = new Error("write failed");
  let escaped: unknown;
  try {
    using inBlock = noted(detector.open("busy too"));
    library.failOnClose(inBlock.handle);
    throw blockError;
  } catch (error) {
    escaped = error;
  }
  assert.ok(
    escaped instanceof SuppressedError && escaped.error === library.failure &&
      escaped.suppressed === blockError,
    "when a `using` block throws and its dispose throws too, both errors must leave the block: let the error from closing through",
  );
});

/** Opens a resource per name and forgets them; returns weak references. */
function forget(detector: LeakDetector, names: string[]): WeakRef<Resource>[] {
  return names.map((name) => new WeakRef(noted(detector.open(name))));
}

/** Sorts a copy, so that lists compare regardless of order. */
function sorted(names: string[]): string[] {
  return [...names].sort();
}

Deno.test("a resource still in use is neither reported nor closed (real GC)", async () => {
  const [witness, ...names] = distinctNames(5, anyName);
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  const busy = names.map((name) => noted(detector.open(name)));
  const [forgotten] = forget(detector, [witness!]);
  await assertCollected(forgotten!, {
    message: `the forgotten resource ${show(witness)} was not collected`,
    name: "the forgotten resource",
  });
  const reported = await collectUntil(() => detector.leaks.length > 0);
  assert.ok(
    reported,
    `the forgotten resource ${show(witness)} was collected but never reported`,
  );
  await collect();
  assert.deepEqual(
    detector.leaks,
    [witness],
    "resources the test still uses were reported: register the resource itself, so that the registration lasts as long as the resource",
  );
  assert.ok(
    busy.every((resource) => library.isOpen(resource.handle)),
    "a resource still in use must keep its handle open",
  );
});

/**
 * Opens a resource for each name and forgets it, as {@linkcode forget}
 * does, but first closes its handle through the library itself, as other
 * code might: the backstop's own close then finds nothing to close.
 */
function forgetClosedElsewhere(
  detector: LeakDetector,
  library: NativeLibrary,
  names: string[],
): WeakRef<Resource>[] {
  return names.map((name) => {
    const resource = noted(detector.open(name));
    library.close(resource.handle);
    return new WeakRef(resource);
  });
}

Deno.test("a forgotten resource is collected, reported once and its handle closed (real GC)", async () => {
  const names = distinctNames(4, anyName);
  // Two resources may share a name, and a name may be empty.
  names.push(names[0]!, "");
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  const elsewhere = ["closed elsewhere"];
  names.push(...elsewhere);
  await assertAllCollected([
    ...forget(detector, names.slice(0, -elsewhere.length)),
    ...forgetClosedElsewhere(detector, library, elsewhere),
  ], {
    message:
      "forgotten resources were never collected: the held value (or anything else the registry or detector keeps) must not reach the resource",
    name: "a forgotten resource",
  });
  const reported = await collectUntil(() =>
    detector.leaks.length >= names.length
  );
  assert.ok(
    reported,
    `after the collection, detector.leaks is ${
      show(detector.leaks)
    }: the callback must add the name of every forgotten resource`,
  );
  await collect();
  assert.deepEqual(
    sorted(detector.leaks),
    sorted(names),
    "each forgotten resource must be reported once, by its name",
  );
  assert.equal(
    library.openCount,
    0,
    "the callback is the backstop: it must close each forgotten resource's handle",
  );
});

/**
 * Opens a resource per name and disposes of it; the first close of every
 * other handle throws. Returns weak references to the resources.
 */
function disposeAll(
  detector: LeakDetector,
  library: FailingLibrary,
  names: string[],
): WeakRef<Resource>[] {
  return names.map((name, i) => {
    const resource = noted(detector.open(name));
    if (i % 2 === 0) library.failOnClose(resource.handle);
    try {
      resource[Symbol.dispose]();
    } catch {
      // the library's failure, checked by another test
    }
    return new WeakRef(resource);
  });
}

Deno.test("a disposed resource is never reported, even when closing its handle threw (real GC)", async () => {
  const [witness, ...names] = distinctNames(5, anyName);
  const library = new FailingLibrary();
  const detector = new LeakDetector(library);
  const refs = [
    ...disposeAll(detector, library, names),
    ...forget(detector, [witness!]),
  ];
  await assertAllCollected(refs, {
    message: "disposed and forgotten resources must be collectable",
    name: "a resource",
  });
  const reported = await collectUntil(() => detector.leaks.includes(witness!));
  assert.ok(
    reported,
    `the forgotten resource ${show(witness)} was not reported`,
  );
  await collect(); // time for any other callback to run
  assert.deepEqual(
    detector.leaks,
    [witness],
    "disposed resources were reported as leaks: [Symbol.dispose]() must unregister the resource before it closes the handle, since closing may throw",
  );
});

/** Opens a resource per name; disposes of the ones `dispose` picks. */
function openSome(
  detector: LeakDetector,
  names: string[],
  dispose: (i: number) => boolean,
): WeakRef<Resource>[] {
  const resources = names.map((name) => noted(detector.open(name)));
  resources.forEach((resource, i) => {
    if (dispose(i)) resource[Symbol.dispose]();
  });
  return resources.map((resource) => new WeakRef(resource));
}

Deno.test("disposing one resource leaves the others watched (real GC)", async () => {
  const distinct = distinctNames(3, anyName);
  // Each name twice: one resource of each pair is disposed, one forgotten.
  const names = [...distinct, ...distinct];
  const disposed = (i: number) => i % 2 === 1;
  const forgotten = names.filter((_, i) => !disposed(i));
  const detector = new LeakDetector(new NativeLibrary());
  await assertAllCollected(openSome(detector, names, disposed), {
    message: "every resource must be collectable",
    name: "a resource",
  });
  const reported = await collectUntil(() =>
    detector.leaks.length >= forgotten.length
  );
  await collect();
  assert.ok(
    reported,
    `only ${show(detector.leaks)} reported, though ${
      show(forgotten)
    } were forgotten: disposing one resource cancelled the registration of another. Give each resource an unregister token of its own`,
  );
  assert.deepEqual(
    sorted(detector.leaks),
    sorted(forgotten),
    "exactly the forgotten resources must be reported",
  );
});

Deno.test(nothingKeptRequirement, async () => {
  await assertNothingKept("a resource");
});
