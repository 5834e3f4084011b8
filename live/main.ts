/**
 * `deno task start`: the whole learning loop in one command. Builds the
 * course site, serves it on 127.0.0.1 (port 3000 or the next free one),
 * grades every exercise, and grades an exercise again each time its file or
 * its test is saved. Open pages update without a reload; the terminal shows
 * each result and the progress bar. A changed lesson, template, style or
 * `course.json` rebuilds the site and reloads open pages. With `--no-grade`
 * it is the site's development server alone. Ctrl-C (or SIGTERM, SIGHUP)
 * stops the server and every test run it started, and removes the built site.
 *
 * ```sh
 * deno task start                          # this course, port 3000
 * deno task start --open                   # and open it in the browser
 * deno task start --port 8000 --root ../my-copy
 * deno task start --no-grade               # serve and rebuild the site only
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { runMain } from "../course/main.ts";
import { task } from "../course/commands.ts";
import { parsePort, parseTimeout } from "../course/args.ts";
import { openInBrowser } from "./open.ts";
import { type LiveCourse, start, type StartOptions } from "./start.ts";

const usage = `Usage: ${task("start [options]")}

Builds the course site, serves it with live grading, and grades an exercise
again each time you save it; a changed lesson or template rebuilds the site.
Ctrl-C stops it.

Options:
  --open            open the course in your default browser
  --no-grade        serve and rebuild the site only, grading nothing
  --port <n>        the first port to try (default 3000; the next free one is used)
  --root <dir>      the course folder (default: this course)
  --timeout <s>     stop a test run after this many seconds (default: the grader's limit)
  --help            show this text`;

/**
 * Runs the command with command-line arguments until `signal` aborts;
 * returns the exit code.
 */
export async function main(
  args: string[],
  signal: AbortSignal,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      root: { type: "string" },
      timeout: { type: "string" },
      open: { type: "boolean" },
      "no-grade": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const options: StartOptions = {
    port: parsePort(values.port),
    root: values.root,
    timeoutMs: parseTimeout(values.timeout),
    grade: !values["no-grade"],
    signal,
  };

  let live: LiveCourse;
  try {
    live = await start(options);
  } catch (error) {
    if (!signal.aborted) throw error;
    console.log("Stopped before the course was served.");
    return 130;
  }
  if (values.open) {
    openInBrowser(live.url).then((opened) => {
      if (signal.aborted) return;
      console.log(
        opened
          ? `Opened ${live.url} in your browser.`
          : `No browser could be opened from here: visit ${live.url} yourself.`,
      );
    });
  }
  if (!signal.aborted) {
    await new Promise((resolve) =>
      signal.addEventListener("abort", resolve, { once: true })
    );
  }
  console.log("\nStopping: ending test runs and closing the server…");
  await live.stop();
  console.log(`Stopped. Nothing is listening on ${live.url} any more.`);
  return 0;
}

if (import.meta.main) {
  await runMain((signal) => main(Deno.args, signal));
}
