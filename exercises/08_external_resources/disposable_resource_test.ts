/**
 * Tests for `disposable_resource.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/08_external_resources/disposable_resource/):
 * - no_unregister: dispose closes the handle but does not unregister, so a
 *   disposed resource is later reported as a leak.
 * - held_value_reaches_resource: the held value is a closure over the
 *   resource, so the registry keeps every resource alive for ever.
 * - dispose_not_idempotent: a second dispose closes the handle number again,
 *   which by then may belong to another resource.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collect, collectUntil } from "@course/gc";
import {
  LeakDetector,
  NativeLibrary,
  type Resource,
} from "./disposable_resource.ts";

/** Opens a resource and drops it undisposed; returns a WeakRef to it. */
function forget(detector: LeakDetector, name: string): WeakRef<Resource> {
  return new WeakRef(detector.open(name));
}

/** Opens a resource, disposes of it, drops it; returns a WeakRef to it. */
function useAndDispose(
  detector: LeakDetector,
  name: string,
): WeakRef<Resource> {
  using resource = detector.open(name);
  return new WeakRef(resource);
}

Deno.test("a resource declared with `using` is disposed at the end of its block", () => {
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  let seen: Resource;
  {
    using config = detector.open("config");
    seen = config;
    assert.ok(
      library.isOpen(config.handle),
      "open() must return a resource whose handle is open.",
    );
    assert.equal(
      config.disposed,
      false,
      "A resource that has not been disposed yet must say disposed === false.",
    );
  }
  assert.equal(
    seen.disposed,
    true,
    "`using` calls [Symbol.dispose]() when the block ends: afterwards disposed must be true.",
  );
  assert.equal(
    library.isOpen(seen.handle),
    false,
    "[Symbol.dispose]() must close the resource's handle in the library.",
  );
  assert.equal(library.openCount, 0, "No handle may stay open after disposal.");
});

Deno.test("a resource is disposed even when its block throws", () => {
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  assert.throws(() => {
    using _file = detector.open("file");
    throw new Error("boom");
  }, /boom/);
  assert.equal(
    library.openCount,
    0,
    "`using` disposes on the way out of a throwing block: the handle must be closed.",
  );
});

Deno.test("disposing twice is safe and leaves other handles alone", () => {
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  const first = detector.open("first");
  first[Symbol.dispose]();
  assert.equal(
    library.isOpen(first.handle),
    false,
    "The first dispose must close the handle.",
  );
  const second = detector.open("second");
  assert.equal(
    second.handle,
    first.handle,
    "The library reuses closed numbers, so the second resource gets the first one's number.",
  );
  first[Symbol.dispose]();
  assert.equal(
    first.disposed,
    true,
    "After dispose, disposed must stay true.",
  );
  assert.ok(
    library.isOpen(second.handle),
    "Disposing `first` a second time closed handle " + first.handle +
      ", which now belongs to `second`: the second dispose must do nothing.",
  );
  second[Symbol.dispose]();
});

Deno.test("a resource still in use is neither reported nor closed", async () => {
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  const busy = detector.open("busy");
  forget(detector, "forgotten");
  const reported = await collectUntil(() =>
    detector.leaks.includes("forgotten")
  );
  assert.ok(
    reported,
    "A resource dropped without dispose must appear in detector.leaks once it has been collected and the callback has run.",
  );
  assert.ok(
    !detector.leaks.includes("busy"),
    "`busy` is still referenced by the test, so it cannot have been collected: it must not be in the leak report.",
  );
  assert.ok(
    library.isOpen(busy.handle),
    "A live resource's handle stays open.",
  );
  busy[Symbol.dispose]();
});

Deno.test("a forgotten resource is collected, reported and its handle closed", async () => {
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  const ref = forget(detector, "forgotten");
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "A resource that nothing references must be collectable: does the registry's held value (or token) reach the resource?",
  );
  const reported = await collectUntil(() =>
    detector.leaks.includes("forgotten")
  );
  assert.ok(
    reported,
    "Once a forgotten resource has been collected, the registry's callback must add its name to detector.leaks.",
  );
  assert.deepEqual(detector.leaks, ["forgotten"], "Report each leak once.");
  assert.equal(
    library.openCount,
    0,
    "The callback is the backstop: it must close the forgotten resource's handle.",
  );
});

Deno.test("a disposed resource never appears in the leak report", async () => {
  const library = new NativeLibrary();
  const detector = new LeakDetector(library);
  const tidy = useAndDispose(detector, "tidy");
  const forgotten = forget(detector, "forgotten");
  const settled = await collectUntil(() =>
    tidy.deref() === undefined && forgotten.deref() === undefined &&
    detector.leaks.includes("forgotten")
  );
  assert.ok(
    settled,
    "Both resources must be collectable, and the forgotten one must be reported.",
  );
  await collect(); // give any other callback time to run
  assert.deepEqual(
    detector.leaks,
    ["forgotten"],
    "`tidy` was disposed, so it is not a leak: [Symbol.dispose]() must unregister it from the registry.",
  );
});
