/**
 * Reference solution for "Watch while it lives".
 *
 * The target is wrapped in a `WeakRef` before the interval starts, and the
 * interval's callback closes over that `WeakRef` and the interval id only:
 * nothing it can reach leads back to the target. Each tick dereferences once;
 * an empty `WeakRef` means the target was collected, so the watcher clears its
 * own interval. The stop function clears the same id; clearing an interval
 * twice is harmless. It is made in a function of its own: closures made in
 * one scope share one context in V8, so a stop function written inside
 * `watch` would keep `onTick` (which the tick callback uses) alive for as
 * long as the caller keeps the stop function, target or no target.
 *
 * @module
 */

/** Stops a watcher; calling it again does nothing. */
export type Stop = () => void;

/**
 * Calls `onTick(target)` every `ms` milliseconds for as long as `target` is
 * alive, without keeping it alive; clears its interval once it is collected.
 */
export function watch<T extends object>(
  target: T,
  onTick: (target: T) => void,
  ms: number,
): Stop {
  const ref = new WeakRef(target);
  const id = setInterval(() => {
    const current = ref.deref();
    if (current === undefined) {
      clearInterval(id);
      return;
    }
    onTick(current);
  }, ms);
  return stopper(id);
}

/** A stop function that can reach the interval id and nothing else. */
function stopper(id: ReturnType<typeof setInterval>): Stop {
  return () => clearInterval(id);
}
