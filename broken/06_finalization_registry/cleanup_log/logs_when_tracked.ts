// Broken on purpose: writes the label into the log as soon as the target is tracked.

/** What trackCleanup returns. */
export interface CleanupTracker {
  track(target: object, label: string): void;
  readonly log: string[];
}

/** Creates a tracker that logs too early. */
export function trackCleanup(): CleanupTracker {
  const log: string[] = [];
  return {
    track(_target: object, label: string): void {
      log.push(label);
    },
    log,
  };
}
