/**
 * Helpers the site's tests share: write a small course to build, list the
 * built pages and read links, ids and images out of their HTML.
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

/** The starter of the fixture courses' one exercise, "first". */
export const FIXTURE_STARTER: string = `/**
 * # First
 *
 * Return \`42\`.
 *
 * \`\`\`ts ignore
 * first(); // 42
 * \`\`\`
 *
 * @module
 */

/** Returns the answer. */
export function first(): number {
  // TODO: return the answer.
  return 0;
}
`;

/**
 * Writes a small course into `root`: `files` (lessons, diagrams, a
 * `deno.json`, by path) and one exercise, "first", of the lesson `lesson`.
 */
export async function writeFixtureCourse(
  root: string,
  lesson: string,
  files: Record<string, string>,
): Promise<void> {
  const all: Record<string, string> = {
    "course.json": JSON.stringify({
      title: "Fixture course",
      exercises: [{
        id: "first",
        title: "The first exercise",
        lesson,
        file: `${lesson}/first.ts`,
        hints: ["Look at the statement.", "It is a number."],
        requirements: ["first() returns 42"],
      }],
    }),
    [`exercises/${lesson}/first.ts`]: FIXTURE_STARTER,
    [`solutions/${lesson}/first.ts`]:
      "export function first(): number {\n  return 42;\n}\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
}
