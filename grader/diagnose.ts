/**
 * Turns the output of a `deno test` run into a status and one or two plain
 * lines that name the file and line and say what to do.
 *
 * @module
 */

/** What happened to one exercise. */
export type Status = "passed" | "failed" | "error" | "timed out";

/** The facts about one finished run. */
export interface RunFacts {
  /** Everything the run printed, stdout then stderr. */
  output: string;
  /** The exit code, or `null` when the process was killed. */
  code: number | null;
  /** The course root, so that paths can be shown relative to it. */
  root: string;
  /** The id of the exercise, for commands in the advice. */
  id?: string;
  /** Set to the bound in milliseconds when the run was killed for time. */
  timedOut?: number;
  /** Set to the bound in bytes when the run was killed for printing too much. */
  truncated?: number;
}

/** A status with its explanation. */
export interface Verdict {
  /** What happened. */
  status: Status;
  /** One or two lines for the learner; empty when passed. */
  summary: string;
  /** The output with paths made relative and Deno's noise removed. */
  output: string;
}

const permissionWords: Record<string, string> = {
  read: "read a file",
  write: "write a file",
  net: "open a network connection",
  env: "read an environment variable",
  run: "start a process",
  sys: "read system information",
  ffi: "load a native library",
  import: "import code from the network",
};

/** Classifies a finished run and explains it. */
export function diagnose(facts: RunFacts): Verdict {
  const output = clean(facts.output, facts.root);
  const verdict = (status: Status, summary: string): Verdict => ({
    status,
    summary,
    output,
  });

  if (facts.timedOut !== undefined) {
    return verdict(
      "timed out",
      `Stopped after ${facts.timedOut / 1000} s: the tests did not finish.\n` +
        "Look for a loop that never ends, or a promise that never settles while a timer keeps the program alive.",
    );
  }
  if (facts.truncated !== undefined) {
    return verdict(
      "error",
      `Output truncated after ${
        Math.round(facts.truncated / 1024)
      } KiB: the code printed too much, so the run was stopped.\n` +
        "Remove the logging inside loops, then grade again.",
    );
  }
  if (/Fatal JavaScript out of memory|Reached heap limit/.test(output)) {
    return verdict(
      "error",
      "Ran out of memory: the run was stopped when its heap reached the limit.\n" +
        "Look for something that grows without end, such as a loop that keeps adding to an array.",
    );
  }
  if (facts.code === 0 && /^ok \| \d+ passed/m.test(output)) {
    return verdict("passed", "");
  }
  if (/^running \d+ tests? from/m.test(output) && /^ ERRORS $/m.test(output)) {
    return verdict("failed", describeFailure(output));
  }
  return verdict("error", describeError(output, facts));
}

/** Removes colour, backtrace noise and misleading hints; shortens paths. */
export function clean(output: string, root: string): string {
  const prefix = `file://${root.endsWith("/") ? root : `${root}/`}`;
  return output
    // deno-lint-ignore no-control-regex
    .replace(/\x1b\[[0-9;]*m/g, "")
    .split("\n")
    .filter((line) =>
      !/^error: Test failed$|^\s*(info|hint): |^Stack backtrace:|^\s+\d+: <unknown>$|^\s+at .*\bext:/
        .test(line)
    )
    .join("\n")
    .replaceAll(prefix, "")
    .replaceAll(`./${prefix}`, "")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd();
}

function describeFailure(output: string): string {
  const errors = output.split(/^ ERRORS $/m)[1].split(/^ FAILURES $/m)[0];
  // Each failure starts with a "<test name> => <file>:<line>:<col>" line;
  // read only the first one's block.
  const lines = errors.split("\n").filter((line) => line.trim() !== "");
  const next = lines.findIndex((line, i) =>
    i > 0 && / => \S+:\d+:\d+$/.test(line)
  );
  if (next > 0) lines.length = next;
  const name = (lines[0] ?? "").replace(/ => .*$/, "").trim();
  const message = (lines[1] ?? "").replace(/^error: /, "").replace(
    /^AssertionError: /,
    "",
  );
  const place = location(lines.join("\n"));
  const permission = message.match(/NotCapable: Requires (\w+) access/);
  if (permission) {
    const what = permissionWords[permission[1]] ?? "use a permission";
    return `"${name}" failed: the code tried to ${what}${
      place ? ` at ${place}` : ""
    }, and exercises run without permissions.\n` +
      "Solve it without that call: nothing in this course needs it.";
  }
  // Only a one-line comparison such as "41 !== 42" helps in a summary; a
  // multi-line diff is for the full output.
  const detail = lines.slice(2, 4).find((line) =>
    /^\S.{0,120} [!=]==? \S/.test(line) && !/^\s*(assert|await)\b/.test(line)
  );
  return `"${name}" failed: ${message}` +
    (detail ? `\n  ${detail.trim()}` : "") +
    (place ? `\n  at ${place}` : "");
}

function describeError(output: string, facts: RunFacts): string {
  const reset = facts.id
    ? `deno task grade reset ${facts.id}`
    : "deno task grade reset <id>";
  const place = location(output);
  const missing = output.match(
    /TS2307 \[ERROR\]: Cannot find module '([^']+)'|Module not found "([^"]+)"|Import '([^']+)' failed, not found/,
  );
  if (missing) {
    const file = (missing[1] ?? missing[2] ?? missing[3]).replace(
      /^file:\/\//,
      "",
    );
    return `"${file}" is missing: restore the starter with "${reset}".`;
  }
  const noExport = output.match(
    /TS(?:2305|2724|2459) \[ERROR\]: .* (?:has no exported member(?: named)? '([^']+)'|declares '([^']+)' locally, but it is not exported)/,
  ) ??
    output.match(/does not provide an export named '([^']+)'/);
  if (noExport) {
    return `The tests import "${
      noExport[1] ?? noExport[2]
    }", which your file no longer exports${
      place ? ` (${place})` : ""
    }.\nKeep the exported names and types from the starter.`;
  }
  const typeError = output.match(/^(TS\d+) \[ERROR\]: (.*)$/m);
  if (typeError) {
    return `Type error${place ? ` at ${place}` : ""}: ${typeError[2]}\n` +
      "Fix the types (the starter type-checks as given), then grade again.";
  }
  const syntax = output.match(
    /^error: (?:SyntaxError: |The module's source code could not be parsed: )(.*)$/m,
  );
  if (syntax) {
    return `Syntax error${place ? ` at ${place}` : ""}: ${
      syntax[1].replace(/ at file:\/\/\S+$/, "")
    }`;
  }
  const error = output.match(/^error: (.*)$/m);
  if (error) {
    return `${error[1].replace(/^Uncaught (\(in promise\) )?/, "")}${
      place ? `\n  at ${place}` : ""
    }`;
  }
  return `The test run ended unexpectedly (exit code ${facts.code}).\n` +
    `Run "deno task grade ${facts.id ?? "<id>"}" to see its full output.`;
}

/** The first `path:line:col` in the text, preferring a file that is not a test. */
function location(text: string): string | undefined {
  const places = [
    ...text.matchAll(/(?:file:\/\/)?((?:\.\/)?[\w./-]+\.ts):(\d+):(\d+)/g),
  ]
    .map((m) => ({ file: m[1].replace(/^\.\//, ""), line: m[2], col: m[3] }))
    .filter((p) => !p.file.startsWith("ext:"));
  const best = places.find((p) => !p.file.endsWith("_test.ts")) ?? places[0];
  return best ? `${best.file}:${best.line}:${best.col}` : undefined;
}
