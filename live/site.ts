/**
 * The site that `deno task start` serves: built into a temporary folder,
 * built again into a new one when a source changes (the old one stays up
 * until the new one is ready, and stays up if the build fails), built again
 * when its folder disappears, and removed when the course stops.
 *
 * @module
 */

import { relative, sep } from "node:path";
import { build, REPO_ROOT } from "../site/build.ts";
import { loadSiteCourse } from "../site/_course.ts";

const PREFIX = "course_live_site_";

/** Options of {@linkcode createLiveSite}. */
export interface LiveSiteOptions {
  /** The course folder. */
  root: string;
  /** The site's sources (the default of {@linkcode build} otherwise). */
  siteDir?: string | undefined;
  /** Called with the new folder each time a build replaces the site. */
  onSwap?: (dir: string) => void;
  /** Where progress and failures are told. */
  log: (line: string) => void;
}

/** The served site. */
export interface LiveSite {
  /** The folder being served now. */
  dir(): string;
  /** Builds the first site; rejects when it cannot be built. */
  build(): Promise<void>;
  /** Builds again after `changed` (absolute paths); the builds run one at a time. */
  rebuild(changed: string[]): Promise<void>;
  /** Builds again only if what the pages show of the course changed (a save in `exercises/`). */
  rebuildIfShown(changed: string[]): Promise<void>;
  /** Builds again if the folder has gone; concurrent callers share one build. */
  restore(): Promise<void>;
  /** Waits for a build under way and removes the folder. */
  close(): Promise<void>;
}

/** Returns the site of the course at `root`, not built yet. */
export function createLiveSite(options: LiveSiteOptions): LiveSite {
  const { root, siteDir, onSwap = () => {}, log } = options;
  let dir = "";
  let shown = "";
  let queue = Promise.resolve();
  let restoring: Promise<void> | undefined;
  let closed = false;

  // Builds into a new folder; on success it becomes the site.
  const buildNew = async () => {
    const next = await Deno.makeTempDir({ prefix: PREFIX });
    try {
      const seen = await fingerprint(root);
      const result = await build({ root, siteDir, outDir: next });
      if (closed) throw new Error("Stopped");
      const old = dir;
      dir = next;
      shown = seen;
      if (old) {
        onSwap(next);
        await Deno.remove(old, { recursive: true }).catch(() => {});
      }
      return result.timings.total;
    } catch (error) {
      await Deno.remove(next, { recursive: true }).catch(() => {});
      throw error;
    }
  };

  const enqueue = (why: () => Promise<string | undefined>) => {
    const run = queue.then(async () => {
      if (closed) return;
      const reason = await why();
      if (reason === undefined) return;
      try {
        const ms = await buildNew();
        log(`Rebuilt the site after ${reason} in ${ms} ms`);
      } catch (error) {
        if (closed) return;
        log(
          `The site could not be built again: ${
            (error as Error).message
          }. The previous pages stay up.`,
        );
      }
    });
    queue = run;
    return run;
  };

  // Course files relative to the course, the site's own sources to this repository.
  const changeOf = (changed: string[]) =>
    `a change to ${
      changed.map((path) =>
        relative(path.startsWith(root + sep) ? root : REPO_ROOT, path)
      ).join(", ")
    }`;

  return {
    dir: () => dir,
    async build() {
      await buildNew();
    },
    rebuild: (changed) => enqueue(() => Promise.resolve(changeOf(changed))),
    rebuildIfShown: (changed) =>
      enqueue(async () =>
        (await fingerprint(root).catch(() => shown)) === shown
          ? undefined
          : changeOf(changed)
      ),
    restore() {
      restoring ??= enqueue(async () =>
        await Deno.stat(dir).then(
          () => undefined,
          () => "its folder was removed",
        )
      ).finally(() => restoring = undefined);
      return restoring;
    },
    async close() {
      closed = true;
      await queue;
      if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** What the pages show of the course, to tell whether a save changes them. */
async function fingerprint(root: string): Promise<string> {
  return JSON.stringify(await loadSiteCourse(root));
}
