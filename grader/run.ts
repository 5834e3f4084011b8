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
  /** Kill the run after this many milliseconds (10 000 by default). */
  timeoutMs?: number;
  /** Kill the run once it has printed this many bytes (1 MiB by default). */
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
  maxOutputBytes: 1024 * 1024,
  maxHeapMb: 256,
  typeCheck: true,
} satisfies Required<Omit<RunOptions, "signal">>;

/** Grades one exercise by running its test file; never throws for learner code. */
export async function runExercise(
  course: Course,
  exercise: Exercise,
  options: RunOptions = {},
): Promise<Result> {
  const { timeoutMs, maxOutputBytes, maxHeapMb, typeCheck, signal } = {
    ...defaults,
    ...definedOnly(options),
  };
  signal?.throwIfAborted();
  const started = performance.now();
  const paths = exercisePaths(course, exercise);
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "--no-prompt",
      ...(typeCheck ? [] : ["--no-check"]),
      `--v8-flags=--expose-gc,--max-old-space-size=${maxHeapMb}`,
      "--config",
      `${course.root}/deno.json`,
      relative(course.root, paths.test),
    ],
    cwd: course.root,
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
  }, timeoutMs);
  const onAbort = () => kill(child);
  signal?.addEventListener("abort", onAbort, { once: true });
  const budget = { left: maxOutputBytes };
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
  signal?.removeEventListener("abort", onAbort);
  signal?.throwIfAborted();

  const output = `${stdout}${stderr}`;
  const verdict = diagnose({
    output,
    code: status.code,
    root: course.root,
    id: exercise.id,
    timedOut: timedOut ? timeoutMs : undefined,
    truncated: truncated ? maxOutputBytes : undefined,
  });
  return {
    id: exercise.id,
    ...verdict,
    durationMs: Math.round(performance.now() - started),
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
