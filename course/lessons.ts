/**
 * Reads the lessons in `lessons/`: their front matter and their Markdown.
 *
 * @module
 */

import matter from "gray-matter";
import { join } from "node:path";
import { CourseError } from "./errors.ts";

/** One lesson file. */
export interface Lesson {
  /** The file name without `.md`, such as `03_weakref`; exercises name it. */
  slug: string;
  /** The lesson's title. */
  title: string;
  /** Its place in the course, from 1. */
  order: number;
  /** One sentence on what it teaches. */
  summary: string;
  /** The Markdown after the front matter. */
  body: string;
}

/** Reads every `lessons/*.md` in `root`, sorted by `order`. */
export async function loadLessons(root: string): Promise<Lesson[]> {
  const folder = join(root, "lessons");
  const lessons: Lesson[] = [];
  for await (const entry of Deno.readDir(folder)) {
    if (!entry.isFile || !entry.name.endsWith(".md")) continue;
    const text = await Deno.readTextFile(join(folder, entry.name));
    lessons.push(parseLesson(entry.name.replace(/\.md$/, ""), text));
  }
  return lessons.sort((a, b) => a.order - b.order);
}

/** Parses one lesson's text; `slug` is its file name without `.md`. */
function parseLesson(slug: string, text: string): Lesson {
  const { data, content } = matter(text);
  const where = `lessons/${slug}.md`;
  for (const key of ["title", "summary"]) {
    if (typeof data[key] !== "string" || data[key] === "") {
      throw new CourseError(`${where}: front matter needs a "${key}"`);
    }
  }
  if (!Number.isInteger(data.order)) {
    throw new CourseError(
      `${where}: front matter needs a whole-number "order"`,
    );
  }
  if ("exercises" in data) {
    throw new CourseError(
      `${where}: front matter lists "exercises", but course.json is where an exercise names its lesson: remove the list`,
    );
  }
  return {
    slug,
    title: data.title,
    order: data.order,
    summary: data.summary,
    body: content,
  };
}
