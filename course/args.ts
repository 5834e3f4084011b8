/**
 * The values the course's commands take on their command lines, checked
 * before anything starts: a mistake ends as one plain line.
 *
 * @module
 */

import { maxTimeoutSeconds } from "./constants.ts";
import { CourseError } from "./errors.ts";

/** Reads `--port`: a whole number from 0 to 65535 (0 lets the system choose). */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) {
    throw new CourseError(
      `--port takes a port number from 0 to 65535, such as 3000: got "${text}"`,
    );
  }
  return port;
}

/**
 * Reads `--timeout` in seconds and returns milliseconds: more than 0 and at
 * most `maxTimeoutSeconds`, beyond which a timer fires at once.
 */
export function parseTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (
    text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 ||
    seconds > maxTimeoutSeconds
  ) {
    throw new CourseError(
      `--timeout takes a number of seconds above 0 and at most ${maxTimeoutSeconds}, such as 10: got "${text}"`,
    );
  }
  return Math.ceil(seconds * 1000);
}
