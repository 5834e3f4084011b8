/**
 * # Keep a cleanup log
 *
 * A `FinalizationRegistry` calls its cleanup callback, at some point after a
 * registered target has been collected, with the held value that was given
 * when the target was registered. Use one to keep a log of which tracked
 * objects have gone.
 *
 * Implement `trackCleanup()`. It returns a tracker with:
 * - `track(target, label)`: watch `target`; once it has been collected and
 *   the registry's callback has run, `label` appears in `log`;
 * - `log`: the labels of the collected targets, in the order the callbacks
 *   ran (the same array every time you read it).
 *
 * Tracking must not keep a target alive, and the callbacks must actually
 * arrive: think about what keeps your registry reachable.
 *
 * ```ts ignore
 * const tracker = trackCleanup();
 * let session: object | null = { user: "ada" };
 * tracker.track(session, "session of ada");
 * session = null;
 * // ...after a collection and a later task:
 * tracker.log; // ["session of ada"]
 * ```
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
  // TODO: create a FinalizationRegistry whose callback pushes the held value
  // into `log`, and register each tracked target with its label.
  return {
    track(target: object, label: string): void {
    },
    log,
  };
}
