/**
 * The site's Markdown: markdown-it with heading anchors, Shiki highlighting
 * at build time (colours as short class names, both themes in one CSS file),
 * and links between repository files rewritten to page URLs.
 *
 * @module
 */

import { task } from "../course/mod.ts";
import { posix } from "node:path";
import MarkdownIt from "markdown-it";
import anchor from "markdown-it-anchor";
import { fromHighlighter } from "@shikijs/markdown-it/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import {
  type BundledLanguage,
  createHighlighter,
  type ShikiTransformer,
} from "shiki";
import { exerciseUrl, lessonUrl, type SiteCourse } from "./_course.ts";
import { showsOutput } from "./_outputs.ts";

/** The only languages loaded: loading every grammar costs seconds. */
export const LANGUAGES = ["ts", "js", "sh", "json"] as const;
const THEMES = { light: "github-light", dark: "github-dark" } as const;

type Highlighter = Awaited<ReturnType<typeof createHighlighter>>;
let highlighterPromise: Promise<Highlighter> | undefined;

/** Returns the shared highlighter, created once per process. */
export function highlighter(): Promise<Highlighter> {
  highlighterPromise ??= createHighlighter({
    engine: createJavaScriptRegexEngine(),
    themes: Object.values(THEMES),
    langs: [...LANGUAGES],
  });
  return highlighterPromise;
}

/** Token styles seen so far: class name by style, and style by class name. */
const classByStyle = new Map<string, string>();
const tokenStyles = new Map<string, string>();

function classFor(style: string): string {
  const known = classByStyle.get(style);
  if (known) return known;
  // FNV-1a: a short name for each colour pair, stable from build to build.
  let hash = 0x811c9dc5;
  for (let i = 0; i < style.length; i++) {
    hash = Math.imul(hash ^ style.charCodeAt(i), 0x01000193);
  }
  const full = (hash >>> 0).toString(36);
  let name = `t${full.slice(0, 3)}`;
  if (tokenStyles.has(name)) name = `t${full}`;
  classByStyle.set(style, name);
  tokenStyles.set(name, style);
  return name;
}

/** The style of plain text in both themes: such tokens need no span. */
const PLAIN_STYLE = "--shiki-light:#24292e;--shiki-dark:#e1e4e8";

/** The code block backgrounds of site.css (`--code-bg`), light and dark. */
const CODE_BG = { light: "#f6f8fa", dark: "#1b2127" } as const;

/** The linear value of the colour channel at `start` of a `#rrggbb` colour. */
function channel(hex: string, start: number): number {
  const c = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) +
    0.0722 * channel(hex, 5);
}

function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Returns `hex`, darkened (on a light background) or lightened (on a dark
 * one) just enough to reach a 4.5:1 contrast with `background`, as WCAG AA
 * asks of text. A few of GitHub's theme colours fall short on our blocks.
 */
export function readable(hex: string, background: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return hex;
  const toward = luminance(background) > 0.5 ? 0 : 255;
  let color = hex;
  for (let step = 1; contrast(color, background) < 4.5 && step <= 20; step++) {
    color = "#" + [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16);
      return Math.round(c + (toward - c) * step * 0.05).toString(16)
        .padStart(2, "0");
    }).join("");
  }
  return color.toUpperCase();
}

/** Makes both colours of a token style readable on their backgrounds. */
function readableStyle(style: string): string {
  return style.replace(
    /--shiki-(light|dark):(#[0-9a-f]{6})\b/gi,
    (_, theme: "light" | "dark", hex: string) =>
      `--shiki-${theme}:${readable(hex, CODE_BG[theme])}`,
  );
}

type HastNode = {
  type: string;
  value?: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
};

/** Unwraps plain-text spans and line wrappers, and merges adjacent text. */
function flatten(children: HastNode[]): HastNode[] {
  const out: HastNode[] = [];
  const push = (node: HastNode) => {
    const last = out.at(-1);
    if (node.type === "text" && last?.type === "text") {
      last.value = (last.value ?? "") + (node.value ?? "");
    } else out.push(node);
  };
  for (const node of children) {
    const props = node.properties ?? {};
    const bare = node.type === "element" && node.tagName === "span" &&
      (Object.keys(props).length === 0 ||
        (Object.keys(props).length === 1 && props.class === "line"));
    if (bare) flatten(node.children ?? []).forEach(push);
    else push(node);
  }
  return out;
}

/**
 * Moves Shiki's inline colours into short classes and drops the spans of
 * plain text and of lines, so that code-heavy pages stay small.
 */
const styleToClass: ShikiTransformer = {
  name: "course:style-to-class",
  pre(node) {
    delete node.properties.style;
    node.properties.class = "shiki";
  },
  span(node) {
    const style = node.properties.style;
    if (typeof style !== "string" || style === "") return;
    delete node.properties.style;
    if (style.toLowerCase() === PLAIN_STYLE) return;
    this.addClassToHast(node, classFor(readableStyle(style)));
  },
  code(node) {
    node.children = flatten(
      node.children as HastNode[],
    ) as typeof node.children;
  },
};

/** The CSS for every token class used so far, for both themes. */
export function tokenCss(): string {
  const rules = [...tokenStyles]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, style]) => `.${name}{${style}}`);
  return [
    "/* Code colours, generated at build time: GitHub's light and dark themes. */",
    ".shiki{color:#24292e}",
    "@media (prefers-color-scheme:dark){.shiki{color:#e1e4e8}}",
    ".shiki span{color:var(--shiki-light);font-style:var(--shiki-light-font-style);font-weight:var(--shiki-light-font-weight)}",
    "@media (prefers-color-scheme:dark){.shiki span{color:var(--shiki-dark);font-style:var(--shiki-dark-font-style);font-weight:var(--shiki-dark-font-weight)}}",
    ...rules,
  ].join("\n") + "\n";
}

/** Where a Markdown source sits in the repository, for resolving its links. */
export interface MarkdownEnv {
  /** Repository-relative path of the source, e.g. `lessons/03_weakref.md`. */
  sourcePath?: string;
}

/**
 * Maps a link found in `sourcePath` to a page URL when it points at a
 * lesson, an exercise, a solution or a diagram; other links are unchanged.
 */
export function rewriteLink(
  href: string,
  sourcePath: string,
  course: SiteCourse,
): string {
  if (/^([a-z][a-z0-9+.-]*:|\/\/|#|\/)/i.test(href)) return href;
  const [path = "", hash = ""] = href.split(/(?=#)/);
  const target = posix.normalize(posix.join(posix.dirname(sourcePath), path));
  const lesson = /^lessons\/([^/]+)\.md$/.exec(target);
  if (lesson) return lessonUrl(lesson[1]!) + hash;
  if (target.startsWith("lessons/")) return `/${target}${hash}`;
  if (target === "README.md") return "/" + hash;
  const file = /^(?:exercises|solutions)\/(.+?)(?:_test)?\.ts$/.exec(target);
  if (file) {
    const exercise = course.exercises.find((e) => e.file === `${file[1]}.ts`);
    if (exercise) return exerciseUrl(exercise.id) + hash;
  }
  const folder = /^(?:exercises|solutions)\/([^/]+)\/?$/.exec(target);
  if (folder) {
    const exercise = course.exercises.find((e) =>
      e.file.startsWith(`${folder[1]}/`)
    );
    if (exercise) return exerciseUrl(exercise.id) + hash;
  }
  return href;
}

/**
 * Turns a heading into an anchor as GitHub does, so links written while
 * previewing a lesson there work here too: lower case, punctuation dropped,
 * spaces as hyphens.
 */
export function slugify(text: string): string {
  return text.trim().toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/**
 * Builds the site's markdown-it instance for one build of `course`. A block
 * that shows its output (see `_outputs.ts`) is followed by `outputMarker` of
 * its code, which the build replaces with the output once it is in.
 */
export async function createMarkdown(
  course: SiteCourse,
  root?: string,
  outputMarker?: (code: string) => string,
): Promise<InstanceType<typeof MarkdownIt>> {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.use(fromHighlighter(await highlighter(), {
    themes: THEMES,
    defaultColor: false,
    // Shiki's plain-text language is always there, but its type omits it.
    fallbackLanguage: "text" as BundledLanguage,
    transformers: [styleToClass],
  }));
  md.use(anchor, { tabIndex: false, slugify });

  // Links and images between repository files become page URLs.
  md.core.ruler.push("course_links", (state) => {
    const sourcePath = (state.env as MarkdownEnv)?.sourcePath;
    if (!sourcePath) return;
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        const name = token.type === "link_open"
          ? "href"
          : token.type === "image"
          ? "src"
          : undefined;
        const value = name && token.attrGet(name);
        if (name && value) {
          token.attrSet(name, rewriteLink(String(value), sourcePath, course));
        }
      }
    }
  });

  // A command in running text, such as `deno task grade safe_deref`, also
  // shows the form that works without Deno installed.
  const code = md.renderer.rules.code_inline!;
  md.renderer.rules.code_inline = (tokens, idx, options, env, self) => {
    const html = code(tokens, idx, options, env, self);
    const args = tokens[idx]?.content.match(/^deno task (.+)$/)?.[1];
    return args
      ? `${html} (or <code>${md.utils.escapeHtml(task(args, "npx"))}</code>)`
      : html;
  };

  // An example that shows its output: the output follows the code.
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const html = fence(tokens, idx, options, env, self);
    const token = tokens[idx];
    if (!token || !showsOutput(token.info)) return html;
    if (!outputMarker) {
      throw new Error("This build shows no output of examples");
    }
    return html + outputMarker(token.content);
  };

  // Images are diagrams: they load lazily, and their size comes from the
  // SVG's viewBox so that the page does not jump when they arrive.
  const image = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token) {
      token.attrSet("loading", "lazy");
      const src = String(token.attrGet("src") ?? "");
      if (root && src.startsWith("/lessons/") && src.endsWith(".svg")) {
        const size = svgSize(posix.join(root, src));
        if (size) {
          token.attrSet("width", String(size.width));
          token.attrSet("height", String(size.height));
        }
      }
    }
    return image(tokens, idx, options, env, self);
  };
  return md;
}

/** Reads an SVG file's viewBox size, or undefined when there is none. */
function svgSize(path: string): { width: number; height: number } | undefined {
  try {
    const svg = Deno.readTextFileSync(path);
    const box = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/
      .exec(svg);
    if (!box) return undefined;
    return {
      width: Math.round(Number(box[1])),
      height: Math.round(Number(box[2])),
    };
  } catch {
    return undefined;
  }
}

/** What an example printed, as the block that follows its code. */
export function outputHtml(shiki: Highlighter, output: string): string {
  return `<figure class="run-output"><figcaption>Output of the code above, run as <code>example.ts</code> when this page was built</figcaption>${
    highlightCode(shiki, output, "text")
  }</figure>`;
}

/** Highlights a whole source file as a code block. */
export function highlightCode(
  shiki: Highlighter,
  code: string,
  lang: string,
): string {
  const known = shiki.getLoadedLanguages().includes(lang);
  return shiki.codeToHtml(code.replace(/\n$/, ""), {
    lang: known ? lang : "text",
    themes: THEMES,
    defaultColor: false,
    transformers: [styleToClass, {
      name: "course:block-class",
      pre(node) {
        this.addClassToHast(node, `language-${lang}`);
      },
    }],
  });
}
