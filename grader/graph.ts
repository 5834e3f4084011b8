/**
 * Checks what an exercise's code imports before anything of it runs. Deno
 * reads a module that it can see ahead of time (a static import, a constant
 * dynamic `import()`, a text or JSON import) without asking for permission,
 * so the grader reads the module graph first and refuses, in one line, any
 * import that reaches outside the course's exercises, a computed `import()`
 * (which the graph would not show), and any course file in the graph that
 * differs from the course's committed version (only the exercise's own file
 * is the learner's to change).
 *
 * @module
 */

import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type Course,
  type Exercise,
  exerciseImports,
  exerciseNodeModules,
  exercisePaths,
  isTestCode,
} from "../course/mod.ts";
import { stripControl } from "./diagnose.ts";
import { computedImports } from "./dynamic_imports.ts";
import { spawnDeno, type SpawnOptions } from "./spawn.ts";

/** What the check found. */
export interface GraphCheck {
  /** One line saying which import is refused, if one is. */
  refused?: string;
  /** The local modules of the graph, as absolute paths. */
  files: string[];
  /** The npm packages the graph uses (the tests' own, once checked). */
  packages: string[];
}

interface Dependency {
  specifier: string;
  code?: { specifier?: string };
  type?: { specifier?: string };
}

interface Module {
  specifier: string;
  dependencies?: Dependency[];
}

/** Reads an exercise's module graph and checks every import in it. */
export async function checkImports(
  course: Course,
  exercise: Exercise,
  options: Omit<SpawnOptions, "cwd">,
): Promise<GraphCheck> {
  const paths = exercisePaths(course, exercise);
  const read = await readModules(course, exercise, options);
  if ("refused" in read) return { ...read, files: [], packages: [] };
  const { modules } = read;
  const inExercises = await exercisesFolder(course);
  const files = modules.flatMap((m) => {
    const file = m.specifier.startsWith("file:")
      ? fromFileUrl(m.specifier)
      : undefined;
    return file === undefined ? [] : [file];
  });
  const packages = modules.map((m) => m.specifier).filter((s) =>
    s.startsWith("npm:")
  );
  const learnerSide = reachableFrom(modules, toFileUrl(paths.exercise));
  for (const module of modules) {
    const refused = await checkExerciseModule(course, module, {
      inExercises,
      allowed: exercise.imports ?? [],
      // Only modules the tests use, and the exercise's code does not, may
      // use the course's own imports (fast-check, for instance).
      trusted: !learnerSide.has(module.specifier),
    });
    if (refused) return { refused, files, packages };
  }
  const changed = await changedCourseFiles(
    course,
    files.filter((file) => file !== paths.exercise),
  );
  if (changed) {
    return {
      refused: `${changed} differs from the course's committed version: only ${
        relative(course.root, paths.exercise)
      } is yours to change. Restore it with "git checkout -- ${changed}".`,
      files,
      packages,
    };
  }
  return { files, packages };
}

/**
 * Checks one module of the graph. The course's own modules (outside
 * `exercises/`) are trusted; the imports that reach outside are refused
 * where an exercise module makes them.
 */
async function checkExerciseModule(
  course: Course,
  module: Module,
  facts: Omit<ModuleFacts, "path">,
): Promise<string | undefined> {
  if (!module.specifier.startsWith("file:")) return undefined;
  const path = fromFileUrl(module.specifier);
  if (path === undefined) return unreadable(course, module.specifier);
  if (!facts.inExercises(path)) return undefined;
  if (!facts.inExercises(await Deno.realPath(path).catch(() => path))) {
    return `${
      relative(course.root, path)
    } is a link to a file outside exercises/: replace it with a plain file.`;
  }
  return await checkModule(course, module, { ...facts, path }) ??
    (facts.trusted ? undefined : await checkSource(course, path));
}

/**
 * The modules of the exercise's test, as `deno info` lists them; or why they
 * cannot be read. A missing file is left to the test run, which explains it;
 * any other graph that cannot be read is refused, since nothing of it was
 * checked.
 */
async function readModules(
  course: Course,
  exercise: Exercise,
  options: Omit<SpawnOptions, "cwd">,
): Promise<{ modules: Module[] } | { refused: string }> {
  const paths = exercisePaths(course, exercise);
  for (const path of [paths.exercise, paths.test]) {
    const info = await Deno.lstat(path).catch(() => undefined);
    if (info && !info.isFile && !info.isSymlink) {
      return {
        refused: `${
          relative(course.root, path)
        } is not a plain file: put the file back (a folder, a pipe or a device cannot be graded).`,
      };
    }
  }
  const outcome = await spawnDeno([
    "info",
    "--json",
    "--no-npm",
    "--no-remote",
    "--no-lock",
    "--config",
    join(course.root, "deno.json"),
    paths.test,
  ], { ...options, cwd: course.root, maxOutputBytes: graphOutputBytes });
  try {
    if (outcome.truncated || outcome.timedOut) throw new Error("cut short");
    const { modules } = JSON.parse(outcome.stdout) as { modules?: Module[] };
    if (Array.isArray(modules)) return { modules };
  } catch {
    // Told below.
  }
  const missing = await Promise.all(
    [paths.exercise, paths.test].map((path) =>
      Deno.lstat(path).then(() => false, () => true)
    ),
  );
  if (missing.some(Boolean)) return { modules: [] };
  return {
    refused: `The grader could not read the imports of ${
      relative(course.root, paths.test)
    }${outcome.timedOut || outcome.truncated ? " (too many modules)" : ""}: ${
      firstLine(outcome.output)
    }`,
  };
}

/** Whether a path is in the course's `exercises/` folder, as given or as resolved. */
async function exercisesFolder(
  course: Course,
): Promise<(path: string) => boolean> {
  const real = join(await Deno.realPath(course.root), "exercises") + sep;
  const given = join(course.root, "exercises") + sep;
  return (path) => path.startsWith(real) || path.startsWith(given);
}

/** What `deno info` may print: trusted output, but bounded all the same. */
const graphOutputBytes = 64 * 1024 * 1024;

/** The longest exercise module the grader reads to check its `import()`s. */
const maxSourceBytes = 4 * 1024 * 1024;

/** Refuses a computed `import()` in a module of the exercise's own code. */
async function checkSource(
  course: Course,
  path: string,
): Promise<string | undefined> {
  const info = await Deno.lstat(path).catch(() => undefined);
  if (!info) return undefined; // a missing file: the test run explains it
  if (!info.isFile || info.size > maxSourceBytes) {
    return `${
      relative(course.root, path)
    } is not a plain file of code the grader can read.`;
  }
  const [place] = computedImports(await Deno.readTextFile(path));
  if (!place) return undefined;
  return `${
    relative(course.root, path)
  }:${place.line}:${place.column} has an import() whose path is not written out (comments and strings count too): import only by a written-out path, such as import("./other.ts"), so that the grader can check it.`;
}

/**
 * The first of `files` (course files in the graph, as absolute paths) whose
 * content differs from git `HEAD`, relative to the root; files git does not
 * track, and courses without git, pass.
 */
async function changedCourseFiles(
  course: Course,
  files: string[],
): Promise<string | undefined> {
  const inside = files.map((file) => relative(course.root, file))
    .filter((file) => !file.startsWith(".."));
  if (inside.length === 0) return undefined;
  try {
    const { success, stdout } = await new Deno.Command("git", {
      args: ["diff", "--name-only", "HEAD", "--", ...inside],
      cwd: course.root,
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!success) return undefined;
    return new TextDecoder().decode(stdout).split("\n").find(Boolean);
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return stripControl(text).split("\n").find((line) => line.trim()) ??
    "no output";
}

/** The specifiers of every module that `root` imports, itself included. */
function reachableFrom(modules: Module[], root: string): Set<string> {
  const byUrl = new Map(modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const url = pending.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    for (const dependency of byUrl.get(url)?.dependencies ?? []) {
      for (const target of [dependency.code, dependency.type]) {
        if (target?.specifier) pending.push(target.specifier);
      }
    }
  }
  return seen;
}

interface ModuleFacts {
  path: string;
  inExercises: (path: string) => boolean;
  trusted: boolean;
  /** What the exercise lets its code import (`imports` in `course.json`). */
  allowed: string[];
}

async function checkModule(
  course: Course,
  module: Module,
  { path, inExercises, trusted, allowed }: ModuleFacts,
): Promise<string | undefined> {
  for (const dependency of module.dependencies ?? []) {
    const resolved = [dependency.code?.specifier, dependency.type?.specifier]
      .filter((s): s is string => s !== undefined);
    for (const target of resolved.length ? resolved : [dependency.specifier]) {
      if (
        target.startsWith("node:") &&
        (trusted || exerciseNodeModules.includes(target))
      ) {
        continue;
      }
      if (allowed.includes(dependency.specifier)) continue;
      if (trusted && isMapped(dependency.specifier, target)) continue;
      if (target.startsWith("file:")) {
        const file = fromFileUrl(target);
        if (file === undefined) return unreadable(course, target);
        if (!trusted && isTestCode(file)) {
          return `${relative(course.root, path)} imports ${
            relative(course.root, file)
          }, which is the tests' own code: exercise code may not use it.`;
        }
        if (
          inExercises(file) &&
          inExercises(await Deno.realPath(file).catch(() => file))
        ) continue;
      }
      return outside(course, path, dependency.specifier, allowed);
    }
  }
  return undefined;
}

/** Whether a test's import is one of the course's own (through the import map). */
function isMapped(specifier: string, target: string): boolean {
  return !specifier.includes(":") && !specifier.startsWith(".") &&
    !specifier.startsWith("/") &&
    (target.startsWith("npm:") || target.startsWith("file:"));
}

function outside(
  course: Course,
  file: string,
  specifier: string,
  allowed: string[],
): string {
  const importer = relative(course.root, file);
  if (exerciseImports.includes(specifier)) {
    return `${importer} imports "${specifier}", which this exercise's code may not use: its tests collect for it, and code that can call gc() could tell a graded run from a program. Remove that import.`;
  }
  return `${importer} imports ${
    JSON.stringify(stripControl(specifier))
  }, which exercises may not use: exercise code may import only files in exercises/, ${
    [...allowed, ""].join(", ")
  }and the built-ins ${exerciseNodeModules.join(", ")}. Remove that import.`;
}

/** The path of a `file:` URL; undefined where it has none (`%2F`, say). */
function fromFileUrl(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

function unreadable(course: Course, url: string): string {
  const shown = stripControl(url).replace(`${toFileUrl(course.root)}/`, "");
  return `An import names ${
    JSON.stringify(shown)
  }, a path the grader cannot read: write the file's path plainly, without %-escapes.`;
}

function toFileUrl(path: string): string {
  return pathToFileURL(path).href;
}
