/**
 * Given code for "Dispose of a resource, report the forgotten ones": a
 * stand-in for a native library that hands out handles the garbage collector
 * knows nothing about.
 *
 * @module
 */

/**
 * A stand-in for a native library: the handles it opens stay open until they
 * are closed, and, like file descriptors, a closed number is handed out again.
 */
export class NativeLibrary {
  #open = new Set<number>();

  constructor() {
    // Every library is frozen, the tests' as any other: a subclass freezes
    // its own instances once its fields are in place.
    if (new.target === NativeLibrary) Object.freeze(this);
  }

  /** Opens a handle: the lowest number, from 3 up, that is not open. */
  open(): number {
    let handle = 3;
    while (this.#open.has(handle)) handle++;
    this.#open.add(handle);
    return handle;
  }

  /** Closes `handle`; returns `false` if it was not open. */
  close(handle: number): boolean {
    return this.#open.delete(handle);
  }

  /** Whether `handle` is open. */
  isOpen(handle: number): boolean {
    return this.#open.has(handle);
  }

  /** How many handles are open. */
  get openCount(): number {
    return this.#open.size;
  }
}

// Given code is frozen as it is defined, before any exercise code runs: an
// answer cannot change what the tests rely on.
Object.freeze(NativeLibrary.prototype);
Object.freeze(NativeLibrary);
