/**
 * Checks what an exercise's code imports before anything of it runs. Deno
 * reads a module that it can see ahead of time (a static import, a constant
 * dynamic `import()`, a text or JSON import) without asking for permission,
 * so the grader reads the module graph first and refuses, in one line, any
 * import that reaches outside the course's exercises.
 *
 * @module
 */

import { join, relative, sep } from "node:path";
import { fileURLToPath as fromFileUrl, pathToFileURL } from "node:url";
import {
  type Course,
  type Exercise,
  exerciseImports,
  exercisePaths,
} from "../course/mod.ts";
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
  const modules = await readModules(course, exercise, options);
  // A graph Deno cannot read (a missing file, a syntax error) is left to
  // the test run, which explains it; nothing of it runs before then.
  if (!modules) return { files: [], packages: [] };
  const inExercises = await exercisesFolder(course);
  const files: string[] = [];
  const packages = modules.map((m) => m.specifier).filter((s) =>
    s.startsWith("npm:")
  );
  const learnerSide = reachableFrom(
    modules,
    toFileUrl(exercisePaths(course, exercise).exercise),
  );
  for (const module of modules) {
    if (!module.specifier.startsWith("file:")) continue;
    const path = fromFileUrl(module.specifier);
    files.push(path);
    // The course's own modules are trusted; the imports that reach outside
    // are refused where an exercise module makes them, below.
    if (!inExercises(path)) continue;
    if (!inExercises(await Deno.realPath(path).catch(() => path))) {
      return {
        refused: `${
          relative(course.root, path)
        } is a link to a file outside exercises/: replace it with a plain file.`,
        files,
        packages,
      };
    }
    const refused = await checkModule(course, module, {
      path,
      inExercises,
      // Only modules the tests use, and the exercise's code does not, may
      // use the course's own imports (fast-check, for instance).
      trusted: !learnerSide.has(module.specifier),
    });
    if (refused) return { refused, files, packages };
  }
  return { files, packages };
}

/** The modules of the exercise's test, as `deno info` lists them, if it can. */
async function readModules(
  course: Course,
  exercise: Exercise,
  options: Omit<SpawnOptions, "cwd">,
): Promise<Module[] | undefined> {
  const outcome = await spawnDeno([
    "info",
    "--json",
    "--no-npm",
    "--no-remote",
    "--no-lock",
    "--config",
    join(course.root, "deno.json"),
    exercisePaths(course, exercise).test,
  ], { ...options, cwd: course.root });
  try {
    return (JSON.parse(outcome.stdout) as { modules: Module[] }).modules;
  } catch {
    return undefined;
  }
}

/** Whether a path is in the course's `exercises/` folder, as given or as resolved. */
async function exercisesFolder(
  course: Course,
): Promise<(path: string) => boolean> {
  const real = join(await Deno.realPath(course.root), "exercises") + sep;
  const given = join(course.root, "exercises") + sep;
  return (path) => path.startsWith(real) || path.startsWith(given);
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
}

async function checkModule(
  course: Course,
  module: Module,
  { path, inExercises, trusted }: ModuleFacts,
): Promise<string | undefined> {
  for (const dependency of module.dependencies ?? []) {
    const resolved = [dependency.code?.specifier, dependency.type?.specifier]
      .filter((s): s is string => s !== undefined);
    for (const target of resolved.length ? resolved : [dependency.specifier]) {
      if (target.startsWith("node:")) continue;
      if (exerciseImports.includes(dependency.specifier)) continue;
      if (trusted && isMapped(dependency.specifier, target)) continue;
      if (target.startsWith("file:")) {
        const file = fromFileUrl(target);
        if (
          inExercises(file) &&
          inExercises(await Deno.realPath(file).catch(() => file))
        ) continue;
      }
      return outside(course, path, dependency.specifier);
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

function outside(course: Course, file: string, specifier: string): string {
  return `${
    relative(course.root, file)
  } imports "${specifier}", which exercises may not use: exercise code may import only files in exercises/, node: built-ins and ${
    exerciseImports.join(", ")
  }. Remove that import.`;
}

function toFileUrl(path: string): string {
  return pathToFileURL(path).href;
}
