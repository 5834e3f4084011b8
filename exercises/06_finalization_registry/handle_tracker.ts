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
 *   registers it. Every call makes a new handle, even for a name already in
 *   use;
 * - `leaked`: the names of handles that were collected without being closed,
 *   in the order the registry reported them, oldest first (each new name goes
 *   at the end). It starts empty and is the same array every time you read
 *   it.
 *
 * A `Handle` has a `name` (exactly the string given to `open()`: any string,
 * even an empty one, and several handles may share one), a `closed` flag
 * (`false` until the handle is closed), and `close()`: the first call closes
 * the handle, unregisters it and returns `true`; later calls change nothing
 * and return `false`. `unregister(token)` returns exactly that boolean:
 * `true` if something was unregistered. Closing a handle unregisters that
 * handle only, never another one, not even one with the same name.
 *
 * Each forgotten handle is reported once, and a closed one never. The tracker
 * keeps nothing alive that the caller has let go of: not a handle, open or
 * closed, and not the tracker itself, which can be collected once the caller
 * drops it, even while one of its handles is still in use (that handle can
 * still be closed).
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
