/**
 * Finds `import(...)` calls whose specifier is not written out. The module
 * graph check sees only imports that Deno can read ahead of time; a computed
 * one could reach a module the graph check never saw (such as one the tests
 * loaded), so exercise code may not use it.
 *
 * The search reads the raw text and does not try to tell code from comments,
 * strings or regular expressions: a scanner that guesses where a string
 * starts can be led to skip real code (`/'/` is a regular expression, not a
 * quote). So `import(name)` is refused even inside a comment, which costs a
 * learner one edit, and no code can hide from the check.
 *
 * @module
 */

/** Where a computed `import()` starts. */
export interface Place {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/**
 * The keyword `import` where it can start an expression, then `(`, or a `.`
 * and anything but `meta` (phase imports such as `import.defer(`), or a
 * comment. A property (`x.import(`, but not `...import(`) or a longer name
 * (`reimport(`) does not count. Only whitespace may stand between the
 * tokens: a comment there is refused, as no program needs one, and
 * skipping comments would let an unclosed one make the search quadratic.
 */
const importCall =
  /(?<![\p{ID_Continue}$\u200c\u200d#]|(?<!\.)\.)import\s*(?:\(|\.(?!\s*meta(?![\p{ID_Continue}$\u200c\u200d]))|\/[*/])/gu;

/** A string literal or a template without substitutions, then `)` or `,`. */
const literalArgument =
  /^\s*(?:"(?:[^"\\\n\r]|\\[^])*"|'(?:[^'\\\n\r]|\\[^])*'|`(?:[^`\\$]|\\[^]|\$(?!\{))*`)\s*[,)]/u;

/**
 * Returns the place of every `import(` in `source` whose argument is not a
 * plain string literal (a template literal without substitutions counts as
 * one), wherever it stands, even in a comment or a string, and of every
 * phase import (`import.defer(`, `import.source(`). Takes time linear in the
 * source.
 */
export function computedImports(source: string): Place[] {
  const found: Place[] = [];
  const placeOf = placer(source);
  for (const match of source.matchAll(importCall)) {
    const isCall = match[0].endsWith("(");
    const argument = match.index + match[0].length;
    // A literal argument is short; a bounded look keeps the search linear.
    const next = source.slice(argument, argument + 4096);
    if (!isCall || !literalArgument.test(next)) {
      found.push(placeOf(match.index));
    }
  }
  return found;
}

/** Turns offsets into lines and columns, each in logarithmic time. */
function placer(source: string): (index: number) => Place {
  const starts = [0];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) {
    starts.push(i + 1);
  }
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: index - starts[low]! + 1 };
  };
}
