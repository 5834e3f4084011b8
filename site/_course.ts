/**
 * Reads the course as the site shows it: the lessons in `lessons/`, the
 * ordered exercises in `course.json` and the exercise and solution files.
 * Nothing here depends on the site generator, so the same data can feed
 * Eleventy today and Lume later.
 *
 * @module
 */

import { join } from "node:path";
import yaml from "js-yaml";

/** One exercise as the site shows it. */
export interface SiteExercise {
  /** Stable id from `course.json`. */
  id: string;
  /** Title from `course.json`. */
  title: string;
  /** The lesson's slug (file name without `.md`). */
  lesson: string;
  /** File relative to `exercises/` and `solutions/`. */
  file: string;
  /** Hints, gentlest first. */
  hints: string[];
  /** 1-based position in `course.json`. */
  number: number;
  /** Page URL, e.g. `/exercises/reachable/`. */
  url: string;
  /** The starter's leading doc comment as Markdown, without its `# Title` line. */
  statement: string;
  /** The starter's code after its doc comment. */
  starter: string;
  /** The whole reference solution, or "" when there is none yet. */
  solution: string;
}

/** One lesson as the site shows it. */
export interface SiteLesson {
  /** File name without `.md`, e.g. `03_weakref`. */
  slug: string;
  /** Title from the front matter. */
  title: string;
  /** Order from the front matter. */
  order: number;
  /** Summary from the front matter. */
  summary: string;
  /** Page URL, e.g. `/lessons/03_weakref/`. */
  url: string;
  /** The Markdown body, front matter removed. */
  body: string;
  /** Exercises of this lesson in course order. */
  exercises: SiteExercise[];
}

/** A page in course order, for the sidebar and previous/next links. */
export interface CoursePage {
  /** Page URL. */
  url: string;
  /** Title shown in links. */
  title: string;
  /** Whether it is a lesson or an exercise page. */
  kind: "lesson" | "exercise";
  /** The exercise id, for exercise pages. */
  id?: string;
}

/** A sidebar group: a lesson (when written) and its exercises. */
export interface CourseGroup {
  /** The lesson slug. */
  slug: string;
  /** The lesson, or undefined while only its exercises exist. */
  lesson?: SiteLesson;
  /** Group heading. */
  title: string;
  /** The exercises of this lesson in course order. */
  exercises: SiteExercise[];
}

/** Everything the templates need about the course. */
export interface SiteCourse {
  /** Course title from `course.json`. */
  title: string;
  /** Lessons in order. */
  lessons: SiteLesson[];
  /** Exercises in course order. */
  exercises: SiteExercise[];
  /** Sidebar groups in course order. */
  groups: CourseGroup[];
  /** Every lesson and exercise page in reading order. */
  pages: CoursePage[];
}

interface CourseFile {
  title: string;
  exercises: {
    id: string;
    title: string;
    lesson: string;
    file: string;
    hints: string[];
  }[];
}

/** Returns the URL of a lesson page. */
export function lessonUrl(slug: string): string {
  return `/lessons/${slug}/`;
}

/** Returns the URL of an exercise page. */
export function exerciseUrl(id: string): string {
  return `/exercises/${id}/`;
}

/** Splits YAML front matter from a Markdown file. */
export function splitFrontMatter(
  text: string,
): { data: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { data: {}, body: text };
  const data = yaml.load(match[1]);
  return {
    data: (data && typeof data === "object" ? data : {}) as Record<
      string,
      unknown
    >,
    body: text.slice(match[0].length),
  };
}

/**
 * Splits a TypeScript file into its leading doc comment (as Markdown, the
 * ` * ` margins and `@module` tag removed) and the code after it.
 */
export function splitDocComment(
  source: string,
): { doc: string; code: string } {
  const match = /^\s*\/\*\*([\s\S]*?)\*\/[ \t]*\r?\n?/.exec(source);
  if (!match) return { doc: "", code: source };
  const doc = match[1]
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .filter((line) => !/^@module\b/.test(line.trim()))
    .join("\n")
    .trim();
  return { doc, code: source.slice(match[0].length).replace(/^\s*\n/, "") };
}

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}

function humanize(slug: string): string {
  const words = slug.replace(/^\d+_/, "").replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Reads the whole course from the folder that holds `course.json`. */
export async function loadCourse(root: string): Promise<SiteCourse> {
  const meta = JSON.parse(
    await Deno.readTextFile(join(root, "course.json")),
  ) as CourseFile;

  const exercises: SiteExercise[] = await Promise.all(
    meta.exercises.map(async (entry, index) => {
      const starterSource = await readText(join(root, "exercises", entry.file));
      const { doc, code } = splitDocComment(starterSource);
      return {
        id: entry.id,
        title: entry.title,
        lesson: entry.lesson,
        file: entry.file,
        hints: entry.hints ?? [],
        number: index + 1,
        url: exerciseUrl(entry.id),
        statement: doc.replace(/^#\s+.*\n*/, ""),
        starter: code,
        solution: await readText(join(root, "solutions", entry.file)),
      };
    }),
  );

  const lessons: SiteLesson[] = [];
  for await (const entry of Deno.readDir(join(root, "lessons"))) {
    if (!entry.isFile || !entry.name.endsWith(".md")) continue;
    const slug = entry.name.slice(0, -3);
    const text = await Deno.readTextFile(join(root, "lessons", entry.name));
    let parsed;
    try {
      parsed = splitFrontMatter(text);
    } catch (error) {
      throw new Error(
        `Cannot read the front matter of lessons/${entry.name}: ${
          (error as Error).message
        }`,
      );
    }
    const { data, body } = parsed;
    lessons.push({
      slug,
      title: String(data.title ?? humanize(slug)),
      order: Number(data.order ?? Number.parseInt(slug, 10)),
      summary: String(data.summary ?? ""),
      url: lessonUrl(slug),
      // The page prints the title; a leading `# Title` would repeat it.
      body: body.replace(/^\s*#\s[^\n]*\n/, ""),
      exercises: exercises.filter((exercise) => exercise.lesson === slug),
    });
  }
  lessons.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));

  // Groups follow the lessons' order; exercises whose lesson is not written
  // yet get a group of their own, placed by the lesson's number.
  const groups: CourseGroup[] = lessons.map((lesson) => ({
    slug: lesson.slug,
    lesson,
    title: lesson.title,
    exercises: lesson.exercises,
  }));
  for (const exercise of exercises) {
    if (groups.some((group) => group.slug === exercise.lesson)) continue;
    groups.push({
      slug: exercise.lesson,
      title: humanize(exercise.lesson),
      exercises: exercises.filter((other) => other.lesson === exercise.lesson),
    });
  }
  const rank = (group: CourseGroup) =>
    group.lesson?.order ?? Number.parseInt(group.slug, 10);
  groups.sort((a, b) =>
    (rank(a) || 0) - (rank(b) || 0) || a.slug.localeCompare(b.slug)
  );

  const pages: CoursePage[] = groups.flatMap((group) =>
    [
      ...(group.lesson
        ? [{ url: group.lesson.url, title: group.lesson.title, kind: "lesson" }]
        : []),
      ...group.exercises.map((exercise) => ({
        url: exercise.url,
        title: exercise.title,
        kind: "exercise",
        id: exercise.id,
      })),
    ] as CoursePage[]
  );

  return { title: meta.title, lessons, exercises, groups, pages };
}
