/**
 * Starts `deno` child processes bounded from outside: in a process group of
 * their own (so that the whole group can be ended), with an operating-system
 * memory limit on Linux, a kill timer and a cap on what they may print.
 * Every child still running is ended by {@linkcode stopChildren}, which the
 * entry points call on a signal or an uncaught error.
 *
 * @module
 */

import { onExit } from "../course/main.ts";

/** Bounds for one child process. */
export interface SpawnOptions {
  /** The working directory. */
  cwd: string;
  /** Kill the child after this many milliseconds. */
  timeoutMs: number;
  /** Kill the child once it has printed this many bytes. */
  maxOutputBytes: number;
  /** Stops the child; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Environment variables beyond the fixed, quiet ones. */
  env?: Record<string, string>;
  /**
   * Limit the child's data memory to this many MiB (on Linux). Runs of
   * learner code get `maxMemoryMb`; the type checker, which needs more, gets
   * its own bound, since learner types can make it grow too.
   */
  memoryMb?: number;
}

/** How a child ended. */
export interface Outcome {
  /** Everything it printed, stdout then stderr, up to the cap. */
  output: string;
  /** What it printed on stdout alone, up to the cap. */
  stdout: string;
  /** The exit code, or `null` when it was killed by a signal. */
  code: number | null;
  /** The signal that ended it, if one did. */
  signal: Deno.Signal | null;
  /** Whether the kill timer fired. */
  timedOut: boolean;
  /** Whether it printed more than the cap. */
  truncated: boolean;
}

const running = new Set<Deno.ChildProcess>();
onExit(stopChildren);

/** Ends every child started here that is still running, with its group. */
export function stopChildren(): void {
  for (const child of running) killGroup(child);
}

/** Whether this system lets a child's data memory be limited (Linux does). */
const canLimitMemory = Deno.build.os === "linux";

/** Runs `deno <args>` within the given bounds. */
export async function spawnDeno(
  args: string[],
  options: SpawnOptions,
): Promise<Outcome> {
  options.signal?.throwIfAborted();
  const child = startDeno(args, options);
  running.add(child);
  let timedOut = false;
  let truncated = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, options.timeoutMs);
  const onAbort = () => killGroup(child);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const budget = { left: options.maxOutputBytes };
  const onOverflow = () => {
    truncated = true;
    killGroup(child);
  };
  try {
    const [stdout, stderr, status] = await Promise.all([
      readCapped(child.stdout, budget, onOverflow),
      readCapped(child.stderr, budget, onOverflow),
      child.status,
    ]);
    options.signal?.throwIfAborted();
    return {
      output: `${stdout}${stderr}`,
      stdout,
      code: status.signal ? null : status.code,
      signal: status.signal,
      timedOut,
      truncated,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    // A grandchild may outlive the child itself: end the group regardless.
    killGroup(child);
    running.delete(child);
  }
}

/** Starts `deno <args>` in a process group of its own, with a quiet environment. */
function startDeno(args: string[], options: SpawnOptions): Deno.ChildProcess {
  // The limit on data memory covers what V8's heap cap does not: array
  // buffers, WebAssembly memory and imported text.
  const [command, commandArgs] = options.memoryMb && canLimitMemory
    ? [
      "/bin/sh",
      [
        "-c",
        `ulimit -d ${options.memoryMb * 1024} && exec "$0" "$@"`,
        Deno.execPath(),
        ...args,
      ],
    ]
    : [Deno.execPath(), args];
  return new Deno.Command(command, {
    args: commandArgs,
    cwd: options.cwd,
    clearEnv: true,
    env: {
      NO_COLOR: "1",
      RUST_BACKTRACE: "0",
      DENO_NO_UPDATE_CHECK: "1",
      ...denoDirOf(),
      ...options.env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
}

/**
 * The few variables a child needs from the parent's environment: where
 * Deno's cache is, so that nothing is downloaded again, and the search path.
 */
function denoDirOf(): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ["DENO_DIR", "HOME", "XDG_CACHE_HOME", "PATH"]) {
    try {
      const value = Deno.env.get(name);
      if (value !== undefined) kept[name] = value;
    } catch {
      // Not allowed to read it: the child does without.
    }
  }
  return kept;
}

function killGroup(child: Deno.ChildProcess): void {
  try {
    Deno.kill(-child.pid, "SIGKILL");
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
