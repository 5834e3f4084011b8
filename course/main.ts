/**
 * Runs a command's entry point the same way for every command: errors the
 * user can fix end as one plain line, anything else as one line too (never a
 * stack trace), and SIGINT, SIGTERM or SIGHUP end the command after the
 * cleanups registered with {@linkcode onExit} have run (child processes,
 * temporary folders, the terminal's mode).
 *
 * @module
 */

import { CourseError } from "./errors.ts";

/** A command: takes its arguments and a signal that aborts on SIGINT and the like. */
export type Main = (args: string[], signal: AbortSignal) => Promise<number>;

type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();

/**
 * Registers a cleanup to run when the command ends, however it ends;
 * returns a function that unregisters it.
 */
export function onExit(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Runs every registered cleanup once, each at most `timeoutMs` long. */
export async function runCleanups(timeoutMs = 2000): Promise<void> {
  const pending = [...cleanups];
  cleanups.clear();
  await Promise.all(pending.map((cleanup) =>
    Promise.race([
      Promise.resolve().then(cleanup).catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, timeoutMs)),
    ])
  ));
}

const exitCodes: Partial<Record<Deno.Signal, number>> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
};

/** Explains an error in one line, the way every entry point does. */
export function describeError(error: unknown): string {
  if (error instanceof CourseError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS")) {
    return `${message}: see --help`;
  }
  return `The command stopped unexpectedly: ${message.split("\n")[0]}`;
}

/**
 * Runs `main` with the process's arguments and exits with its code. A first
 * signal aborts `main`'s signal and gives it a moment to finish; a second one
 * ends the process at once. Cleanups run either way.
 */
export async function runMain(main: Main): Promise<never> {
  const controller = new AbortController();
  let signalled: Deno.Signal | undefined;
  const listeners: [Deno.Signal, () => void][] = [];
  for (const signal of Object.keys(exitCodes) as Deno.Signal[]) {
    const listener = () => {
      if (signalled) {
        void runCleanups(200).finally(() => Deno.exit(exitCodes[signal]));
        return;
      }
      signalled = signal;
      controller.abort(new DOMException(`Stopped by ${signal}`, "AbortError"));
      // If the command does not wind down in time, end it regardless.
      setTimeout(() => {
        void runCleanups(500).finally(() => Deno.exit(exitCodes[signal]));
      }, 3000);
    };
    try {
      Deno.addSignalListener(signal, listener);
      listeners.push([signal, listener]);
    } catch {
      // This system has no such signal.
    }
  }
  let code: number;
  try {
    code = await main(Deno.args, controller.signal);
  } catch (error) {
    if (signalled && controller.signal.aborted) {
      code = exitCodes[signalled] ?? 1;
    } else {
      console.error(`error: ${describeError(error)}`);
      code = 2;
    }
  }
  await runCleanups();
  for (const [signal, listener] of listeners) {
    Deno.removeSignalListener(signal, listener);
  }
  Deno.exit(signalled ? exitCodes[signalled] ?? code : code);
}
