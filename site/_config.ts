/**
 * The site's generator configuration: Eleventy 3 with Vento templates, laid
 * out as Lume lays out a site (`site/_includes/` layouts named in front
 * matter, `site/_data/`, output in `_site/`).
 *
 * It lives in `site/` rather than at the root as `eleventy.config.ts` because
 * Eleventy is driven from `site/build.ts`, which hands this configuration to
 * Eleventy directly; Lume's own `_config.ts` would take its place.
 *
 * Lessons (`lessons/*.md`) and exercises (`course.json` and the exercise
 * files) are read where they are and added as virtual pages: nothing is copied
 * into `site/`. In Lume, the same pages would come from `site.remoteFile()`
 * for the lessons and a generator page for the exercises.
 *
 * @module
 */

import { denoVersion, installHint, task } from "../course/mod.ts";
import { join } from "node:path";
import { VentoPlugin } from "eleventy-plugin-vento";
import { loadSiteCourse, type SiteCourse } from "./_course.ts";
import {
  createMarkdown,
  highlightCode,
  highlighter,
  outputHtml,
  tokenCss,
} from "./_markdown.ts";
import { findOutputBlocks, startOutputs } from "./_outputs.ts";

/** Options of one site build. */
export interface SiteConfigOptions {
  /** The course folder: the one that holds `course.json`. */
  root: string;
  /** The site's sources (`site/`). */
  siteDir: string;
  /** Where the site is written. */
  outDir: string;
  /** Stops the runs of examples that show their output. */
  signal?: AbortSignal | undefined;
}

/** One entry of a page's outline. */
export interface OutlineEntry {
  /** Heading level, 2 or 3. */
  level: number;
  /** The heading's anchor. */
  id: string;
  /** The heading's inner HTML. */
  html: string;
}

/** The part of Eleventy's (untyped) configuration object this file uses. */
interface EleventyConfig {
  setQuietMode(quiet: boolean): void;
  setTemplateFormats(formats: string[]): void;
  setLibrary(name: string, library: unknown): void;
  addPlugin(plugin: unknown, options?: Record<string, unknown>): void;
  addGlobalData(name: string, value: unknown): void;
  addPassthroughCopy(paths: Record<string, string>): void;
  // Eleventy calls filters with `this` bound to the page being rendered.
  // deno-lint-ignore no-explicit-any
  addFilter(name: string, filter: (this: any, ...args: any[]) => unknown): void;
  addTemplate(
    path: string,
    content: string,
    data: Record<string, unknown>,
  ): void;
  on(event: string, listener: () => unknown): void;
  addTransform(name: string, transform: (content: unknown) => unknown): void;
  /**
   * Times configuration steps (an internal of the pinned 3.1.7); its
   * slow-filter warnings print even in quiet mode.
   */
  benchmarkManager: {
    get(group: string): { setMinimumThresholdPercent(percent: number): void };
  };
}

/** Returns the headings (levels 2 and 3) of rendered HTML, for the outline. */
export function outline(html: string): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  const heading = /<h([23])\s+id="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/g;
  for (const match of html.matchAll(heading)) {
    entries.push({
      level: Number(match[1]),
      id: match[2]!,
      html: match[3]!.replace(/<a\b[^>]*>|<\/a>/g, ""),
    });
  }
  return entries;
}

/** Returns an Eleventy configuration function for one build. */
export function siteConfig(
  options: SiteConfigOptions,
): (eleventyConfig: EleventyConfig) => Promise<void> {
  return async (eleventyConfig: EleventyConfig) => {
    const course: SiteCourse = await loadSiteCourse(options.root);
    // Examples that show their output run while the pages render.
    const outputs = startOutputs(
      (await Promise.all(course.lessons.map(async ({ slug }) => {
        const source = `lessons/${slug}.md`;
        const text = await Deno.readTextFile(join(options.root, source));
        return findOutputBlocks(text, source);
      }))).flat(),
      { root: options.root, signal: options.signal },
    );
    const md = await createMarkdown(course, options.root, outputs.marker);

    eleventyConfig.setQuietMode(true);
    // Highlighting is most of the build by design: no "slow filter" warning.
    eleventyConfig.benchmarkManager.get("Configuration")
      .setMinimumThresholdPercent(100);
    eleventyConfig.setTemplateFormats(["vto", "md"]);
    eleventyConfig.setLibrary("md", md);
    eleventyConfig.addPlugin(VentoPlugin, {
      autotrim: true,
      ventoOptions: { autoescape: true },
    });
    eleventyConfig.addGlobalData("course", course);

    eleventyConfig.addPassthroughCopy({
      [join(options.siteDir, "assets")]: "assets",
      [join(options.root, "lessons", "diagrams")]: "lessons/diagrams",
    });

    // `url` as Lume names it, so that templates need no `page.url`.
    eleventyConfig.addGlobalData("eleventyComputed", {
      url: (data: { page: { url: string } }) => data.page.url,
    });

    // `md` as Lume's own filter: `md` for blocks, `md(true)` for inline
    // text. Links resolve from the page's source file.
    eleventyConfig.addFilter(
      "md",
      function (
        this: { data?: { sourcePath?: string } },
        text: string,
        inline = false,
      ) {
        return inline
          ? md.renderInline(text ?? "")
          : md.render(text ?? "", { sourcePath: this?.data?.sourcePath });
      },
    );
    eleventyConfig.addFilter(
      "plain",
      (text: string) => String(text ?? "").replaceAll("`", ""),
    );
    eleventyConfig.addFilter("outline", outline);
    // Commands as a learner runs them: with Deno on the search path, or
    // through npm, which fetches Deno (the site cannot know which).
    eleventyConfig.addFilter(
      "tasks",
      (args: string) =>
        `${task(args, "deno")}\n# or, without Deno installed:\n${
          task(args, "npx")
        }`,
    );
    eleventyConfig.addFilter(
      "task",
      (args: string) =>
        `<code>${escapeHtml(task(args, "deno"))}</code> (or <code>${
          escapeHtml(task(args, "npx"))
        }</code>)`,
    );
    eleventyConfig.addGlobalData("deno", { version: denoVersion, installHint });
    const shiki = await highlighter();
    eleventyConfig.addFilter(
      "highlight",
      (code: string, lang: string) => highlightCode(shiki, code ?? "", lang),
    );
    eleventyConfig.addTransform(
      "outputs",
      (content: unknown) =>
        typeof content === "string"
          ? outputs.fill(content, (output) => outputHtml(shiki, output))
          : content,
    );

    for (const lesson of course.lessons) {
      const sourcePath = `lessons/${lesson.slug}.md`;
      eleventyConfig.addTemplate(sourcePath, lesson.body, {
        layout: "lesson.vto",
        templateEngineOverride: "md",
        permalink: lesson.url,
        title: lesson.title,
        summary: lesson.summary,
        lesson,
        sourcePath,
      });
    }
    for (const exercise of course.exercises) {
      eleventyConfig.addTemplate(
        `exercises/${exercise.id}.md`,
        exercise.statement,
        {
          layout: "exercise.vto",
          templateEngineOverride: "md",
          permalink: exercise.url,
          title: exercise.title,
          exercise,
          lesson: course.lessons.find((l) => l.slug === exercise.lesson),
          sourcePath: `exercises/${exercise.file}`,
        },
      );
    }

    // The token colours are known once every page is highlighted.
    eleventyConfig.on("eleventy.after", async () => {
      await Deno.mkdir(join(options.outDir, "assets"), { recursive: true });
      await Deno.writeTextFile(
        join(options.outDir, "assets", "code.css"),
        tokenCss(),
      );
    });
  };
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );
}
