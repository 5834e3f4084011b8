/**
 * Tests for `safe_deref.ts`.
 *
 * Wrong answers these tests catch (each kept in broken/03_weakref/safe_deref/):
 * - deref_twice: derefOr() checks `deref()` and then calls it again for the value.
 * - with_target_twice: withTarget() checks `deref()` and then calls it again to pass the target on.
 * - no_guard: withTarget() calls `use` even when the target is gone.
 * - fallback_ignored: derefOr() returns `undefined` instead of the fallback.
 * - remembers_last: keeps the last target in a module variable, so it is never collected.
 *
 * @module
 */

import assert from "node:assert/strict";
import { collectUntil } from "@course/gc";
import { type Deref, derefOr, withTarget } from "./safe_deref.ts";

interface Report {
  title: string;
}

/**
 * A stand-in for a WeakRef whose target is collected right after the first
 * read: the first `deref()` returns the target, every later one `undefined`.
 * A real WeakRef cannot do this within one job, but code that reads twice
 * across an `await`, or from a `deref()` with no such promise, meets it.
 */
function vanishingRef<T>(target: T): Deref<T> & { calls: number } {
  return {
    calls: 0,
    deref() {
      this.calls++;
      return this.calls === 1 ? target : undefined;
    },
  };
}

/** A stand-in for a WeakRef whose target is already gone. */
function emptyRef<T>(): Deref<T> & { calls: number } {
  return {
    calls: 0,
    deref() {
      this.calls++;
      return undefined;
    },
  };
}

Deno.test("derefOr() returns the target while it lives", () => {
  const report: Report = { title: "Q3" };
  const ref = new WeakRef(report);
  assert.equal(
    derefOr(ref, null),
    report,
    "The test still holds the report, so derefOr() must return it, not the fallback.",
  );
});

Deno.test("derefOr() returns the fallback once the target is gone", () => {
  const fallback = { title: "(closed)" };
  assert.equal(
    derefOr(emptyRef<Report>(), fallback),
    fallback,
    "deref() returned undefined, so derefOr() should return the fallback.",
  );
});

Deno.test("derefOr() reads the reference exactly once", () => {
  const report: Report = { title: "Q3" };
  const ref = vanishingRef(report);
  const result = derefOr(ref, null);
  assert.equal(
    result,
    report,
    "The first deref() returned the report; derefOr() must return that, not a second read (which found nothing).",
  );
  assert.equal(
    ref.calls,
    1,
    `derefOr() called deref() ${ref.calls} times: read it once into a local.`,
  );
});

Deno.test("withTarget() passes the live target to use() and returns its result", () => {
  const report: Report = { title: "Q3 report" };
  const seen: Report[] = [];
  const length = withTarget(new WeakRef(report), (target) => {
    seen.push(target);
    return target.title.length;
  });
  assert.deepEqual(
    seen,
    [report],
    "use() should be called once, with the target.",
  );
  assert.equal(length, 9, "withTarget() should return what use() returned.");
});

Deno.test("withTarget() does not call use() once the target is gone", () => {
  let called = false;
  const result = withTarget(emptyRef<Report>(), () => {
    called = true;
    return "used";
  });
  assert.equal(
    called,
    false,
    "deref() returned undefined, so use() must not be called (it would receive undefined).",
  );
  assert.equal(result, undefined, "withTarget() should return undefined.");
});

Deno.test("withTarget() reads the reference exactly once", () => {
  const report: Report = { title: "Q3" };
  const ref = vanishingRef(report);
  let received: unknown = "not called";
  withTarget(ref, (target) => {
    received = target;
  });
  assert.equal(
    received,
    report,
    "use() should receive the target that the first deref() returned; a second read found nothing.",
  );
  assert.equal(
    ref.calls,
    1,
    `withTarget() called deref() ${ref.calls} times: read it once into a local.`,
  );
});

// The target is created here, so only the WeakRef points at it afterwards.
function makeReportRef(): WeakRef<Report> {
  return new WeakRef({ title: "Q3" });
}

// Reads through the helpers in a frame of its own and returns only strings,
// so that the test's frame never holds the target.
function readTitles(ref: WeakRef<Report>): [string, string] {
  return [
    derefOr(ref, { title: "gone" }).title,
    withTarget(ref, (report) => report.title) ?? "gone",
  ];
}

Deno.test("the helpers follow a real target until it is collected", async () => {
  const ref = makeReportRef();
  assert.deepEqual(
    readTitles(ref),
    ["Q3", "Q3"],
    "Before any collection both helpers should find the report.",
  );
  const collected = await collectUntil(() => ref.deref() === undefined);
  assert.ok(
    collected,
    "The report was still alive after 10 collections although only a WeakRef pointed at it: the helpers must not keep the target anywhere once they return.",
  );
  assert.deepEqual(
    readTitles(ref),
    ["gone", "gone"],
    "After the target was collected both helpers should take the collected branch.",
  );
});
