// Broken on purpose: calls handleEvent as a plain function, so `this` is not the subscriber.

export type Unsubscribe = () => void;

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
    const handle = current.handleEvent;
    handle(event);
  }
  target.addEventListener(type, forward);
  return () => target.removeEventListener(type, forward);
}
