/**
 * A pretend garbage collector for the tests of `self_cleaning_cache.ts`.
 *
 * Its `WeakRef` and `FinalizationRegistry` classes have the same shape as the
 * real ones, but nothing is ever collected until the test says so:
 * `clear(target)` empties every fake `WeakRef` to `target` and makes its
 * registrations due (as a real collection does, in one step), and
 * `runCleanup()` later calls the due callbacks. Between the two, the test
 * sits in "the gap": `deref()` is `undefined` but no callback has run.
 *
 * The fakes hold their targets strongly; they exist to make timing
 * deterministic, not to free memory.
 *
 * @module
 */

/** The part of a `WeakRef` a cache uses. */
export interface WeakRefLike<T extends object> {
  deref(): T | undefined;
}

/** The part of a `FinalizationRegistry` a cache uses. */
export interface RegistryLike<H> {
  register(target: object, heldValue: H, unregisterToken?: object): void;
}

/** A pretend collector and the two constructors that obey it. */
export interface FakeGc {
  /** Stands in for `WeakRef`. */
  WeakRef: new <T extends object>(target: T) => WeakRefLike<T>;
  /** Stands in for `FinalizationRegistry`. */
  FinalizationRegistry: new <H>(
    cleanup: (heldValue: H) => void,
  ) => RegistryLike<H>;
  /** Empties every fake WeakRef to `target` and makes its registrations due. */
  clear(target: object): void;
  /**
   * Runs the due cleanup callbacks, oldest first, at most `max` of them (all
   * by default); returns how many ran.
   */
  runCleanup(max?: number): number;
  /** How many fake WeakRefs point at `target` right now. */
  refsTo(target: object): number;
  /** How many registrations of `target` wait for it to be collected. */
  registrationsOf(target: object): number;
}

interface Cell {
  target: object | undefined;
  heldValue: unknown;
  cleanup: (heldValue: unknown) => void;
}

/** Creates an independent pretend collector. */
export function fakeGc(): FakeGc {
  const refs: { target: object | undefined }[] = [];
  const cells: Cell[] = [];

  class FakeWeakRef<T extends object> implements WeakRefLike<T> {
    #slot: { target: object | undefined };
    constructor(target: T) {
      if (typeof target !== "object" || target === null) {
        throw new TypeError("WeakRef: the target must be an object");
      }
      this.#slot = { target };
      refs.push(this.#slot);
    }
    deref(): T | undefined {
      return this.#slot.target as T | undefined;
    }
  }

  class FakeFinalizationRegistry<H> implements RegistryLike<H> {
    #cleanup: (heldValue: H) => void;
    constructor(cleanup: (heldValue: H) => void) {
      if (typeof cleanup !== "function") {
        throw new TypeError(
          "FinalizationRegistry: the callback must be callable",
        );
      }
      this.#cleanup = cleanup;
    }
    register(target: object, heldValue: H, _unregisterToken?: object): void {
      if (typeof target !== "object" || target === null) {
        throw new TypeError("register: the target must be an object");
      }
      if (Object.is(target, heldValue)) {
        throw new TypeError(
          "register: the held value must not be the target itself",
        );
      }
      cells.push({
        target,
        heldValue,
        cleanup: this.#cleanup as (heldValue: unknown) => void,
      });
    }
  }

  // Frozen before exercise code gets them: an answer cannot change what the
  // tests rely on.
  for (const made of [FakeWeakRef, FakeFinalizationRegistry]) {
    Object.freeze(made.prototype);
    Object.freeze(made);
  }
  return Object.freeze({
    WeakRef: FakeWeakRef,
    FinalizationRegistry: FakeFinalizationRegistry,
    clear(target: object): void {
      for (const slot of refs) {
        if (slot.target === target) slot.target = undefined;
      }
      for (const cell of cells) {
        if (cell.target === target) cell.target = undefined;
      }
    },
    runCleanup(max = Infinity): number {
      const due = cells.filter((cell) => cell.target === undefined)
        .slice(0, max);
      for (const cell of due) cells.splice(cells.indexOf(cell), 1);
      for (const cell of due) cell.cleanup.call(undefined, cell.heldValue);
      return due.length;
    },
    refsTo(target: object): number {
      return refs.filter((slot) => slot.target === target).length;
    },
    registrationsOf(target: object): number {
      return cells.filter((cell) => cell.target === target).length;
    },
  });
}
