import assert from "node:assert/strict";
import { findUnclosed } from "./brackets.ts";

Deno.test("findUnclosed() points at the block whose closing brace is missing, not where parsing stopped", () => {
  const source = `export function one(): number {
  if (true) {
    return 1;

  return 2;
}

export function two(): number {
  return 2;
}
`;
  assert.deepEqual(findUnclosed(source, 8), {
    bracket: "{",
    line: 2,
    column: 13,
  });
});

Deno.test("findUnclosed() finds a bracket never closed at the end of the file", () => {
  assert.deepEqual(findUnclosed("const a = [1, 2;\n"), {
    bracket: "[",
    line: 1,
    column: 11,
  });
  assert.deepEqual(findUnclosed("call(\n  1,\n"), {
    bracket: "(",
    line: 1,
    column: 5,
  });
});

Deno.test("findUnclosed() ignores brackets in strings, templates and comments, and balanced code", () => {
  const balanced = `// a { in a comment
/* and ( in a block
   comment */
const text = "}{";
const other = '([';
const template = \`\${"{"} }\`;
export function f(): number {
  return [1, 2].map((x) => {
    return x;
  }).length;
}
`;
  assert.equal(findUnclosed(balanced), undefined);
});
