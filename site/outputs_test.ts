/**
 * Tests of the examples that show their output: the build runs each
 * `ts output` block of the lessons and shows what it printed, made by that
 * run; a block that fails stops the build, naming it; `deno test --doc`
 * still checks and runs such a block as TypeScript.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, REPO_ROOT } from "./build.ts";
import { builtPages, textOf, writeFixtureCourse } from "./_check.ts";
import { findOutputBlocks, runBlock, showsOutput } from "./_outputs.ts";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A lesson whose blocks print values that exist only once they run. */
const LESSON = `---
title: Outputs
order: 1
summary: A fixture lesson whose examples show their output.
---

# Outputs

\`\`\`ts output
import { whyAlive } from "@course/gc";

const kept = new Set<object>();
kept.add({ id: 1 });
console.log((await whyAlive([...kept][0]!, { name: "the entry" })).text);
console.log(\`product: \${6 * 7}\`);
console.log(crypto.randomUUID());
\`\`\`

\`\`\`ts
console.log("not run by the build");
\`\`\`
`;

/** Another lesson, with the same block as the first one's second. */
const SECOND = (block: string) =>
  `---
title: Again
order: 2
summary: The same example twice.
---

\`\`\`ts output
${block}\`\`\`

\`\`\`ts output
${block}\`\`\`
`;

const RANDOM = "console.log(crypto.randomUUID());\n";

/** Writes a course with `lessons`, whose deno.json maps @course/gc here. */
async function fixture(lessons: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "course_outputs_" });
  const [lesson = ""] = Object.keys(lessons);
  await writeFixtureCourse(root, lesson, {
    "deno.json": JSON.stringify({
      imports: {
        "@course/gc": pathToFileURL(join(REPO_ROOT, "gc", "mod.ts")).href,
      },
      lock: false,
    }),
    ...Object.fromEntries(
      Object.entries(lessons).map((
        [slug, text],
      ) => [`lessons/${slug}.md`, text]),
    ),
  });
  return root;
}

Deno.test("showsOutput() and findOutputBlocks() pick the TypeScript blocks marked output, with their line", () => {
  assert.equal(showsOutput("ts output"), true);
  assert.equal(showsOutput("typescript output"), true);
  assert.equal(showsOutput("ts"), false);
  assert.equal(showsOutput("ts ignore output"), false);
  assert.equal(showsOutput("text output"), false);
  assert.deepEqual(
    findOutputBlocks(LESSON, "lessons/01_outputs.md").map((b) => b.where),
    ["lessons/01_outputs.md:9"],
  );
});

Deno.test("the build shows what each output block printed when it ran, once per distinct block", async () => {
  const root = await fixture({
    "01_outputs": LESSON,
    "02_again": SECOND(RANDOM),
  });
  try {
    const outDir = join(root, "_site");
    await build({ root, outDir, search: false });
    const pages = await builtPages(outDir);
    const first = pages.find((page) => page.url === "/lessons/01_outputs/");
    assert.ok(first, "The fixture lesson has a page.");
    const outputs = [
      ...first.html.matchAll(
        /<figure class="run-output">([\s\S]*?)<\/figure>/g,
      ),
    ].map((m) => textOf(m[1]!));
    assert.equal(outputs.length, 1, "Only the block marked output shows one.");
    const [output = ""] = outputs;
    assert.match(
      output,
      /^Output of the code above, run as example\.ts when this page was built/,
    );
    // Produced by the run: none of this text is in the lesson.
    assert.match(output, /The entry is still reachable:/);
    assert.match(
      output,
      /module example\.ts.*\(Set\)\n\s*→ an entry \(Object\)/,
    );
    assert.match(output, /product: 42/);
    assert.doesNotMatch(LESSON, /product: 42|still reachable/);
    assert.equal(output.match(UUID)?.length, 1, "The run printed a UUID.");
    assert.match(
      first.html,
      /<figure class="run-output"><figcaption>.*?<\/figcaption><pre class="shiki language-text"/,
      "The output is highlighted as text.",
    );
    assert.doesNotMatch(first.html, /course-output:/, "No marker is left.");

    const again = pages.find((page) => page.url === "/lessons/02_again/");
    const uuids = textOf(again?.html ?? "").match(UUID) ?? [];
    assert.equal(uuids.length, 2, "Both blocks show an output.");
    assert.equal(uuids[0], uuids[1], "The same block ran once, not twice.");
    assert.notEqual(uuids[0], output.match(UUID)?.[0]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a block that fails stops the build and is named", async () => {
  const failing = SECOND('throw new Error("the example broke");\n');
  const root = await fixture({ "01_broken": failing });
  try {
    await assert.rejects(
      build({ root, outDir: join(root, "_site"), search: false }),
      /The example at lessons\/01_broken\.md:7 failed: .*the example broke/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a block that runs too long is ended and named", async () => {
  const started = performance.now();
  await assert.rejects(
    runBlock(
      {
        code: "await new Promise((resolve) => setTimeout(resolve, 60_000));\n",
        where: "lessons/01_slow.md:3",
      },
      { root: REPO_ROOT, timeoutMs: 1000 },
    ),
    /^ExampleError: The example at lessons\/01_slow\.md:3 ran for more than 1000 ms$/,
  );
  assert.ok(performance.now() - started < 10_000, "The run was not ended.");
});

Deno.test("deno test --doc type-checks and runs a ts output block as TypeScript", async () => {
  const folder = await Deno.makeTempDir({ prefix: "course_doc_output_" });
  try {
    const run = async (code: string) => {
      await Deno.writeTextFile(
        join(folder, "lesson.md"),
        `# Lesson\n\n\`\`\`ts output\n${code}\`\`\`\n`,
      );
      const { success, stdout, stderr } = await new Deno.Command(
        Deno.execPath(),
        {
          args: ["test", "--doc", "--no-config", "lesson.md"],
          cwd: folder,
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        },
      ).output();
      const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      return { success, output: decode(stdout) + decode(stderr) };
    };
    const typed = await run('const n: number = "six";\n');
    assert.equal(typed.success, false, typed.output);
    assert.match(typed.output, /TS2322/, "The block is type-checked.");
    const ran = await run('throw new Error("ran as a test");\n');
    assert.equal(ran.success, false, ran.output);
    assert.match(ran.output, /ran as a test/, "The block runs.");
    const passes = await run('console.log("fine");\n');
    assert.equal(passes.success, true, passes.output);
    assert.match(passes.output, /1 passed/);
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});
