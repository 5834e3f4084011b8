/**
 * # Watch while it lives
 *
 * A server keeps a `Session` object per signed-in user. A monitor should
 * report on each session every few seconds, for as long as the session
 * exists, but the monitor must not be the reason a session stays in memory:
 * when the rest of the program lets go of a session, its monitor has to stop
 * by itself.
 *
 * Implement `watch(target, onTick, ms)`:
 * - start one interval with `setInterval(..., ms)`;
 * - on each tick, if the target is still alive, call `onTick` with it (the
 *   target itself, not a `WeakRef`);
 * - once the target has been collected, clear the interval with
 *   `clearInterval`, so no timer is left running;
 * - return a function that stops the watcher early by clearing the interval.
 *
 * The interval's callback must not reach the target through any strong
 * reference: not through the `target` parameter, not through a variable that
 * holds it.
 *
 * ```ts ignore
 * const session = new Session("ada");
 * const stop = watch(session, (s) => console.log(s.user, s.idleSeconds()), 5000);
 * // ...every 5 s: "ada 12", "ada 17", ...
 * // Once nothing else holds the session and it has been collected, the
 * // interval is cleared and the logging stops. Or stop it yourself:
 * stop();
 * ```
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
  // TODO: wrap the target in a WeakRef, start an interval whose callback
  // reaches the target only through that WeakRef, and clear the interval
  // once the WeakRef is empty. Return a function that clears it too.
  return () => {};
}
