/**
 * Whether a path lies inside a folder: the one test every reader and writer
 * of the course uses before it touches a path it was given.
 *
 * @module
 */

import { sep } from "node:path";

/**
 * Whether `path` (absolute, normalised) is `folder` itself or lies inside
 * it. A sibling whose name starts with the folder's (`/a/course-evil` for
 * `/a/course`) is outside.
 */
export function isInside(folder: string, path: string): boolean {
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  return path === folder || path.startsWith(prefix);
}
