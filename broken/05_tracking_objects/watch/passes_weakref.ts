// Broken on purpose: calls onTick with the WeakRef instead of the target.

export type Stop = () => void;

export function watch<T extends object>(
  target: T,
  onTick: (target: T) => void,
  ms: number,
): Stop {
  const ref = new WeakRef(target);
  const id = setInterval(() => {
    if (ref.deref() === undefined) {
      clearInterval(id);
      return;
    }
    onTick(ref as unknown as T);
  }, ms);
  return () => clearInterval(id);
}
