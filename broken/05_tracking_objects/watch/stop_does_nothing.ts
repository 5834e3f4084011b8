// Broken on purpose: the returned stop function leaves the interval running.

export type Stop = () => void;

export function watch<T extends object>(
  target: T,
  onTick: (target: T) => void,
  ms: number,
): Stop {
  const ref = new WeakRef(target);
  let stopped = false;
  const id = setInterval(() => {
    const current = ref.deref();
    if (current === undefined) {
      clearInterval(id);
      return;
    }
    if (!stopped) onTick(current);
  }, ms);
  return () => {
    stopped = true; // onTick stops, but the interval keeps firing
  };
}
