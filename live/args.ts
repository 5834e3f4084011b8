/**
 * The values `deno task start` takes on its command line, checked before
 * anything starts: a mistake ends as one plain line.
 *
 * @module
 */

import { UsageError } from "../site/command.ts";

/** The longest time a timer can wait, 2^31 - 1 ms, in whole seconds: 2147483. */
export const MAX_TIMEOUT_SECONDS: number = Math.floor((2 ** 31 - 1) / 1000);

/** Reads `--port`: a whole number from 0 to 65535 (0 lets the system choose). */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw new UsageError(
      `--port takes a port number from 0 to 65535, such as 3000: got "${text}"`,
    );
  }
  return port;
}

/**
 * Reads `--timeout` in seconds and returns milliseconds: more than 0 and at
 * most {@linkcode MAX_TIMEOUT_SECONDS}, beyond which a timer fires at once.
 */
export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (
    text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 ||
    seconds > MAX_TIMEOUT_SECONDS
  ) {
    throw new UsageError(
      `--timeout takes a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, such as 10: got "${text}"`,
    );
  }
  return Math.ceil(seconds * 1000);
}
