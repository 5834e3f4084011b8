/**
 * Reads the course as the site shows it: the lessons in `lessons/`, the
 * ordered exercises in `course.json` and the exercise and solution files.
 * Nothing here depends on the site generator, so the same data can feed
 * Eleventy today and Lume later.
 *
 * @module
 */

import {
  loadCourse,
  loadLessons,
  readSolution,
  readStarter,
  testFileOf,
} from "../course/mod.ts";

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
  /** The whole reference solution. */
  solution: string;
  /** The test file, relative to `exercises/`. */
  testFile: string;
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

/** Everything the templates need about the course. */
export interface SiteCourse {
  /** Course title from `course.json`. */
  title: string;
  /** Lessons in order. */
  lessons: SiteLesson[];
  /** Exercises in course order. */
  exercises: SiteExercise[];
  /** Every lesson and exercise page in reading order. */
  pages: CoursePage[];
}

/** Returns the URL of a lesson page. */
export function lessonUrl(slug: string): string {
  return `/lessons/${slug}/`;
}

/** Returns the URL of an exercise page. */
export function exerciseUrl(id: string): string {
  return `/exercises/${id}/`;
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
  const doc = match[1]!
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .filter((line) => !/^@module\b/.test(line.trim()))
    .join("\n")
    .trim();
  return { doc, code: source.slice(match[0].length).replace(/^\s*\n/, "") };
}

/** Reads the whole course from the folder that holds `course.json`. */
export async function loadSiteCourse(root: string): Promise<SiteCourse> {
  const course = await loadCourse(root);
  const exercises: SiteExercise[] = await Promise.all(
    course.exercises.map(async (entry, index) => {
      // The starter as shipped, not the learner's work in progress.
      const { doc, code } = splitDocComment(await readStarter(course, entry));
      return {
        ...entry,
        number: index + 1,
        url: exerciseUrl(entry.id),
        statement: doc.replace(/^#\s+.*\n*/, ""),
        starter: code,
        solution: await readSolution(course, entry),
        testFile: testFileOf(entry.file),
      };
    }),
  );

  const lessons: SiteLesson[] = (await loadLessons(root)).map((lesson) => ({
    slug: lesson.slug,
    title: lesson.title,
    order: lesson.order,
    summary: lesson.summary,
    url: lessonUrl(lesson.slug),
    // The page prints the title; a leading `# Title` would repeat it.
    body: lesson.body.replace(/^\s*#\s[^\n]*\n/, ""),
    exercises: exercises.filter((exercise) => exercise.lesson === lesson.slug),
  }));

  const pages: CoursePage[] = lessons.flatMap((lesson) => [
    { url: lesson.url, title: lesson.title, kind: "lesson" as const },
    ...lesson.exercises.map((exercise) => ({
      url: exercise.url,
      title: exercise.title,
      kind: "exercise" as const,
      id: exercise.id,
    })),
  ]);

  return { title: course.title, lessons, exercises, pages };
}
