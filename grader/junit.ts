/**
 * Reads the JUnit report that `deno test --junit-path` writes. The runtime
 * writes it itself, so it says which tests ran and how each ended, whatever
 * the code under test printed.
 *
 * @module
 */

/** One test case of a report. */
export interface TestCase {
  /** The test's name, as given to `Deno.test`. */
  name: string;
  /** The file that registered it, as Deno names it (`./dir/file_test.ts`). */
  file: string;
  /** How it ended: it ran to its end and passed, failed, or never finished. */
  outcome: "passed" | "failed" | "skipped";
  /** The failure's message and details, when it failed. */
  failure?: string;
}

/** A whole report. */
export interface Report {
  /** Every test case, in the order the report lists them. */
  cases: TestCase[];
  /** Errors the report counts outside any test case. */
  errors: number;
}

/** Parses a report; returns `undefined` when the text is not one. */
export function parseReport(xml: string): Report | undefined {
  const head = xml.match(/<testsuites\b[^>]*>/);
  if (!head) return undefined;
  const errors = Number(attribute(head[0], "errors") ?? "NaN");
  if (!Number.isInteger(errors)) return undefined;
  const cases: TestCase[] = [];
  let at = 0;
  while (true) {
    const start = xml.indexOf("<testcase ", at);
    if (start < 0) break;
    const tagEnd = xml.indexOf(">", start);
    if (tagEnd < 0) return undefined;
    const tag = xml.slice(start, tagEnd + 1);
    const name = attribute(tag, "name");
    const file = attribute(tag, "classname");
    if (name === undefined || file === undefined) return undefined;
    // A test passed only when its element is empty: a <failure>, an
    // <error> or a <skipped/> (a test cancelled by an uncaught error) is not.
    const testCase: TestCase = { name, file, outcome: "passed" };
    at = tagEnd + 1;
    if (!tag.endsWith("/>")) {
      const end = xml.indexOf("</testcase>", at);
      if (end < 0) return undefined;
      const body = xml.slice(at, end);
      const failure = body.indexOf("<failure");
      if (failure >= 0) {
        const open = body.indexOf(">", failure);
        const close = body.lastIndexOf("</failure>");
        testCase.outcome = "failed";
        testCase.failure = unescape(
          body.slice(open + 1, close > open ? close : body.length),
        );
      } else if (body.trim() !== "") {
        testCase.outcome = "skipped";
      }
      at = end + "</testcase>".length;
    }
    cases.push(testCase);
  }
  return { cases, errors };
}

function attribute(tag: string, name: string): string | undefined {
  const start = tag.indexOf(` ${name}="`);
  if (start < 0) return undefined;
  const from = start + name.length + 3;
  const end = tag.indexOf('"', from);
  return end < 0 ? undefined : unescape(tag.slice(from, end));
}

const entities: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
  "&amp;": "&",
};

function unescape(text: string): string {
  return text.replace(
    /&(?:lt|gt|quot|apos|amp|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g,
    (entity, decimal?: string, hex?: string) => {
      if (decimal || hex) {
        const code = decimal ? Number(decimal) : parseInt(hex ?? "", 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return entities[entity] ?? entity;
    },
  );
}
