/**
 * Shows the course's commands the way this learner can run them: as
 * `deno task …` where Deno is on the search path, otherwise through npm
 * (`npx --yes deno@<version> task …`), which fetches Deno by itself.
 *
 * @module
 */

import { delimiter, join } from "node:path";
import { denoVersion } from "./constants.ts";

/** How the course's commands are run on this machine. */
export type Runner = "deno" | "npx";

/** The prefix that runs a `deno task` through npm. */
export const npxPrefix = `npx --yes deno@${denoVersion}`;

/** The one-line way to put Deno on the search path. */
export const installHint = `npm install -g deno@${denoVersion}`;

let detected: Runner | undefined;

/**
 * Whether `deno` can be run by name here. A Deno that npx fetched is run
 * through npm, whatever the search path says (npx puts its own `deno` on
 * it, for its child processes only). Otherwise reads the search path once;
 * where it cannot be read, assumes npm, whose form works everywhere.
 */
export function runner(): Runner {
  if (detected) return detected;
  if (/[\\/]_npx[\\/]/.test(Deno.execPath())) return detected = "npx";
  let path = "";
  try {
    path = Deno.env.get("PATH") ?? "";
  } catch {
    // Not allowed to read it: the npm form works everywhere.
  }
  const found = path.split(delimiter).some((dir) => {
    try {
      const info = Deno.statSync(join(dir, "deno"));
      return dir !== "" && info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
    } catch {
      return false;
    }
  });
  detected = found ? "deno" : "npx";
  return detected;
}

/** A `deno task` command line as this learner can run it, e.g. `task("grade 3")`. */
export function task(args: string, using: Runner = runner()): string {
  return `${using === "deno" ? "deno" : npxPrefix} task ${args}`;
}
