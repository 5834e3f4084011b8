// Broken on purpose: creates a new registry in each track() call and drops it, so no callback ever arrives.

/** What trackCleanup returns. */
export interface CleanupTracker {
  track(target: object, label: string): void;
  readonly log: string[];
}

/** Creates a tracker whose registries are unreachable as soon as track() returns. */
export function trackCleanup(): CleanupTracker {
  const log: string[] = [];
  return {
    track(target: object, label: string): void {
      const registry = new FinalizationRegistry<string>((held) => {
        log.push(held);
      });
      registry.register(target, label);
    },
    log,
  };
}
