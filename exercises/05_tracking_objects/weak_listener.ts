/**
 * # Listen without holding on
 *
 * A chat `Connection` is an `EventTarget` that lives as long as the socket is
 * open. Panels come and go: each one listens for "message" events while it
 * is on screen. A plain `connection.addEventListener("message", panel)` lets
 * the connection hold every panel that ever subscribed, so a closed panel is
 * never collected unless someone remembers to unsubscribe.
 *
 * Implement `addWeakListener(target, type, subscriber)`. The subscriber is an
 * object with a `handleEvent(event)` method (the same shape `addEventListener`
 * accepts). Register a listener of your own with
 * `target.addEventListener(type, ...)` that:
 * - while the subscriber is alive, calls `subscriber.handleEvent(event)` as a
 *   method (the subscriber is `this`), with the very event that was
 *   dispatched, during `dispatchEvent` like any listener, and only for events
 *   of `type`;
 * - reaches the subscriber only through a `WeakRef` to the subscriber object,
 *   so that the subscription does not keep it alive;
 * - removes itself from `target` the first time an event arrives after the
 *   subscriber was collected.
 *
 * Return a function that removes the listener from `target`. Calling it
 * again does nothing; calling it after the subscriber was collected removes
 * the listener if no event has done so yet.
 *
 * Each call makes a subscription of its own: several subscribers on one
 * target each get every event once, in the order they subscribed (among the
 * target's other listeners), and unsubscribing one leaves the others alone.
 * Keep no record of targets or subscribers outside the listener: a program
 * that drops a target and its subscribers must see both collected.
 *
 * Do not catch what `handleEvent` throws: the event target reports it as it
 * reports an error from any listener, goes on with its other listeners, and
 * the subscription stays.
 *
 * Do not hold a function weakly instead of the subscriber: a bound or arrow
 * function that only a `WeakRef` reaches can be collected while the subscriber
 * is still alive, and the events would silently stop.
 *
 * ```ts ignore
 * class ChatPanel {
 *   lines: string[] = [];
 *   handleEvent(event: Event) {
 *     this.lines.push((event as MessageEvent).data);
 *   }
 * }
 * const panel = new ChatPanel();
 * const unsubscribe = addWeakListener(connection, "message", panel);
 * connection.dispatchEvent(new MessageEvent("message", { data: "hi" }));
 * panel.lines; // ["hi"]
 * unsubscribe();
 * ```
 *
 * @module
 */

/** Removes a weak listener; calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * Subscribes `subscriber.handleEvent` to `type` events on `target` without
 * keeping the subscriber alive.
 */
export function addWeakListener(
  target: EventTarget,
  type: string,
  subscriber: EventListenerObject,
): Unsubscribe {
  // TODO: register a function of your own with target.addEventListener. It
  // should reach the subscriber only through a WeakRef, call handleEvent on
  // it while it lives, and remove itself once it is gone.
  return () => {};
}
