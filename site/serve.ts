/**
 * `deno task serve`: builds the site, serves `_site/` at
 * http://localhost:3000 (or the next free port) with live reload, and builds
 * again when a lesson, an exercise, a solution, `course.json` or a template
 * changes.
 *
 * @module
 */

import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { build, REPO_ROOT } from "./build.ts";

/** Options of {@linkcode serve}. */
export interface ServeOptions {
  /** The course folder. Defaults to this repository. */
  root?: string;
  /** The first port to try. Defaults to 3000. */
  port?: number;
}

/** Builds, serves and rebuilds on change until the process ends. */
export async function serve(options: ServeOptions = {}): Promise<void> {
  const root = options.root ?? REPO_ROOT;
  const port = options.port ?? 3000;
  const first = await build({ root });
  console.log(`Built the site in ${first.timings.total} ms`);

  const server = EleventyDevServer.getServer("course", first.outDir, {
    port,
    domDiff: false,
    logger: { info: console.log, log: () => {}, error: console.error },
  });
  server.serve(port);

  const watched = ["lessons", "exercises", "solutions", "course.json", "site"]
    .map((name) => join(root, name));
  const watcher = Deno.watchFs(watched, { recursive: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let building = Promise.resolve();
  for await (const event of watcher) {
    const paths = event.paths.filter((path) => !/_test\.ts$|~$/.test(path));
    if (paths.length === 0 || event.kind === "access") continue;
    clearTimeout(timer);
    timer = setTimeout(() => {
      building = building.then(async () => {
        try {
          const result = await build({ root });
          console.log(
            `Rebuilt after a change to ${
              relative(root, paths[0])
            } in ${result.timings.total} ms`,
          );
          server.reload({ files: paths });
        } catch (error) {
          console.error(`Build failed: ${(error as Error).message}`);
        }
      });
    }, 150);
  }
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: { port: { type: "string", default: "3000" } },
  });
  await serve({ port: Number(args.values.port) });
}
