// Broken on purpose: every dispose closes the handle again, even a second one.

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
  readonly #library: NativeLibrary;
  readonly #leaks: string[] = [];
  readonly #registry: FinalizationRegistry<Holdings>;

  /** Opens its resources' handles in `library`. */
  constructor(library: NativeLibrary) {
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
