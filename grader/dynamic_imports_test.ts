import assert from "node:assert/strict";
import { computedImports } from "./dynamic_imports.ts";

Deno.test("computedImports() finds import() calls whose specifier is computed", () => {
  const source = `const name = ["fast", "check"].join("-");
export const a = await import(name);
export const b = await import (\`./\${name}.ts\`);
export const c = await import(
  "./x" + ".ts"
);
`;
  assert.deepEqual(computedImports(source), [
    { line: 2, column: 24 },
    { line: 3, column: 24 },
    { line: 4, column: 24 },
  ]);
});

Deno.test("computedImports() accepts written-out specifiers, and ignores comments, strings and import.meta", () => {
  const source = `// await import(name)
/* import(name) */
const text = "import(name)";
const other = 'import(x)';
const url = import.meta.url;
export const a = await import("./a.ts");
export const b = await import('./b.ts', { with: { type: "json" } });
export const c = await import(\`./c.ts\`);
const t = \`\${1 + 1} import(name)\`;
`;
  assert.deepEqual(computedImports(source), []);
});

Deno.test("computedImports() sees code inside a template's substitution", () => {
  assert.deepEqual(
    computedImports("const s = `${await import(name)}`;\n"),
    [{ line: 1, column: 20 }],
  );
});

Deno.test("computedImports() takes linear time on adversarial input", () => {
  const started = performance.now();
  computedImports("import(".repeat(200_000) + "`${".repeat(100_000));
  assert.ok(performance.now() - started < 1000);
});
