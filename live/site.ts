/**
 * The site that `deno task start` serves: built into a temporary folder,
 * built again into a new one when a source changes (the old one stays up
 * until the new one is ready, and stays up if the build fails), built again
 * when its folder disappears, and removed when the course stops.
 *
 * @module
 */

import { relative } from "node:path";
import { isInside } from "../course/mod.ts";
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
  return new RebuiltSite(options);
}

/** A site built into a temporary folder, and built again one build at a time. */
class RebuiltSite implements LiveSite {
  readonly #options: LiveSiteOptions;
  #dir = "";
  #shown = "";
  #queue = Promise.resolve();
  #restoring: Promise<void> | undefined;
  #closed = false;

  constructor(options: LiveSiteOptions) {
    this.#options = options;
  }

  dir(): string {
    return this.#dir;
  }

  async build(): Promise<void> {
    await this.#buildNew();
  }

  rebuild(changed: string[]): Promise<void> {
    return this.#enqueue(() => Promise.resolve(this.#changeOf(changed)));
  }

  rebuildIfShown(changed: string[]): Promise<void> {
    return this.#enqueue(async () =>
      (await fingerprint(this.#options.root).catch(() => this.#shown)) ===
          this.#shown
        ? undefined
        : this.#changeOf(changed)
    );
  }

  restore(): Promise<void> {
    this.#restoring ??= this.#enqueue(async () =>
      await Deno.stat(this.#dir).then(
        () => undefined,
        () => "its folder was removed",
      )
    ).finally(() => this.#restoring = undefined);
    return this.#restoring;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    if (this.#dir) {
      await Deno.remove(this.#dir, { recursive: true }).catch(() => {});
    }
  }

  /** Builds into a new folder, which becomes the site; returns the milliseconds taken. */
  async #buildNew(): Promise<number> {
    const { root, siteDir, onSwap = () => {} } = this.#options;
    const next = await Deno.makeTempDir({ prefix: PREFIX });
    try {
      const seen = await fingerprint(root);
      const result = await build({ root, siteDir, outDir: next });
      if (this.#closed) throw new Error("Stopped");
      const old = this.#dir;
      this.#dir = next;
      this.#shown = seen;
      if (old) {
        onSwap(next);
        await Deno.remove(old, { recursive: true }).catch(() => {});
      }
      return result.timings.total;
    } catch (error) {
      await Deno.remove(next, { recursive: true }).catch(() => {});
      throw error;
    }
  }

  /** Builds again after the builds queued before, if `why` gives a reason. */
  #enqueue(why: () => Promise<string | undefined>): Promise<void> {
    const { log } = this.#options;
    const run = this.#queue.then(async () => {
      if (this.#closed) return;
      const reason = await why();
      if (reason === undefined) return;
      try {
        const ms = await this.#buildNew();
        log(`Rebuilt the site after ${reason} in ${ms} ms`);
      } catch (error) {
        if (this.#closed) return;
        log(
          `The site could not be built again: ${
            (error as Error).message
          }. The previous pages stay up.`,
        );
      }
    });
    this.#queue = run;
    return run;
  }

  /** Course files relative to the course, the site's own sources to this repository. */
  #changeOf(changed: string[]): string {
    const { root } = this.#options;
    return `a change to ${
      changed.map((path) =>
        relative(isInside(root, path) ? root : REPO_ROOT, path)
      ).join(", ")
    }`;
  }
}

/** What the pages show of the course, to tell whether a save changes them. */
async function fingerprint(root: string): Promise<string> {
  return JSON.stringify(await loadSiteCourse(root));
}
