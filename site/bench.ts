/**
 * Figures for the benchmarks: how long a full build takes, and the weight of
 * the heaviest page (its HTML and the CSS and JavaScript it loads; the search
 * index and images excluded).
 *
 * @module
 */

import { dirname, join, relative } from "node:path";
import { REPO_ROOT, SITE_DIR } from "./build.ts";

/** Options of {@linkcode siteFigures}. */
export interface SiteFiguresOptions {
  /** Number of full builds to time. Defaults to 3. */
  runs?: number;
  /** The course folder. Defaults to this repository. */
  root?: string;
}

/** The weight of one page. */
export interface PageWeight {
  /** The page's URL path. */
  path: string;
  /** Bytes of the HTML file. */
  htmlBytes: number;
  /** Bytes of the style sheets it links. */
  cssBytes: number;
  /** Bytes of the scripts it loads at start (not those loaded on demand). */
  jsBytes: number;
}

/** Build times and the heaviest page. */
export interface SiteFigures {
  /** Milliseconds of each full build (pages and search index). */
  buildMs: number[];
  /** The page with the most HTML, CSS and JavaScript. */
  heaviestPage: PageWeight;
  /** The lesson page with the most HTML, CSS and JavaScript. */
  heaviestLessonPage: PageWeight;
}

/** Builds the site `runs` times into a temporary folder and measures it. */
export async function siteFigures(
  options: SiteFiguresOptions = {},
): Promise<SiteFigures> {
  const runs = options.runs ?? 3;
  const outDir = await Deno.makeTempDir({ prefix: "course_site_" });
  try {
    const buildMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      buildMs.push(await timeBuild(outDir, options.root));
    }
    const weights = await pageWeights(outDir);
    const heaviest = (pages: PageWeight[]) =>
      pages.reduce((a, b) => total(b) > total(a) ? b : a);
    return {
      buildMs,
      heaviestPage: heaviest(weights),
      heaviestLessonPage: heaviest(
        weights.filter((page) => page.path.startsWith("/lessons/")),
      ),
    };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

/**
 * Times one full build as `deno task build` runs it: a fresh process, so
 * module loading and the highlighter's start are counted.
 */
async function timeBuild(outDir: string, root?: string): Promise<number> {
  const args = [
    "run",
    "-A",
    join(SITE_DIR, "build.ts"),
    "--json",
    "--out",
    outDir,
  ];
  if (root) args.push("--root", root);
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (!output.success) {
    throw new Error(
      `Site build failed: ${new TextDecoder().decode(output.stderr)}`,
    );
  }
  return Math.round(elapsed);
}

function total(page: PageWeight): number {
  return page.htmlBytes + page.cssBytes + page.jsBytes;
}

/** Measures every HTML page under `dir`. */
async function pageWeights(dir: string): Promise<PageWeight[]> {
  const pages: PageWeight[] = [];
  for (const file of await htmlFiles(dir)) {
    const html = await Deno.readTextFile(file);
    const sizeOf = async (url: string) => {
      if (/^[a-z]+:/i.test(url)) return 0;
      const path = url.startsWith("/")
        ? join(dir, url)
        : join(dirname(file), url);
      return (await Deno.stat(path)).size;
    };
    let cssBytes = 0;
    let jsBytes = 0;
    for (
      const match of html.matchAll(
        /<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g,
      )
    ) {
      cssBytes += await sizeOf(match[1]!);
    }
    for (const match of html.matchAll(/<script\b[^>]*src="([^"]+)"/g)) {
      jsBytes += await sizeOf(match[1]!);
    }
    const path = "/" + relative(dir, file).replace(/index\.html$/, "");
    pages.push({
      path,
      htmlBytes: new TextEncoder().encode(html).length,
      cssBytes,
      jsBytes,
    });
  }
  return pages;
}

async function htmlFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && entry.name !== "pagefind") {
      found.push(...await htmlFiles(path));
    } else if (entry.isFile && entry.name.endsWith(".html")) {
      found.push(path);
    }
  }
  return found;
}

if (import.meta.main) {
  const figures = await siteFigures();
  console.log(JSON.stringify(figures, null, 2));
}
