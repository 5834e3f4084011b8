/**
 * Reference solution for "Keep a cleanup log".
 *
 * One registry for the whole tracker, created once. The closure of `track`
 * holds it, and the tracker holds `track`, so the registry stays reachable as
 * long as the tracker does; a registry that nothing reaches may be collected
 * itself, and then its callbacks never come. Nothing else holds it: a target
 * does not reach the registries it is registered with, so a dropped tracker,
 * its registry and its log can be collected while its targets live on (a
 * registry shared by every tracker, at module level, would have to hold each
 * tracker's log in its held values, and keep it as long as the targets).
 *
 * The held value is the label, a string: it is held strongly until the
 * callback runs, so it must not be (or contain) the target. The callback runs
 * in a later task, once per collected target, and only pushes onto the log.
 *
 * @module
 */

/** What {@linkcode trackCleanup} returns. */
export interface CleanupTracker {
  /** Watches `target`; `label` is logged once it has been collected. */
  track(target: object, label: string): void;
  /** The labels of the collected targets, oldest first. */
  readonly log: string[];
}

/** Creates a tracker that logs the labels of collected targets. */
export function trackCleanup(): CleanupTracker {
  const log: string[] = [];
  const registry = new FinalizationRegistry<string>((label) => {
    log.push(label);
  });
  return {
    track(target: object, label: string): void {
      registry.register(target, label);
    },
    log,
  };
}
