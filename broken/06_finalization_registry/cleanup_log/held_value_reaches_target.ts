// Broken on purpose: the held value contains the target, so the registry keeps every target alive forever.

/** What trackCleanup returns. */
export interface CleanupTracker {
  track(target: object, label: string): void;
  readonly log: string[];
}

/** Creates a tracker whose held values reach their targets. */
export function trackCleanup(): CleanupTracker {
  const log: string[] = [];
  const registry = new FinalizationRegistry<{ label: string; target: object }>(
    (held) => {
      log.push(held.label);
    },
  );
  return {
    track(target: object, label: string): void {
      registry.register(target, { label, target });
    },
    log,
  };
}
