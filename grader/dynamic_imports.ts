/**
 * Finds `import(...)` calls whose specifier is not written out. The module
 * graph check sees only imports that Deno can read ahead of time; a computed
 * one could reach a module the graph check never saw (such as one the tests
 * loaded), so exercise code may not use it.
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
 * Returns the place of every `import(` in `source` whose argument is not a
 * plain string literal (a template literal without substitutions counts as
 * one). Comments, strings and template literals are skipped; takes time
 * linear in the source.
 */
export function computedImports(source: string): Place[] {
  const found: Place[] = [];
  const code = blankOut(source);
  const placeOf = placer(source);
  const pattern = /(?<![\w$.])import\s*\(/g;
  for (const match of code.matchAll(pattern)) {
    const start = match.index;
    const argument = start + match[0].length;
    if (!isLiteralArgument(source, code, argument)) {
      found.push(placeOf(start));
    }
  }
  return found;
}

/** Whether the text at `at` is a string literal followed by `)` or `,`. */
function isLiteralArgument(source: string, code: string, at: number): boolean {
  let i = at;
  while (i < code.length && /\s/.test(code[i]!)) i++;
  const quote = source[i];
  if (quote !== '"' && quote !== "'" && quote !== "`") return false;
  let j = i + 1;
  while (j < source.length && source[j] !== quote) {
    if (source[j] === "\\") j++;
    else if (quote === "`" && source[j] === "$" && source[j + 1] === "{") {
      return false;
    }
    j++;
  }
  j++;
  while (j < code.length && /\s/.test(code[j]!)) j++;
  return code[j] === ")" || code[j] === ",";
}

/**
 * The source with comments and the contents of strings and template
 * literals replaced by spaces (newlines kept), so that only code is left to
 * search. Substitutions inside templates stay code.
 */
function blankOut(source: string): string {
  const out = source.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  const templates: number[] = []; // brace depth where each template resumes
  let depth = 0;
  let i = 0;
  const string = (quote: string) => {
    const start = i;
    i++;
    while (i < source.length && source[i] !== quote && source[i] !== "\n") {
      if (source[i] === "\\") i++;
      i++;
    }
    blank(start + 1, i);
    i++;
  };
  const template = () => {
    const start = i;
    while (i < source.length && source[i] !== "`") {
      if (source[i] === "\\") i += 2;
      else if (source[i] === "$" && source[i + 1] === "{") {
        blank(start, i);
        templates.push(depth);
        depth++;
        i += 2;
        return;
      } else i++;
    }
    blank(start, i);
    i++;
  };
  while (i < source.length) {
    const char = source[i]!;
    const next = source[i + 1];
    if (char === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      blank(i, end < 0 ? source.length : end);
      i = end < 0 ? source.length : end;
    } else if (char === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (char === '"' || char === "'") {
      string(char);
    } else if (char === "`") {
      i++;
      template();
    } else if (char === "{") {
      depth++;
      i++;
    } else if (char === "}") {
      depth--;
      i++;
      if (templates.at(-1) === depth) {
        templates.pop();
        template();
      }
    } else {
      i++;
    }
  }
  return out.join("");
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
