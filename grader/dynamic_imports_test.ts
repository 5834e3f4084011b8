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

Deno.test("computedImports() accepts written-out specifiers, import.meta and properties named import", () => {
  const source = `const url = import.meta.url;
const dir = import . meta.dirname;
export const a = await import("./a.ts");
export const b = await import('./b.ts', { with: { type: "json" } });
export const c = await import(\`./c.ts\`);
export const d = await import(
  "./d.ts",
);
import { e } from "./e.ts";
import type { F } from "./f.ts";
loader.import(name);
loader?.import(name);
reimport(name);
class Loader { #import(name: string) {} }
`;
  assert.deepEqual(computedImports(source), []);
});

Deno.test("computedImports() cannot be led to skip code by what looks like a string, comment or regular expression", () => {
  const hidden = [
    "const q = /'/; const m = await import(name); // '",
    'const q = /"/; const m = await import(name); // "',
    "const q = /`/; const m = await import(name); // `",
    "const q = a / 2 /* x */; const m = await import(name); /* */",
    "if (a) /'/.test(b); import(name); //'",
    "const s = `${'`'}`; import(name);",
    "const m = await import /* a comment */ (name);",
    "const m = await import // a comment\n(name);",
    "const m = await import\n\t(name);",
    "f(...import(name));",
    "const m = import.defer(name);",
    "const m = import.source(name);",
    "const m = import . /* */ meta;",
    "x =\u00a0import(name);",
    "x =\u2028import(name);",
    "const m = await import(/* a comment */ './a.ts');",
    "const m = await import('./a.ts' + name);",
    "const m = await import(`./${name}.ts`);",
  ];
  for (const source of hidden) {
    assert.equal(computedImports(source).length, 1, JSON.stringify(source));
  }
});

Deno.test("computedImports() refuses a computed import() even in a comment or a string", () => {
  assert.deepEqual(
    computedImports('// await import(name)\nconst t = "import(x)";\n'),
    [{ line: 1, column: 10 }, { line: 2, column: 12 }],
  );
});

Deno.test("computedImports() takes linear time on adversarial input", () => {
  for (
    const source of [
      "import(".repeat(200_000) + "`${".repeat(100_000),
      "import /*".repeat(200_000),
      "import('".repeat(200_000),
      "import(`".repeat(200_000) + "\\".repeat(100_000),
      "x".repeat(1_000_000) + "import(name)",
    ]
  ) {
    const started = performance.now();
    computedImports(source);
    assert.ok(performance.now() - started < 1000, source.slice(0, 20));
  }
});
