/**
 * Finds the bracket a parse error is really about. When a `}` is missing,
 * Deno's parser reports the error where it gave up (often the next
 * `export`, lines later); the unclosed bracket is where the learner should
 * look. Code indented by hand, as every exercise is, closes a bracket on a
 * line indented like the line that opened it: the first bracket whose closing
 * line is indented differently is the likely culprit.
 *
 * @module
 */

/** A bracket that seems to have no matching closer. */
export interface Unclosed {
  /** The bracket: `{`, `(` or `[`. */
  bracket: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

const closers: Record<string, string> = { "{": "}", "(": ")", "[": "]" };

/**
 * Returns the first opening bracket, before line `before`, that seems
 * unclosed: either closed by a line indented unlike its own, or never
 * closed. Strings, template literals and comments are skipped.
 */
export function findUnclosed(
  source: string,
  before = Infinity,
): Unclosed | undefined {
  const lines = source.split("\n");
  const indentOf = (line: number) =>
    (lines[line - 1] ?? "").match(/^[ \t]*/)?.[0].length ?? 0;
  const stack: (Unclosed & { indent: number })[] = [];
  let line = 1;
  let column = 0;
  let suspect: Unclosed | undefined;
  for (let i = 0; i < source.length && line < before; i++) {
    const char = source[i]!;
    column++;
    if (char === "\n") {
      line++;
      column = 0;
      continue;
    }
    const next = source[i + 1];
    if (char === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      i = (end < 0 ? source.length : end) - 1;
      continue;
    }
    if (char === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      for (let j = i; j < stop; j++) {
        if (source[j] === "\n") {
          line++;
          column = 0;
        }
      }
      i = stop - 1;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") {
      let j = i + 1;
      while (j < source.length && source[j] !== char) {
        if (source[j] === "\\") j++;
        else if (source[j] === "\n") {
          if (char !== "`") break;
          line++;
          column = 0;
        }
        j++;
      }
      column += j - i;
      i = j;
      continue;
    }
    if (char in closers) {
      stack.push({ bracket: char, line, column, indent: indentOf(line) });
    } else if (char === "}" || char === ")" || char === "]") {
      const open = stack.pop();
      const firstOnLine = /^[ \t]*$/.test(
        (lines[line - 1] ?? "").slice(0, column - 1),
      );
      if (
        open && !suspect && firstOnLine && open.line !== line &&
        indentOf(line) !== open.indent
      ) {
        suspect = {
          bracket: open.bracket,
          line: open.line,
          column: open.column,
        };
      }
    }
  }
  if (suspect) return suspect;
  const unclosed = stack.at(-1);
  return unclosed
    ? {
      bracket: unclosed.bracket,
      line: unclosed.line,
      column: unclosed.column,
    }
    : undefined;
}
