/**
 * The entry point of every course command (`grade`, `start`, `build`): one
 * error handler, one set of signal handlers, and the cleanups registered with
 * {@linkcode onExit} (child processes, temporary folders, the terminal's
 * mode), run however the command ends.
 *
 * SIGINT, SIGTERM and SIGHUP (SIGINT and SIGBREAK on Windows) abort the
 * signal handed to the command, once: a second one, such as the copy that
 * `deno task` forwards of a terminal's Ctrl-C, changes nothing, so that the
 * command always finishes its own cleanup (a command that does not finish
 * within {@linkcode graceMs} is ended anyway). An error the command throws,
 * or one that escapes it later (an uncaught exception or rejection), is
 * printed as one line, never as a stack trace; an escaped error also aborts
 * the signal, so that the command cleans up before the process ends.
 *
 * ```ts ignore
 * if (import.meta.main) {
 *   await runMain(async (signal) => {
 *     await work({ signal });
 *     return 0;
 *   });
 * }
 * ```
 *
 * @module
 */

import { CourseError } from "./errors.ts";

/** The signals that stop a command on this system. */
export const STOP_SIGNALS: readonly Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT", "SIGBREAK"]
  : ["SIGINT", "SIGTERM", "SIGHUP"];

/** How long a stopped command may take to finish before it is ended. */
export const graceMs = 10_000;

/** Work to do when the command ends, such as removing a temporary folder. */
export type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();

/**
 * Registers a cleanup to run when the command ends, however it ends;
 * returns a function that unregisters it.
 */
export function onExit(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup once, each for at most `timeoutMs`. */
export async function runCleanups(timeoutMs = 2000): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.all(pending.map((cleanup) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([
      Promise.resolve().then(cleanup).catch(() => {}),
      new Promise((resolve) => timer = setTimeout(resolve, timeoutMs)),
    ]).finally(() => clearTimeout(timer));
  }));
}

/** Whether `error` is a mistake the user can fix (ours, or `parseArgs`'s). */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return error instanceof CourseError ||
    (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"));
}

/** Returns the one line shown for an error. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const line = error.message.split("\n")[0] ?? "";
  return isUsageError(error) && !(error instanceof CourseError)
    ? `${line}: see --help`
    : line;
}

/**
 * Runs `main` until it returns an exit code, runs the cleanups, then ends the
 * process with that code. `main` receives a signal that aborts on a stop
 * signal (its reason is the signal's name) or on an escaped error (its
 * reason is the error). A mistake the user can fix exits with 2, any other
 * error with 1.
 */
export async function runMain(
  main: (signal: AbortSignal) => Promise<number>,
): Promise<never> {
  const controller = new AbortController();
  let failed = false;
  let stopped: ReturnType<typeof setTimeout> | undefined;
  const finish = async (code: number): Promise<never> => {
    clearTimeout(stopped);
    await runCleanups();
    Deno.exit(code);
  };
  const abort = (reason: unknown) => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    stopped = setTimeout(() => void finish(1), graceMs);
  };
  const escaped = (event: ErrorEvent | PromiseRejectionEvent) => {
    event.preventDefault();
    const error = "reason" in event ? event.reason : event.error;
    console.error(`error: ${describeError(error)}`);
    failed = true;
    abort(error);
  };
  for (const name of STOP_SIGNALS) {
    Deno.addSignalListener(name, () => abort(name));
  }
  globalThis.addEventListener("error", escaped);
  globalThis.addEventListener("unhandledrejection", escaped);
  let code: number;
  try {
    code = await main(controller.signal);
  } catch (error) {
    if (controller.signal.aborted && error === controller.signal.reason) {
      code = 130;
    } else {
      console.error(`error: ${describeError(error)}`);
      code = isUsageError(error) ? 2 : 1;
    }
  }
  // Eleventy and Pagefind may keep handles open; everything the command
  // started is stopped by the cleanups.
  return await finish(failed ? 1 : code);
}
