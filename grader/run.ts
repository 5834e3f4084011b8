/**
 * Runs one exercise's tests in a child `deno test`, bounded from outside:
 * no permissions, a capped heap, a kill timer and a cap on output.
 *
 * @module
 */

import { relative } from "node:path";
import { type Course, type Exercise, exercisePaths } from "./course.ts";
import { diagnose, type Status } from "./diagnose.ts";

/** The outcome of grading one exercise. */
export interface Result {
  /** The exercise's id. */
  id: string;
  /** What happened. */
  status: Status;
  /** One or two plain lines for the learner; empty when passed. */
  summary: string;
  /** Deno's test output, cleaned of colour and backtrace noise. */
  output: string;
  /** Wall-clock time of the run in milliseconds. */
  durationMs: number;
}

/** Options for {@linkcode runExercise}. */
export interface RunOptions {
  /** Kill the test run after this many milliseconds (10 000 by default). */
  timeoutMs?: number;
  /** Kill the type check after this many milliseconds (60 000 by default). */
  checkTimeoutMs?: number;
  /** Kill a run once it has printed this many bytes (1 MiB by default). */
  maxOutputBytes?: number;
  /** Heap limit for learner code in MiB (256 by default). */
  maxHeapMb?: number;
  /** Type-check before running (on by default). */
  typeCheck?: boolean;
  /** Stops the run: the child is killed and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

const defaults = {
  timeoutMs: 10_000,
  checkTimeoutMs: 60_000,
  maxOutputBytes: 1024 * 1024,
  maxHeapMb: 256,
  typeCheck: true,
} satisfies Required<Omit<RunOptions, "signal">>;

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
  const o = { ...defaults, ...definedOnly(options) };
  o.signal?.throwIfAborted();
  const started = performance.now();
  const test = relative(course.root, exercisePaths(course, exercise).test);
  const config = ["--config", `${course.root}/deno.json`];
  const run = (args: string[], timeoutMs: number) =>
    spawnBounded(args, { ...o, cwd: course.root, timeoutMs });

  let outcome = o.typeCheck
    ? await run(["check", ...config, test], o.checkTimeoutMs)
    : undefined;
  let timeoutMs = o.checkTimeoutMs;
  if (!outcome || outcome.code === 0) {
    outcome = await run([
      "test",
      "--no-prompt",
      "--no-check",
      `--v8-flags=--expose-gc,--max-old-space-size=${o.maxHeapMb}`,
      ...config,
      test,
    ], o.timeoutMs);
    timeoutMs = o.timeoutMs;
  }
  const verdict = diagnose({
    output: outcome.output,
    code: outcome.code,
    root: course.root,
    id: exercise.id,
    timedOut: outcome.timedOut ? timeoutMs : undefined,
    truncated: outcome.truncated ? o.maxOutputBytes : undefined,
  });
  return {
    id: exercise.id,
    ...verdict,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Type-checks several exercises in one process; true when all of them pass.
 * One check of many files costs far less than one process for each.
 */
export async function checkTogether(
  course: Course,
  exercises: Exercise[],
  options: RunOptions = {},
): Promise<boolean> {
  const o = { ...defaults, ...definedOnly(options) };
  const tests = exercises.map((e) =>
    relative(course.root, exercisePaths(course, e).test)
  );
  const outcome = await spawnBounded(
    ["check", "--config", `${course.root}/deno.json`, ...tests],
    { ...o, cwd: course.root, timeoutMs: o.checkTimeoutMs },
  );
  return outcome.code === 0;
}

interface Bounds {
  cwd: string;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
}

interface Outcome {
  output: string;
  code: number | null;
  timedOut: boolean;
  truncated: boolean;
}

/** Runs `deno <args>` with a kill timer and a cap on what it may print. */
async function spawnBounded(args: string[], bounds: Bounds): Promise<Outcome> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: bounds.cwd,
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0", DENO_NO_UPDATE_CHECK: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  let truncated = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill(child);
  }, bounds.timeoutMs);
  const onAbort = () => kill(child);
  bounds.signal?.addEventListener("abort", onAbort, { once: true });
  const budget = { left: bounds.maxOutputBytes };
  const onOverflow = () => {
    truncated = true;
    kill(child);
  };
  const [stdout, stderr, status] = await Promise.all([
    readCapped(child.stdout, budget, onOverflow),
    readCapped(child.stderr, budget, onOverflow),
    child.status,
  ]);
  clearTimeout(timer);
  bounds.signal?.removeEventListener("abort", onAbort);
  bounds.signal?.throwIfAborted();
  return {
    output: `${stdout}${stderr}`,
    code: status.code,
    timedOut,
    truncated,
  };
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function kill(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGKILL");
  } catch {
    // Already gone.
  }
}

async function readCapped(
  stream: ReadableStream<Uint8Array>,
  budget: { left: number },
  onOverflow: () => void,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    if (budget.left <= 0) continue; // keep draining so the child can exit
    const take = chunk.subarray(0, budget.left);
    budget.left -= chunk.length;
    text += decoder.decode(take, { stream: true });
    if (budget.left <= 0) onOverflow();
  }
  return text + decoder.decode();
}
