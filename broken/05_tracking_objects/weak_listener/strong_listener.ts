// Broken on purpose: registers the subscriber itself, so the target keeps it alive.

export type Unsubscribe = () => void;

export function addWeakListener(
  target: EventTarget,
  type: string,
  subscriber: EventListenerObject,
): Unsubscribe {
  target.addEventListener(type, subscriber);
  return () => target.removeEventListener(type, subscriber);
}
