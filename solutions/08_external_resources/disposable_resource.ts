/**
 * Reference solution for "Dispose of a resource, report the forgotten ones".
 *
 * Disposal is the real path: `[Symbol.dispose]()` closes the handle at once
 * and unregisters the resource, so the registry forgets it. The registry is
 * only a backstop for resources nobody disposed: when one of them has been
 * collected, its callback records the leak and closes the handle late.
 *
 * Three details make it correct:
 * - the held value is plain data (a name and a number); it must not reach
 *   the resource, or the registry would keep every resource alive for ever;
 * - the unregister token is a separate small object that only the resource
 *   reaches (through its close function), so unregistering needs no
 *   reference from the registry to the resource;
 * - `[Symbol.dispose]()` remembers that it ran: the library hands closed
 *   numbers out again, so a second close could shut someone else's handle.
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
    if (this.#disposed) return;
    this.#disposed = true;
    this.#close();
  }
}

/** What the registry keeps for each resource: plain data, never the resource. */
interface Holdings {
  name: string;
  handle: number;
}

/** Opens resources and reports the ones that were collected undisposed. */
export class LeakDetector {
  readonly #library: HandleLibrary;
  readonly #leaks: string[] = [];
  readonly #registry: FinalizationRegistry<Holdings>;

  /** Opens its resources' handles in `library`. */
  constructor(library: HandleLibrary) {
    this.#library = library;
    // The callback reaches the detector (for the report and the library),
    // never a resource: it only gets the plain holdings.
    this.#registry = new FinalizationRegistry(({ name, handle }) => {
      this.#leaks.push(name);
      this.#library.close(handle); // the backstop: late, but better than never
    });
  }

  /** Opens a handle and wraps it in a resource named `name`. */
  open(name: string): Resource {
    const handle = this.#library.open();
    const token = {};
    const resource = new Resource(name, handle, () => {
      this.#registry.unregister(token);
      this.#library.close(handle);
    });
    this.#registry.register(resource, { name, handle }, token);
    return resource;
  }

  /** Names of resources collected without being disposed, oldest first. */
  get leaks(): string[] {
    return [...this.#leaks];
  }
}
