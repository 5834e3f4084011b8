/**
 * # Dispose of a resource, report the forgotten ones
 *
 * `NativeLibrary` (given, complete) stands in for a library that hands out
 * handles the garbage collector knows nothing about. Like file descriptors,
 * a closed handle number is handed out again by a later `open()`.
 *
 * Finish `Resource` and `LeakDetector`:
 * - `detector.open(name)` opens a handle and returns a `Resource`;
 * - `resource[Symbol.dispose]()` closes the handle, sets `disposed`, and
 *   unregisters the resource from the detector's `FinalizationRegistry`;
 *   disposing a second time does nothing at all;
 * - the registry is the backstop: when a resource that was never disposed
 *   has been collected, its callback appends the resource's name to
 *   `detector.leaks` and closes its handle;
 * - `detector.leaks` lists only resources collected without being disposed.
 *
 * The held value must not reach the resource (a closure over it would), or no
 * resource could ever be collected.
 *
 * ```ts ignore
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
 * A stand-in for a native library: the handles it opens stay open until they
 * are closed, and, like file descriptors, a closed number is handed out again.
 */
export class NativeLibrary {
  #open = new Set<number>();

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
  readonly #library: NativeLibrary;
  readonly #leaks: string[] = [];

  /** Opens its resources' handles in `library`. */
  constructor(library: NativeLibrary) {
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
