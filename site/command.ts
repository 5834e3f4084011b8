/**
 * The entry point of the course's long-running commands (`deno task start`,
 * `deno task build`): one error handler and one set of signal handlers.
 *
 * SIGINT, SIGTERM and SIGHUP (SIGINT and SIGBREAK on Windows) abort the
 * signal handed to the command, once: a second one, such as the copy that
 * `deno task` forwards of a terminal's Ctrl-C, changes nothing, so that the
 * command always finishes its own cleanup. An error the command throws, or
 * one that escapes it later (an uncaught exception or rejection), is printed
 * as one line, never as a stack trace; an escaped error also aborts the
 * signal, so that the command cleans up before the process ends.
 *
 * ```ts ignore
 * if (import.meta.main) {
 *   await runCommand(async (signal) => {
 *     await work({ signal });
 *     return 0;
 *   });
 * }
 * ```
 *
 * @module
 */

/** A mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  /** Makes the error with the line to print. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The signals that stop a command on this system. */
export const STOP_SIGNALS: readonly Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT", "SIGBREAK"]
  : ["SIGINT", "SIGTERM", "SIGHUP"];

/** Whether `error` is a mistake on the command line (ours, or `parseArgs`'s). */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return error instanceof UsageError ||
    (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"));
}

/** Returns the one line shown for an error. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const line = error.message.split("\n")[0] ?? "";
  return isUsageError(error) && !(error instanceof UsageError)
    ? `${line}: see --help`
    : line;
}

/**
 * Runs `main` until it returns an exit code, then ends the process with it.
 * `main` receives a signal that aborts on a stop signal (its reason is the
 * signal's name) or on an escaped error (its reason is the error).
 */
export async function runCommand(
  main: (signal: AbortSignal) => Promise<number>,
): Promise<never> {
  const controller = new AbortController();
  let failed = false;
  const escaped = (event: ErrorEvent | PromiseRejectionEvent) => {
    event.preventDefault();
    const error = "reason" in event ? event.reason : event.error;
    console.error(`error: ${describeError(error)}`);
    failed = true;
    controller.abort(error);
  };
  const listeners = STOP_SIGNALS.map((name) => {
    const listener = () => controller.abort(name);
    Deno.addSignalListener(name, listener);
    return [name, listener] as const;
  });
  globalThis.addEventListener("error", escaped);
  globalThis.addEventListener("unhandledrejection", escaped);
  let code: number;
  try {
    code = await main(controller.signal);
  } catch (error) {
    console.error(`error: ${describeError(error)}`);
    code = isUsageError(error) ? 2 : 1;
  }
  for (const [name, listener] of listeners) {
    Deno.removeSignalListener(name, listener);
  }
  // Eleventy and Pagefind may keep handles open; everything the command
  // started is stopped by now.
  Deno.exit(failed ? 1 : code);
}
