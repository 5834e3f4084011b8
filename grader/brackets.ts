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

/** Where a scan of the source is: index, 1-based line, column of the last character read. */
interface Cursor {
  i: number;
  line: number;
  column: number;
}

/** Moves `at` forward to index `end`, counting lines and columns. */
function advance(source: string, at: Cursor, end: number): void {
  for (; at.i < end; at.i++) {
    if (source[at.i] === "\n") {
      at.line++;
      at.column = 0;
    } else at.column++;
  }
}

/**
 * Moves `at` past a comment or a string literal that starts there (up to
 * the line break that ends a line comment or an unterminated string);
 * returns whether there was one.
 */
function skipNonCode(source: string, at: Cursor): boolean {
  const char = source[at.i];
  const next = source[at.i + 1];
  let end: number;
  if (char === "/" && next === "/") {
    const lineEnd = source.indexOf("\n", at.i);
    end = lineEnd < 0 ? source.length : lineEnd;
  } else if (char === "/" && next === "*") {
    const close = source.indexOf("*/", at.i + 2);
    end = close < 0 ? source.length : close + 2;
  } else if (char === '"' || char === "'" || char === "`") {
    let j = at.i + 1;
    while (j < source.length && source[j] !== char) {
      if (source[j] === "\\") j++;
      else if (source[j] === "\n" && char !== "`") break;
      j++;
    }
    end = source[j] === char ? j + 1 : j;
  } else return false;
  advance(source, at, end);
  return true;
}

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
  const at: Cursor = { i: 0, line: 1, column: 0 };
  let suspect: Unclosed | undefined;
  while (at.i < source.length && at.line < before) {
    if (skipNonCode(source, at)) continue;
    const char = source[at.i]!;
    advance(source, at, at.i + 1);
    const { line, column } = at;
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
  const found = suspect ?? stack.at(-1);
  return found
    ? { bracket: found.bracket, line: found.line, column: found.column }
    : undefined;
}
