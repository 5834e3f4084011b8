// Broken on purpose: once the target is gone it skips onTick, but never clears the interval.

export type Stop = () => void;

export function watch<T extends object>(
  target: T,
  onTick: (target: T) => void,
  ms: number,
): Stop {
  const ref = new WeakRef(target);
  const id = setInterval(() => {
    const current = ref.deref();
    if (current !== undefined) onTick(current);
  }, ms);
  return () => clearInterval(id);
}
