/**
 * Builds the course website: Eleventy renders the pages into `_site/`, then
 * Pagefind indexes them for search.
 *
 * `deno task build` runs this module. Other tools (a live server, the
 * benchmarks, the tests) call {@linkcode build} and serve or measure the
 * folder it returns.
 *
 * @module
 */

import { join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Eleventy from "@11ty/eleventy";
import * as pagefind from "pagefind";
import { siteConfig } from "./_config.ts";

/** Options of {@linkcode build}. */
export interface BuildOptions {
  /** The course folder, the one that holds `course.json`. Defaults to this repository. */
  root?: string;
  /** Where to write the site. Defaults to `_site/` in `root`. */
  outDir?: string;
  /** Index the pages for search with Pagefind. Defaults to true. */
  search?: boolean;
}

/** What {@linkcode build} did, and how long each step took. */
export interface BuildResult {
  /** Absolute path of the folder that holds the site. */
  outDir: string;
  /** Number of pages written. */
  pages: number;
  /** Milliseconds spent: rendering pages, indexing for search, in total. */
  timings: { render: number; search: number; total: number };
}

/** The site's sources: the folder this module is in. */
export const SITE_DIR: string = resolve(
  fileURLToPath(new URL(".", import.meta.url)),
);

/** The repository this module belongs to. */
export const REPO_ROOT: string = resolve(
  fileURLToPath(new URL("..", import.meta.url)),
);

const DEFAULTS = {
  root: REPO_ROOT,
  outDir: "",
  search: true,
} satisfies Required<BuildOptions>;

/** Builds the site and returns where it is, with timings. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const merged: Required<BuildOptions> = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  const root = resolve(merged.root);
  const outDir = resolve(merged.outDir || join(root, "_site"));
  const started = performance.now();

  if (root === outDir || root.startsWith(outDir + sep) || outDir === SITE_DIR) {
    throw new Error(
      `The site cannot be written to "${outDir}": it holds the course itself`,
    );
  }
  await Deno.remove(outDir, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  const eleventy = new Eleventy(SITE_DIR, outDir, {
    quietMode: true,
    config: siteConfig({ root, outDir, siteDir: SITE_DIR }),
  });
  const written = await eleventy.write() as { results?: unknown[] } | unknown;
  const pages = countPages(written);
  const rendered = performance.now();

  if (merged.search) await indexForSearch(outDir);
  const finished = performance.now();

  return {
    outDir,
    pages,
    timings: {
      render: Math.round(rendered - started),
      search: Math.round(finished - rendered),
      total: Math.round(finished - started),
    },
  };
}

function countPages(written: unknown): number {
  // Eleventy returns one entry per output file, passthrough copies included.
  const entries = Array.isArray(written) ? written.flat(2) : [];
  return entries.filter((entry) =>
    typeof entry?.outputPath === "string" && entry.outputPath.endsWith(".html")
  ).length;
}

async function indexForSearch(outDir: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join(", ")}`);
  const added = await index.addDirectory({ path: outDir });
  if (added.errors.length) {
    throw new Error(`Pagefind could not index: ${added.errors.join(", ")}`);
  }
  const files = await index.writeFiles({
    outputPath: join(outDir, "pagefind"),
  });
  if (files.errors.length) {
    throw new Error(`Pagefind could not write: ${files.errors.join(", ")}`);
  }
  await pagefind.close();
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: {
      root: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const result = await build({
    root: args.values.root,
    outDir: args.values.out,
  });
  if (args.values.json) {
    console.log(JSON.stringify(result));
    Deno.exit(0);
  }
  console.log(
    `Built ${result.pages} pages into ${result.outDir} in ${result.timings.total} ms ` +
      `(pages ${result.timings.render} ms, search index ${result.timings.search} ms)`,
  );
}
