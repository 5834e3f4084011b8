/**
 * # Report forgotten handles
 *
 * Handles should be closed explicitly. A `FinalizationRegistry` can report
 * the ones that were collected while still open, so that a forgotten
 * `close()` shows up in a log instead of going unnoticed. Closing a handle
 * must unregister it, so that only forgotten handles are reported.
 *
 * Implement `handleTracker()`. It returns a tracker with:
 * - `open(name)`: creates and returns a new open `Handle` with that name and
 *   registers it;
 * - `leaked`: the names of handles that were collected without being closed,
 *   in the order the registry reported them.
 *
 * A `Handle` has a `name`, a `closed` flag, and `close()`: the first call
 * closes the handle, unregisters it and returns `true`; later calls change
 * nothing and return `false`. `unregister(token)` returns exactly that
 * boolean: `true` if something was unregistered.
 *
 * ```ts ignore
 * const tracker = handleTracker();
 * const file = tracker.open("config.json");
 * file.close(); // true
 * file.close(); // false: already closed
 * tracker.open("cache.db"); // never closed, never stored
 * // ...after a collection and a later task:
 * tracker.leaked; // ["cache.db"]
 * ```
 *
 * @module
 */

/** An open resource that should be closed explicitly. */
export interface Handle {
  /** The name given to `open()`. */
  readonly name: string;
  /** Whether `close()` has been called. */
  readonly closed: boolean;
  /** Closes the handle; returns `true` the first time, `false` afterwards. */
  close(): boolean;
}

/** What {@linkcode handleTracker} returns. */
export interface HandleTracker {
  /** Opens a new handle and starts watching it. */
  open(name: string): Handle;
  /** Names of handles collected while still open, in reporting order. */
  readonly leaked: string[];
}

/** Creates a tracker that reports handles collected without `close()`. */
export function handleTracker(): HandleTracker {
  const leaked: string[] = [];
  // TODO: create one FinalizationRegistry that records names in `leaked`.
  return {
    open(name: string): Handle {
      // TODO: register each handle (with a held value that does not reach
      // it, and an unregister token), and unregister it in close().
      const handle = {
        name,
        closed: false,
        close(): boolean {
          handle.closed = true;
          return true;
        },
      };
      return handle;
    },
    leaked,
  };
}
