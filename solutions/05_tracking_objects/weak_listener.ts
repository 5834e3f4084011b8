/**
 * Reference solution for "Listen without holding on".
 *
 * The event target holds a small forwarding function strongly, as every
 * listener is held. That function reaches the subscriber only through a
 * `WeakRef` to the subscriber object itself (never to a function: a bound or
 * arrow function that only a `WeakRef` holds may be collected while the
 * subscriber is still alive). Once `deref()` comes back empty, the forwarder
 * removes itself, so the target does not keep a dead listener for ever.
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
  const ref = new WeakRef(subscriber);
  function forward(event: Event): void {
    const current = ref.deref();
    if (current === undefined) {
      target.removeEventListener(type, forward);
      return;
    }
    current.handleEvent(event); // a method call: `this` is the subscriber
  }
  target.addEventListener(type, forward);
  return () => target.removeEventListener(type, forward);
}
