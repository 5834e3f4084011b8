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
 *   the registry's callback has run, `label` appears in `log`. Each call is
 *   a registration of its own: a target tracked twice is logged twice, once
 *   under each label;
 * - `log`: the labels of the collected targets, in the order the callbacks
 *   ran, oldest first (each new label goes at the end). It starts empty and
 *   is the same array every time you read it.
 *
 * A label is any string, logged exactly as given: it may be empty, and
 * several targets may share one. A label is logged once per collected
 * target, and never for a target that is still in use.
 *
 * Tracking must keep nothing alive that the caller has let go of: not a
 * tracked target, and not the tracker itself. Once the caller drops a
 * tracker, the tracker and its log can be collected, even while targets it
 * tracked are still in use. And the callbacks must actually arrive while the
 * tracker is in use: think about what keeps your registry reachable.
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
