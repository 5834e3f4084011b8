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
import { exampleError } from "./_outputs.ts";
import { runMain } from "../course/main.ts";

/** Options of {@linkcode build}. */
export interface BuildOptions {
  /** The course folder, the one that holds `course.json`. Defaults to this repository. */
  root?: string | undefined;
  /** Where to write the site. Defaults to `_site/` in `root`. */
  outDir?: string | undefined;
  /** The site's sources: templates, styles, scripts. Defaults to {@linkcode SITE_DIR}. */
  siteDir?: string | undefined;
  /** Index the pages for search with Pagefind. Defaults to true. */
  search?: boolean;
  /** Stops the build: the search indexer is ended and the build rejects. */
  signal?: AbortSignal;
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

/** Builds the site and returns where it is, with timings. */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const { search = true, signal } = options;
  const root = resolve(options.root ?? REPO_ROOT);
  const outDir = resolve(options.outDir || join(root, "_site"));
  const siteDir = resolve(options.siteDir ?? SITE_DIR);
  const started = performance.now();

  if (root === outDir || root.startsWith(outDir + sep) || outDir === siteDir) {
    throw new Error(
      `The site cannot be written to "${outDir}": it holds the course itself`,
    );
  }
  await Deno.remove(outDir, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  const eleventy = new Eleventy(siteDir, outDir, {
    quietMode: true,
    config: siteConfig({ root, outDir, siteDir, signal }),
  });
  const written = await eleventy.write().catch((error: unknown) => {
    // A failed example is named as such, not as a page that could not be written.
    throw exampleError(error) ?? error;
  }) as { results?: unknown[] } | unknown;
  const pages = countPages(written);
  const rendered = performance.now();

  signal?.throwIfAborted();
  if (search) await indexForSearch(outDir, signal);
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

/** Runs Pagefind's indexer (a child process) and always ends it. */
async function indexForSearch(
  outDir: string,
  signal?: AbortSignal,
): Promise<void> {
  const stop = () => pagefind.close();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) {
      throw new Error(`Pagefind could not start: ${errors.join(", ")}`);
    }
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
  } finally {
    signal?.removeEventListener("abort", stop);
    await pagefind.close();
  }
  signal?.throwIfAborted();
}

/** `deno task build` with its command-line arguments; returns the exit code. */
export async function main(
  args: string[],
  signal: AbortSignal,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      root: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  let result: BuildResult;
  try {
    result = await build({ root: values.root, outDir: values.out, signal });
  } catch (error) {
    if (!signal.aborted) throw error;
    console.log("Stopped before the site was built.");
    return 130;
  }
  if (values.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log(
    `Built ${result.pages} pages into ${result.outDir} in ${result.timings.total} ms ` +
      `(pages ${result.timings.render} ms, search index ${result.timings.search} ms)`,
  );
  return 0;
}

if (import.meta.main) {
  await runMain((signal) => main(Deno.args, signal));
}
