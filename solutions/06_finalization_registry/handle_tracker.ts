/**
 * Reference solution for "Report forgotten handles".
 *
 * One registry per tracker. Each handle is registered with its name as the
 * held value (a string, which cannot reach the handle) and with the handle
 * itself as the unregister token. The registry holds tokens weakly, so using
 * the target as its own token does not keep it alive. A token per handle, not
 * one per tracker or per name, is what makes `close()` unregister that handle
 * and no other.
 *
 * Nothing refers to the tracker object: a handle reaches the registry and
 * `leaked` (through `close()` and the registry's callback), so it can still
 * be closed, or reported, after the caller has dropped the tracker.
 *
 * `close()` returns what `unregister()` returns: `true` when a registration
 * was removed, `false` when there was none left, which is exactly "closed
 * just now" versus "already closed". The `closed` flag is kept beside it for
 * readers of the handle.
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
  const registry = new FinalizationRegistry<string>((name) => {
    leaked.push(name);
  });
  return {
    open(name: string): Handle {
      const handle = {
        name,
        closed: false,
        close(): boolean {
          // `handle` is reachable here (we are running its method), so its
          // registration is still in the registry on the first call.
          const unregistered = registry.unregister(handle);
          handle.closed = true;
          return unregistered;
        },
      };
      registry.register(handle, name, handle);
      return handle;
    },
    leaked,
  };
}
