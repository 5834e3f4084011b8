/**
 * Tests for `safe_deref.ts`: one test per requirement listed for "safe_deref"
 * in course.json, where the wrong answers they reject are listed too.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  assertAllCollected,
  assertProperty,
  collectables,
  describeOutcome,
  outcomeOf,
  show,
  type Watched,
} from "../_testing.ts";
import { type Deref, derefOr, withTarget } from "./safe_deref.ts";

/** A stand-in reference that counts how often it was read. */
interface ScriptedRef<T> extends Deref<T> {
  /** How many times `deref()` was called. */
  readonly reads: number;
}

/**
 * A stand-in reference whose `deref()` gives `answers` in order, one per
 * call, and `undefined` (gone) after the last one.
 */
function scriptedRef<T>(...answers: (T | undefined)[]): ScriptedRef<T> {
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    deref() {
      return answers[reads++];
    },
  };
}

/** A stand-in reference whose target is there on every read. */
function liveRef<T>(target: T): Deref<T> {
  return { deref: () => target };
}

/** What a `Deref<T>` may give as a target: anything but `undefined`. */
const targets: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, 0, -0, NaN, "", false, 0n),
  fc.anything().filter((value) => value !== undefined),
  fc.string().map((description) => Symbol(description)),
  fc.func(fc.anything()),
);

/** Any value at all, `undefined` included. */
const values: fc.Arbitrary<unknown> = fc.oneof(targets, fc.constant(undefined));

/** A `WeakRef` that counts its reads. */
class CountingRef<T extends WeakKey> extends WeakRef<T> {
  #reads = 0;

  constructor(target: T) {
    super(target);
    // The helper under test gets this reference: it cannot change the count.
    Object.freeze(this);
  }

  /** How many times deref() was called. */
  get reads(): number {
    return this.#reads;
  }

  override deref(): T | undefined {
    this.#reads++;
    return super.deref();
  }
}
Object.freeze(CountingRef.prototype);

Deno.test("derefOr() returns the target while it lives, even a falsy one", () => {
  const report = { title: "Q3 report" };
  assert.equal(
    derefOr(new WeakRef(report), null),
    report,
    "The test still holds the report, so derefOr(new WeakRef(report), null) must return the report itself",
  );
  const fallback = { fallback: true };
  assertProperty(targets, (target) => {
    const result = derefOr(liveRef(target), fallback);
    assert.ok(
      Object.is(result, target),
      `derefOr() returned ${
        result === fallback ? "the fallback" : show(result)
      }. Only undefined means the target is gone: any other value, even null, 0, "" or false, is the target, to be returned as it is`,
    );
  }, {
    describe: (target) =>
      `With a reference whose deref() gives ${show(target)}`,
  });
});

Deno.test("derefOr() returns the fallback once the target is gone", () => {
  assertProperty(values, (fallback) => {
    const result = derefOr(scriptedRef(), fallback);
    assert.ok(
      Object.is(result, fallback),
      `deref() gave undefined, yet derefOr() returned ${
        show(result)
      }: it must return the fallback itself, whatever it is (a function is returned, not called)`,
    );
  }, { describe: (fallback) => `With the fallback ${show(fallback)}` });
  const ref = scriptedRef({ title: "Q3 report" });
  derefOr(ref, "gone");
  const second = derefOr(ref, "gone");
  assert.equal(
    second,
    "gone",
    "A reference gave its target once and undefined after that: the second derefOr() must return the fallback, not a target remembered from an earlier call",
  );
});

/**
 * Checks that `helper` calls `deref()` exactly once each time it runs: on one
 * stand-in reference called several times, whose target comes and goes, and
 * on a real `WeakRef`.
 */
function assertOneReadPerCall(
  helper: string,
  call: (ref: Deref<unknown>) => void,
): void {
  assertProperty(
    fc.array(fc.option(targets, { nil: undefined }), {
      minLength: 1,
      maxLength: 5,
    }),
    (answers) => {
      const ref = scriptedRef(...answers);
      for (let calls = 1; calls <= answers.length; calls++) {
        call(ref);
        assert.equal(
          ref.reads,
          calls,
          `after ${calls} ${helper} call(s) on one reference, deref() had been called ${ref.reads} times. Call it exactly once per call, into a local, whether the target is there or not: a second read may find nothing`,
        );
      }
    },
    {
      describe: (answers) =>
        `With a reference whose deref() gives ${
          answers.map(show).join(", then ")
        }`,
    },
  );
  const ref = new CountingRef({ title: "Q3 report" });
  call(ref);
  assert.equal(
    ref.reads,
    1,
    `${helper} called deref() ${ref.reads} times on a live WeakRef: call it exactly once, into a local`,
  );
}

Deno.test("derefOr() calls deref() exactly once per call", () => {
  assertOneReadPerCall("derefOr()", (ref) => derefOr(ref, "fallback"));
});

Deno.test("withTarget() passes the live target to use() and returns its result", () => {
  const report = { title: "Q3 report" };
  assert.equal(
    withTarget(new WeakRef(report), (target) => target),
    report,
    "The test still holds the report, so withTarget() must pass it to use() and return what use() returned",
  );
  let argumentCount = 0;
  withTarget(new WeakRef(report), (...args: unknown[]) => {
    argumentCount = args.length;
  });
  assert.equal(
    argumentCount,
    1,
    `use() was called with ${argumentCount} arguments: pass it the target alone, use(target)`,
  );
  assertProperty(
    fc.tuple(targets, values),
    ([target, result]) => {
      const received: unknown[] = [];
      const returned = withTarget(liveRef(target), (value) => {
        received.push(value);
        return result;
      });
      assert.equal(
        received.length,
        1,
        `use() was called ${received.length} times: call it exactly once when the target is there. Only undefined means the target is gone; null, 0, "" or false are targets`,
      );
      assert.ok(
        Object.is(received[0], target),
        `use() received ${show(received[0])} instead of the target itself`,
      );
      assert.ok(
        Object.is(returned, result),
        `withTarget() returned ${
          show(returned)
        } instead of what use() returned, unchanged`,
      );
    },
    {
      describe: ([target, result]) =>
        `With a reference whose deref() gives ${
          show(target)
        } and a use() that returns ${show(result)}`,
    },
  );
});

Deno.test("withTarget() does not call use() once the target is gone", () => {
  let calls = 0;
  const use = () => {
    calls++;
    return "used";
  };
  const result = withTarget(scriptedRef(), use);
  assert.equal(
    calls,
    0,
    "deref() gave undefined, so use() must not be called (it would receive undefined)",
  );
  assert.equal(
    result,
    undefined,
    `withTarget() returned ${
      show(result)
    } for a target that is gone: it must return undefined`,
  );
  const ref = scriptedRef({ title: "Q3 report" });
  withTarget(ref, use);
  withTarget(ref, use);
  assert.equal(
    calls,
    1,
    "A reference gave its target once and undefined after that: the second withTarget() must not call use() with a target remembered from an earlier call",
  );
});

Deno.test("withTarget() calls deref() exactly once per call", () => {
  assertOneReadPerCall("withTarget()", (ref) => withTarget(ref, () => "used"));
});

Deno.test("the helpers let errors from deref() and use() reach the caller", () => {
  const thrownValues = fc.oneof(
    fc.string().map((message) => new Error(message)),
    values,
  );
  assertProperty(thrownValues, (thrown) => {
    const broken: Deref<object> = {
      deref() {
        throw thrown;
      },
    };
    const fromDerefOr = outcomeOf(() => derefOr(broken, "fallback"));
    assert.ok(
      "threw" in fromDerefOr && Object.is(fromDerefOr.threw, thrown),
      `deref() threw, and derefOr() ${
        describeOutcome(fromDerefOr)
      }: let the error reach the caller unchanged (a throwing deref() does not mean the target is gone)`,
    );
    let usesOfBroken = 0;
    const fromWithTarget = outcomeOf(() =>
      withTarget(broken, () => usesOfBroken++)
    );
    assert.ok(
      "threw" in fromWithTarget && Object.is(fromWithTarget.threw, thrown) &&
        usesOfBroken === 0,
      `deref() threw, and withTarget() ${
        describeOutcome(fromWithTarget)
      } after calling use() ${usesOfBroken} times: let the error reach the caller unchanged, without calling use()`,
    );
    let uses = 0;
    const fromUse = outcomeOf(() =>
      withTarget(liveRef({ title: "Q3 report" }), () => {
        uses++;
        throw thrown;
      })
    );
    assert.ok(
      "threw" in fromUse && Object.is(fromUse.threw, thrown) && uses === 1,
      `use() threw, and withTarget() ${
        describeOutcome(fromUse)
      } after calling use() ${uses} times: call use() once and let its error reach the caller unchanged`,
    );
  }, { describe: (thrown) => `With the thrown value ${show(thrown)}` });
});

/**
 * Calls derefOr() on a gone reference, then on a live one, in a frame of its
 * own, and returns weak references to everything it handed over, so that the
 * test itself holds none of them.
 */
function callDerefOr(): Watched {
  const goneRef = scriptedRef<object>();
  const unused = { title: "(none)" };
  derefOr(goneRef, unused);
  const target = { title: "Q3 report" };
  const ref = new WeakRef(target);
  const fallback = { title: "(closed)" };
  derefOr(ref, fallback);
  return [
    ["The target", new WeakRef(target)],
    ["The WeakRef", new WeakRef(ref)],
    ["The fallback of a live call", new WeakRef(fallback)],
    ["A reference that was gone", new WeakRef(goneRef)],
    ["The fallback returned for a gone reference", new WeakRef(unused)],
  ];
}

/** Why a thing a helper was given must be collected once the helper returned. */
const letGo = (helper: string) =>
  `the test let go of it once ${helper} returned: keep the target in a local inside the function, never in a variable outside it`;

/**
 * Calls `helper` with a live WeakRef that the caller keeps, in a frame of its
 * own; returns that WeakRef and a WeakRef to its target, which nothing else
 * holds.
 */
function callKeepingTheRef(helper: (ref: WeakRef<object>) => unknown) {
  const target = { title: "Q3 report" };
  const ref = new WeakRef(target);
  helper(ref);
  return { ref, target: new WeakRef(target) };
}

/** Asserts that the target of a WeakRef the caller kept was collected. */
async function assertTargetOfKeptRef(
  helper: string,
  kept: { ref: WeakRef<object>; target: WeakRef<object> },
): Promise<void> {
  await assertAllCollected([{
    ref: kept.target,
    message:
      `The caller kept the WeakRef it gave ${helper}, and let go of its target, yet the target was still alive: keep no map or variable from a reference to its target`,
    name: "the target of a WeakRef the caller kept",
  }]);
  assert.equal(kept.ref.deref(), undefined); // the caller's WeakRef reads empty
}

Deno.test("derefOr() keeps nothing it was given alive", async () => {
  await assertAllCollected(collectables(callDerefOr(), letGo("derefOr()")));
  await assertTargetOfKeptRef(
    "derefOr()",
    callKeepingTheRef((ref) => derefOr(ref, null)),
  );
});

/** As {@linkcode callDerefOr}, for withTarget(). */
function callWithTarget(): Watched {
  const goneRef = scriptedRef<{ title: string }>();
  const unusedUse = (report?: { title: string }) => report?.title;
  withTarget(goneRef, unusedUse);
  const target = { title: "Q3 report" };
  const ref = new WeakRef(target);
  const made: object[] = [];
  const use = (report: { title: string }) => {
    const result = { length: report.title.length };
    made.push(result);
    return result;
  };
  withTarget(ref, use);
  // An error that use() throws may carry the target.
  const failing = { title: "broken" };
  const thrown = outcomeOf(() =>
    withTarget(new WeakRef(failing), (report) => {
      throw new Error(`cannot render ${report.title}`, { cause: report });
    })
  );
  const error = "threw" in thrown ? thrown.threw as object : {};
  return [
    ["The error use() threw", new WeakRef(error)],
    ["The target of a use() that threw", new WeakRef(failing)],
    ["The target", new WeakRef(target)],
    ["The WeakRef", new WeakRef(ref)],
    ["The use() function", new WeakRef(use)],
    ...made.map((result): Watched[number] => [
      "The result of use()",
      new WeakRef(result),
    ]),
    ["A reference that was gone", new WeakRef(goneRef)],
    ["The use() of a gone reference", new WeakRef(unusedUse)],
  ];
}

Deno.test("withTarget() keeps nothing it was given alive", async () => {
  await assertAllCollected(
    collectables(callWithTarget(), letGo("withTarget()")),
  );
  await assertTargetOfKeptRef(
    "withTarget()",
    callKeepingTheRef((ref) => withTarget(ref, (target) => target)),
  );
});
