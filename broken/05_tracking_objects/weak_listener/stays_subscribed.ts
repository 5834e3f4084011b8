// Broken on purpose: ignores events once the subscriber is gone but never removes its listener.

export type Unsubscribe = () => void;

export function addWeakListener(
  target: EventTarget,
  type: string,
  subscriber: EventListenerObject,
): Unsubscribe {
  const ref = new WeakRef(subscriber);
  function forward(event: Event): void {
    ref.deref()?.handleEvent(event);
  }
  target.addEventListener(type, forward);
  return () => target.removeEventListener(type, forward);
}
