/**
 * # Dispose of a resource, report the forgotten ones
 *
 * `NativeLibrary` (given, complete, in `_native_library.ts`) stands in for a
 * library that hands out handles the garbage collector knows nothing about.
 * Like file descriptors, a closed handle number is handed out again by a
 * later `open()`. The detector accepts any `HandleLibrary` (an `open()` and
 * a `close(handle)`), so the tests can hand it one whose `close` throws.
 *
 * Finish `Resource` and `LeakDetector`:
 * - `detector.open(name)` opens a handle and returns a `Resource` with that
 *   name (any string: names need not be unique) and handle;
 * - `resource[Symbol.dispose]()` marks the resource disposed, unregisters it
 *   from the detector's `FinalizationRegistry` and then closes its handle.
 *   It is what `using` calls at the end of the block, also when the block
 *   throws. Disposing a second time does nothing at all;
 * - if closing the handle throws, the error reaches the caller of
 *   `[Symbol.dispose]()` (and so leaves a `using` block); the resource still
 *   counts as disposed: it is not closed again and never reported;
 * - the registry is the backstop: when a resource that was never disposed
 *   has been collected, its callback appends the resource's name to
 *   `detector.leaks`, once, and closes its handle;
 * - `detector.leaks` lists only resources collected without being disposed.
 *   A resource still in use is never reported, and its handle stays open.
 *
 * Register the resource itself (not a record or a function made for it), so
 * that the registration lasts exactly as long as the resource. The held value
 * must not reach the resource (a closure over it would), or no resource could
 * ever be collected. Each resource needs an unregister token of its own:
 * disposing one resource must never cancel the registration of another, even
 * one with the same name.
 *
 * ```ts ignore
 * import { NativeLibrary } from "./_native_library.ts";
 *
 * const library = new NativeLibrary();
 * const detector = new LeakDetector(library);
 * {
 *   using config = detector.open("config");
 *   library.isOpen(config.handle); // true
 * } // disposed here
 * library.openCount; // 0
 *
 * detector.open("forgotten"); // never disposed
 * // ...after a collection and a later task:
 * detector.leaks; // ["forgotten"]
 * ```
 *
 * @module
 */

/**
 * What the detector needs from a library of handles; `NativeLibrary` in
 * `_native_library.ts` is one.
 */
export interface HandleLibrary {
  /** Opens a handle and returns its number. */
  open(): number;
  /** Closes `handle`; returns `false` if it was not open. May throw. */
  close(handle: number): boolean;
}

/** A named wrapper around one open handle; dispose of it when done. */
export class Resource implements Disposable {
  /** The name given to {@linkcode LeakDetector.open}. */
  readonly name: string;
  /** The library handle this resource owns. */
  readonly handle: number;
  #close: () => void;
  #disposed = false;

  /** Made by {@linkcode LeakDetector.open}; `close` releases the handle. */
  constructor(name: string, handle: number, close: () => void) {
    this.name = name;
    this.handle = handle;
    this.#close = close;
  }

  /** Whether the resource has been disposed. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Closes the handle; calling it again does nothing. */
  [Symbol.dispose](): void {
    // TODO: the first call marks the resource disposed and calls #close();
    // later calls do nothing.
  }
}

/** Opens resources and reports the ones that were collected undisposed. */
export class LeakDetector {
  readonly #library: HandleLibrary;
  readonly #leaks: string[] = [];

  /** Opens its resources' handles in `library`. */
  constructor(library: HandleLibrary) {
    this.#library = library;
    // TODO: create a FinalizationRegistry whose callback records the name of
    // a leaked resource in #leaks and closes its handle. Keep it in a field.
  }

  /** Opens a handle and wraps it in a resource named `name`. */
  open(name: string): Resource {
    const handle = this.#library.open();
    const resource = new Resource(name, handle, () => {
      // TODO: unregister the resource, then close its handle.
    });
    // TODO: register the resource. Choose a held value and an unregister
    // token that do not reach the resource.
    return resource;
  }

  /** Names of resources collected without being disposed, oldest first. */
  get leaks(): string[] {
    return [...this.#leaks];
  }
}
