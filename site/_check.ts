/**
 * Helpers the site's tests share: list the built pages and read links, ids
 * and images out of their HTML.
 *
 * @module
 */

import { join, relative } from "node:path";

/** A built HTML page. */
export interface BuiltPage {
  /** URL path, e.g. `/lessons/03_weakref/`. */
  url: string;
  /** Absolute file path. */
  file: string;
  /** The HTML. */
  html: string;
}

/** Reads every HTML page under `dir` (Pagefind's folder left out). */
export async function builtPages(dir: string): Promise<BuiltPage[]> {
  const pages: BuiltPage[] = [];
  async function walk(folder: string) {
    for await (const entry of Deno.readDir(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory && entry.name !== "pagefind") await walk(path);
      if (entry.isFile && entry.name.endsWith(".html")) {
        const url = "/" + relative(dir, path).replace(/index\.html$/, "");
        pages.push({ url, file: path, html: await Deno.readTextFile(path) });
      }
    }
  }
  await walk(dir);
  return pages.sort((a, b) => a.url.localeCompare(b.url));
}

/** Returns the text of some HTML: tags removed, common entities decoded. */
export function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, "")
    .replaceAll("&lt;", "<").replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"').replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

/** Returns the ids defined in a page. */
export function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

/** Returns every `href` and `src` in a page, entities decoded. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) =>
    m[1]!.replaceAll("&amp;", "&")
  );
}

/** Returns every `<img>` tag of a page. */
export function imagesOf(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
}

/** Lists the lessons (slugs) in a course folder. */
export async function lessonSlugs(root: string): Promise<string[]> {
  const slugs: string[] = [];
  for await (const entry of Deno.readDir(join(root, "lessons"))) {
    if (entry.isFile && entry.name.endsWith(".md")) {
      slugs.push(entry.name.slice(0, -3));
    }
  }
  return slugs.sort();
}

/**
 * Checks every internal link and anchor of a built site; returns
 * `page: link (reason)` for each broken one.
 */
export async function checkLinks(
  dir: string,
  pages: BuiltPage[],
): Promise<string[]> {
  const byUrl = new Map(pages.map((page) => [page.url, page]));
  const problems: string[] = [];
  for (const page of pages) {
    for (const link of linksOf(page.html)) {
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(link)) continue;
      const url = new URL(link, `http://site${page.url}`);
      const target = byUrl.get(url.pathname) ??
        byUrl.get(url.pathname.replace(/\/?$/, "/"));
      if (!target) {
        const exists = await Deno.stat(
          join(dir, decodeURIComponent(url.pathname)),
        )
          .then((info) => info.isFile, () => false);
        if (!exists) {
          problems.push(`${page.url}: ${link} (no such page or file)`);
        }
        continue;
      }
      const id = decodeURIComponent(url.hash.slice(1));
      if (id && !idsOf(target.html).has(id)) {
        problems.push(`${page.url}: ${link} (no element with id "${id}")`);
      }
    }
  }
  return problems;
}
