/**
 * Grades one exercise: checks what its code imports, type-checks it, then
 * runs its tests in a sandboxed child `deno test` and decides the result from
 * the runtime's own report of which tests ran.
 *
 * @module
 */

import { join, relative } from "node:path";
import {
  type Course,
  type Exercise,
  exercisePaths,
  exposedGcName,
  isInside,
  limits,
  maxCheckMemoryMb,
  maxMemoryMb,
  type Result,
} from "../course/mod.ts";
import { findUnclosed } from "./brackets.ts";
import {
  diagnose,
  type RunFacts,
  stripControl,
  type Verdict,
} from "./diagnose.ts";
import { checkImports, type GraphCheck } from "./graph.ts";
import { parseReport, type Report } from "./junit.ts";
import { ensureFolder } from "./safe_write.ts";
import { type Outcome, spawnDeno } from "./spawn.ts";

export type { GraphCheck } from "./graph.ts";

/** Options for {@linkcode runExercise}. */
export interface RunOptions {
  /** Kill the test run after this many milliseconds (10 000 by default). */
  timeoutMs?: number | undefined;
  /** Kill the type check after this many milliseconds (60 000 by default). */
  checkTimeoutMs?: number | undefined;
  /** Kill a run once it has printed this many bytes (1 MiB by default). */
  maxOutputBytes?: number | undefined;
  /** Heap limit for learner code in MiB (256 by default). */
  maxHeapMb?: number | undefined;
  /** Type-check before running (on by default). */
  typeCheck?: boolean | undefined;
  /**
   * Stop at the first failing test (on by default): the learner reads the
   * first failure, and a starter fails in seconds. The author checks, which
   * need every test's outcome, turn it off.
   */
  failFast?: boolean | undefined;
  /** The exercise's module graph, when it was already checked. */
  graph?: GraphCheck | undefined;
  /** Run only the tests with these names (all by default). */
  only?: string[] | undefined;
  /** Stops the run: the child is killed and the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

const defaults = {
  timeoutMs: limits.timeoutSeconds * 1000,
  checkTimeoutMs: limits.checkTimeoutSeconds * 1000,
  maxOutputBytes: limits.maxOutputBytes,
  maxHeapMb: limits.maxHeapMb,
  typeCheck: true,
  failFast: true,
};

/** The in-process half of the sandbox, loaded before any test module. */
const preload = new URL("./harden.ts", import.meta.url).pathname;

/**
 * Grades one exercise; never throws for learner code. The type check runs
 * first, under its own generous bound, so that the learner's time limit
 * measures their code and not the type checker on a busy machine.
 */
export async function runExercise(
  course: Course,
  exercise: Exercise,
  options: RunOptions = {},
): Promise<Result> {
  const o = settingsOf(options);
  o.signal?.throwIfAborted();
  const started = performance.now();
  // Every line shown comes through here, as data: no control characters.
  const finish = (verdict: Omit<Result, "id" | "durationMs">): Result => ({
    id: exercise.id,
    ...verdict,
    summary: stripControl(verdict.summary),
    durationMs: Math.round(performance.now() - started),
  });
  const graph = o.graph ?? await readGraph(course, exercise, o);
  if (graph.refused) {
    return finish({ status: "error", summary: graph.refused, output: "" });
  }
  const missing = await cachePackages(course, graph.packages, o.signal);
  if (missing) return finish({ status: "error", summary: missing, output: "" });
  const checkFailed = o.typeCheck
    ? await typeCheck(course, exercise, o)
    : undefined;
  return finish(checkFailed ?? await runTests(course, exercise, o));
}

type Settings = ReturnType<typeof settingsOf>;

/** The options of a run, with the defaults where none is given. */
function settingsOf(options: RunOptions) {
  return { ...defaults, ...definedOnly(options) };
}

/** Nothing is downloaded and the lockfile is never changed. */
const checkFlags = ["--cached-only", "--frozen"];

function configFlags(course: Course): string[] {
  return ["--config", join(course.root, "deno.json")];
}

/** The exercise's test file, relative to the course root. */
function testPath(course: Course, exercise: Exercise): string {
  return relative(course.root, exercisePaths(course, exercise).test);
}

/** Type-checks the exercise's tests; returns the verdict when they do not pass. */
async function typeCheck(
  course: Course,
  exercise: Exercise,
  o: Settings,
): Promise<Verdict | undefined> {
  const checked = await spawnDeno(
    [
      "check",
      ...checkFlags,
      ...configFlags(course),
      testPath(course, exercise),
    ],
    {
      ...o,
      cwd: course.root,
      timeoutMs: o.checkTimeoutMs,
      memoryMb: maxCheckMemoryMb,
    },
  );
  if (checked.code === 0) return undefined;
  return await judge(course, checked, {
    exercise,
    timeoutMs: o.checkTimeoutMs,
    maxOutputBytes: o.maxOutputBytes,
  });
}

/** Runs the exercise's tests in the sandbox and judges them from the runtime's report. */
async function runTests(
  course: Course,
  exercise: Exercise,
  o: Settings,
): Promise<Verdict> {
  const reportPath = await reportFile(course, exercise);
  try {
    const outcome = await spawnDeno([
      "test",
      "--no-prompt",
      "--no-check",
      ...checkFlags,
      // Only for the sandbox's preload, which opens the inspector and then
      // revokes it: failing collections can then say what keeps a value.
      "--allow-sys",
      "--preload",
      preload,
      "--junit-path",
      reportPath,
      // No eval() or new Function(): code built from strings would hide its
      // imports from the module graph check.
      `--v8-flags=--expose-gc-as=${exposedGcName},--max-old-space-size=${o.maxHeapMb},--disallow-code-generation-from-strings`,
      ...configFlags(course),
      ...(o.failFast ? ["--fail-fast"] : []),
      ...(o.only ? ["--filter", filterFor(o.only)] : []),
      testPath(course, exercise),
    ], { ...o, cwd: course.root, memoryMb: maxMemoryMb });
    return await judge(course, outcome, {
      exercise: {
        id: exercise.id,
        requirements: o.only ?? exercise.requirements,
      },
      report: await readReport(reportPath),
      timeoutMs: o.timeoutMs,
      maxOutputBytes: o.maxOutputBytes,
    });
  } finally {
    await Deno.remove(reportPath).catch(() => {});
  }
}

/** What {@linkcode judge} needs besides the child's outcome. */
interface JudgeFacts extends Pick<RunFacts, "exercise" | "report"> {
  /** The bound the child ran under, said if it timed out. */
  timeoutMs: number;
  /** The output cap the child ran under, said if it printed more. */
  maxOutputBytes: number;
}

/** Diagnoses a finished child and points at an unclosed bracket. */
async function judge(
  course: Course,
  outcome: Outcome,
  facts: JudgeFacts,
): Promise<Verdict> {
  return await withBracketHint(
    course,
    diagnose({
      ...outcome,
      root: course.root,
      exercise: facts.exercise,
      report: facts.report,
      timedOut: outcome.timedOut ? facts.timeoutMs : undefined,
      truncated: outcome.truncated ? facts.maxOutputBytes : undefined,
    }),
  );
}

/** Reads and checks an exercise's module graph (see {@linkcode checkImports}). */
export function readGraph(
  course: Course,
  exercise: Exercise,
  options: RunOptions = {},
): Promise<GraphCheck> {
  const o = settingsOf(options);
  return checkImports(course, exercise, {
    timeoutMs: o.checkTimeoutMs,
    maxOutputBytes: o.maxOutputBytes,
    signal: o.signal,
  });
}

/**
 * Type-checks several exercises in one process; true when all of them pass.
 * One check of many files costs far less than one process for each. Their
 * module graphs must have been checked first.
 */
export async function checkTogether(
  course: Course,
  graphs: Map<Exercise, GraphCheck>,
  options: RunOptions = {},
): Promise<boolean> {
  const o = settingsOf(options);
  const packages = [...graphs.values()].flatMap((graph) => graph.packages);
  if (await cachePackages(course, packages, o.signal)) return false;
  // Sorted: Deno keeps one type check's result under its list of roots, in
  // order, so the same exercises in another order would be checked again.
  const tests = [...graphs.keys()].map((e) => testPath(course, e)).sort();
  const outcome = await spawnDeno(
    ["check", ...checkFlags, ...configFlags(course), ...tests],
    {
      ...o,
      cwd: course.root,
      timeoutMs: o.checkTimeoutMs,
      memoryMb: maxCheckMemoryMb,
    },
  );
  return outcome.code === 0;
}

/**
 * Adds to a syntax error the bracket it is probably about: Deno's parser
 * reports where it gave up, often lines after a missing `}`.
 */
async function withBracketHint(
  course: Course,
  verdict: Verdict,
): Promise<Verdict> {
  const at = verdict.summary.match(/^Syntax error at ([^\s:]+\.ts):(\d+):\d+/);
  if (!at) return verdict;
  const file = join(course.root, at[1]!);
  const info = await Deno.lstat(file).catch(() => undefined);
  if (!info?.isFile || !isInside(join(course.root, "exercises"), file)) {
    return verdict;
  }
  const source = await Deno.readTextFile(file);
  const unclosed = findUnclosed(source, Number(at[2]));
  if (!unclosed || unclosed.line >= Number(at[2])) return verdict;
  const closer = { "{": "}", "(": ")", "[": "]" }[unclosed.bracket];
  return {
    ...verdict,
    summary: `${verdict.summary}\nThe "${unclosed.bracket}" at ${
      at[1]
    }:${unclosed.line}:${unclosed.column} seems to have no matching "${closer}": look there first.`,
  };
}

const cached = new Set<string>();

/**
 * Makes sure the npm packages the tests use are in Deno's cache, since test
 * runs may not download anything; returns a problem, if there is one.
 */
async function cachePackages(
  course: Course,
  packages: string[],
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const wanted = [...new Set(packages)].filter((name) => !cached.has(name));
  if (wanted.length === 0) return undefined;
  const outcome = await spawnDeno(
    ["cache", "--frozen", ...configFlags(course), ...wanted],
    {
      cwd: course.root,
      timeoutMs: limits.checkTimeoutSeconds * 1000,
      maxOutputBytes: limits.maxOutputBytes,
      signal,
    },
  );
  if (outcome.code !== 0) {
    return `Cannot fetch the tests' npm packages (${
      wanted.join(", ")
    }): connect to the npm registry once, then grade again.`;
  }
  for (const name of wanted) cached.add(name);
  return undefined;
}

async function reportFile(course: Course, exercise: Exercise): Promise<string> {
  // Never through a link: the runtime writes the report where it is told.
  const folder = await ensureFolder(course.root, join(".grader", "reports"));
  return join(folder, `${exercise.id}-${crypto.randomUUID()}.xml`);
}

/** The most report the grader reads; a longer one is treated as missing. */
const maxReportBytes = 4 * 1024 * 1024;

async function readReport(path: string): Promise<Report | undefined> {
  try {
    const info = await Deno.lstat(path);
    if (!info.isFile || info.size > maxReportBytes) return undefined;
    return parseReport(await Deno.readTextFile(path));
  } catch {
    return undefined;
  }
}

/** A `--filter` pattern that matches exactly the given test names. */
function filterFor(names: string[]): string {
  const escaped = names.map((name) =>
    name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
  );
  return `/^(?:${escaped.join("|")})$/`;
}

/** `options` without the keys whose value is undefined. */
function definedOnly<T extends object>(
  options: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
