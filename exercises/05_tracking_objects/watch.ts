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
 * - start one interval with `setInterval(..., ms)`: the first tick comes `ms`
 *   milliseconds after the call, then one every `ms` milliseconds;
 * - on each tick, if the target is still alive, call `onTick` with it: the
 *   target itself, the same object every time, not a `WeakRef` or a copy;
 * - once the target has been collected, never call `onTick` again and clear
 *   the interval with `clearInterval`, so that no timer is left running and
 *   nothing the watcher was given, `onTick` included, stays reachable;
 * - return a function that stops this watcher, and only this one, by
 *   clearing its interval (not by skipping ticks); calling it again does
 *   nothing.
 *
 * Nothing the interval's callback can reach may lead back to the target: not
 * the `target` parameter, not a variable that keeps what `deref()` returned
 * from one tick to the next, not a list of everything ever watched.
 *
 * Do not catch what `onTick` throws. An error from it is an uncaught error in
 * a timer callback, reported like any other (Deno ends the program unless an
 * "error" listener on `globalThis` calls `preventDefault()`), and the watcher
 * goes on ticking.
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
