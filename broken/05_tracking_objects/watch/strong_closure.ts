// Broken on purpose: the interval's callback uses the target parameter, so the watcher keeps its target alive.

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
    onTick(target); // this closure reaches the target strongly
  }, ms);
  return () => clearInterval(id);
}
