// Broken on purpose: holds a bound handleEvent weakly; only the WeakRef reaches it, so it can go while the subscriber lives.

export type Unsubscribe = () => void;

export function addWeakListener(
  target: EventTarget,
  type: string,
  subscriber: EventListenerObject,
): Unsubscribe {
  const ref = new WeakRef(subscriber.handleEvent.bind(subscriber));
  function forward(event: Event): void {
    const handler = ref.deref();
    if (handler === undefined) {
      target.removeEventListener(type, forward);
      return;
    }
    handler(event);
  }
  target.addEventListener(type, forward);
  return () => target.removeEventListener(type, forward);
}
