/**
 * Writes files only inside the course folder: every folder on the way is
 * checked with `lstat` (a symbolic link is never followed), and a file is
 * replaced by renaming a new one over it, so that a link in its place is
 * replaced, never written through.
 *
 * @module
 */

import { dirname, join, relative } from "node:path";
import { CourseError, isInside } from "../course/mod.ts";

/**
 * Creates `folder` (relative to `root`) and any missing parents, refusing a
 * link or a file anywhere on the way. Returns its absolute path.
 */
export async function ensureFolder(
  root: string,
  folder: string,
): Promise<string> {
  const parts = folder.split(/[\\/]+/).filter((part) => part !== "");
  if (parts.some((part) => part === "..")) {
    throw new CourseError(`Refusing to write outside the course: "${folder}"`);
  }
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    const info = await Deno.lstat(path).catch(() => undefined);
    if (!info) {
      await Deno.mkdir(path).catch((error) => {
        if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      });
      continue;
    }
    if (!info.isDirectory || info.isSymlink) {
      throw new CourseError(
        `"${
          relative(root, path)
        }" should be a folder, but is a link or a file: move it away, then try again`,
      );
    }
  }
  return path;
}

/** What was at a path before it was written. */
export type Previous =
  | { kind: "none" }
  | { kind: "file"; text: string }
  | { kind: "link"; target: string };

/** Reads what is at `path` (relative to `root`) without following a link. */
export async function inspect(root: string, path: string): Promise<Previous> {
  const full = join(root, path);
  const info = await Deno.lstat(full).catch(() => undefined);
  if (!info) return { kind: "none" };
  if (info.isSymlink) {
    return { kind: "link", target: await Deno.readLink(full) };
  }
  if (!info.isFile) {
    throw new CourseError(
      `"${path}" is a folder, not a file: move it away, then try again`,
    );
  }
  return { kind: "file", text: await Deno.readTextFile(full) };
}

/**
 * Writes `text` to `path` (relative to `root`): into a new file beside it,
 * then renamed over it, so that whatever was there (a link too) is replaced.
 */
export async function writeInside(
  root: string,
  path: string,
  text: string,
): Promise<void> {
  const full = join(root, path);
  if (full === root || !isInside(root, full)) {
    throw new CourseError(`Refusing to write outside the course: "${path}"`);
  }
  await inspect(root, path); // refuses a folder in the file's place
  await ensureFolder(root, dirname(path));
  const temporary = `${full}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, text, { createNew: true });
  try {
    await Deno.rename(temporary, full);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/** Keeps a link as a link (at `path` relative to `root`), without reading it. */
export async function writeLink(
  root: string,
  path: string,
  target: string,
): Promise<void> {
  await ensureFolder(root, dirname(path));
  await Deno.symlink(target, join(root, path));
}
