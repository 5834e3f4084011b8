/**
 * The course's one file watcher: it watches folders and single files, waits
 * until a burst of saves is over, and hands over the paths that changed in
 * that burst, once. The callback never runs twice at a time: what changes
 * while it runs is handed over in one batch after it. Files are watched
 * through their folder, so that an editor that saves by writing a temporary
 * file and renaming it over the original is followed save after save.
 *
 * ```ts
 * import { watchFiles } from "./watch.ts";
 *
 * const folder = await Deno.makeTempDir();
 * const { promise: seen, resolve } = Promise.withResolvers<string[]>();
 * await using _watch = watchFiles([folder], { onChange: resolve });
 * await Deno.writeTextFile(`${folder}/a.ts`, "export {};\n");
 * console.log(await seen); // [".../a.ts"]
 * await Deno.remove(folder, { recursive: true });
 * ```
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { isInside } from "./paths.ts";

/** How long a burst of saves must have been quiet before it is handed over. */
export const DEBOUNCE_MS = 100;

/** Options of {@linkcode watchFiles}. */
export interface WatchOptions {
  /** Called with the paths changed in one burst, sorted; awaited before the next call. */
  onChange: (paths: string[]) => void | Promise<void>;
  /** The quiet time that ends a burst, in milliseconds ({@linkcode DEBOUNCE_MS} by default). */
  debounceMs?: number | undefined;
  /** Called when `onChange` throws or rejects (the error is dropped by default). */
  onError?: (error: unknown) => void;
}

/** A running watch; disposing it stops it. */
export interface FileWatch extends AsyncDisposable {
  /** Stops watching, drops what was not handed over, and waits for a running `onChange`. */
  close(): Promise<void>;
}

/**
 * Watches `paths`: a folder with everything below it, a file by itself (also
 * one that does not exist yet, when its folder does). Paths that exist in
 * neither way are left out. The watch is in place when this returns.
 */
export function watchFiles(paths: string[], options: WatchOptions): FileWatch {
  const { onChange, debounceMs = DEBOUNCE_MS, onError = () => {} } = options;
  const { folders, files } = sortPaths(paths);
  const wanted = (path: string) =>
    files.has(path) ||
    folders.some((folder) => isInside(folder, path));
  const watchers = openWatchers(folders, files);

  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const flush = async () => {
    timer = undefined;
    // A batch under way: what came meanwhile waits for it to end.
    if (running || closed || pending.size === 0) return;
    const batch = [...pending].sort();
    pending.clear();
    running = (async () => {
      try {
        await onChange(batch);
      } catch (error) {
        onError(error);
      }
    })();
    await running;
    running = undefined;
    // Changes that came while it ran, and whose burst is already over.
    if (timer === undefined) await flush();
  };

  const loops = watchers.map(async (watcher) => {
    for await (const event of watcher) {
      if (event.kind === "access") continue;
      const changed = event.paths.filter(wanted);
      if (changed.length === 0) continue;
      for (const path of changed) pending.add(path);
      clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    }
  });

  const close = async () => {
    if (closed) return;
    closed = true;
    for (const watcher of watchers) watcher.close();
    clearTimeout(timer);
    timer = undefined;
    pending.clear();
    await Promise.all(loops);
    await running;
  };
  return { close, [Symbol.asyncDispose]: close };
}

/** Splits `paths` into folders and single files, leaving out what is neither. */
function sortPaths(paths: string[]): { folders: string[]; files: Set<string> } {
  const folders: string[] = [];
  const files = new Set<string>();
  for (const path of paths.map((path) => resolve(path))) {
    const kind = kindOf(path);
    if (kind === "folder") folders.push(path);
    else if (kind === "file" || kindOf(dirname(path)) === "folder") {
      files.add(path);
    }
  }
  return { folders, files };
}

/** One watcher for the folders, and one for the folders of the single files. */
function openWatchers(folders: string[], files: Set<string>): Deno.FsWatcher[] {
  const watchers: Deno.FsWatcher[] = [];
  if (folders.length) watchers.push(Deno.watchFs(folders));
  const parents = [...new Set([...files].map((file) => dirname(file)))];
  if (parents.length) {
    watchers.push(Deno.watchFs(parents, { recursive: false }));
  }
  return watchers;
}

function kindOf(path: string): "file" | "folder" | undefined {
  try {
    return Deno.statSync(path).isDirectory ? "folder" : "file";
  } catch {
    return undefined;
  }
}
