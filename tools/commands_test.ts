/**
 * A learner without Deno on the search path follows only what the course
 * prints: in a fresh clone, `grade` prints commands in their npm form, and
 * each printed command works as printed.
 *
 * @module
 */

import assert from "node:assert/strict";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { denoVersion, npxPrefix } from "../course/mod.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** A search path with npm's `npx` and the system's tools, but no `deno`. */
function pathWithoutDeno(): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(delimiter);
  const has = (dir: string, name: string) => {
    try {
      return Deno.statSync(join(dir, name)).isFile;
    } catch {
      return false;
    }
  };
  const npx = dirs.find((dir) => has(dir, "npx"));
  if (!npx) return undefined;
  return [npx, "/usr/bin", "/bin"].filter((dir) => !has(dir, "deno"))
    .join(delimiter);
}

const path = pathWithoutDeno();

Deno.test({
  name:
    "without Deno on the search path, every command grade prints works as printed from a fresh clone",
  // npm's npx is how a learner without Deno runs the course; without it
  // there is nothing to follow.
  ignore: path === undefined,
}, async () => {
  const clone = await Deno.makeTempDir({ prefix: "course_clone_" });
  try {
    const cloned = await new Deno.Command("git", {
      args: ["clone", "-q", root, clone],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.ok(cloned.success, new TextDecoder().decode(cloned.stderr));
    const run = async (args: string[]) => {
      const { code, stdout, stderr } = await new Deno.Command(args[0]!, {
        args: args.slice(1),
        cwd: clone,
        env: { PATH: path!, NO_COLOR: "1", HOME: Deno.env.get("HOME") ?? "" },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      return { code, stdout: text(stdout), stderr: text(stderr) };
    };
    // The course as a learner first grades it, through npm.
    const first = await run([
      "npx",
      "--yes",
      `deno@${denoVersion}`,
      "task",
      "grade",
    ]);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /Next: 1\./);
    assert.match(first.stdout, /Tip: "npm install -g deno@/);
    const printed = [
      ...first.stdout.matchAll(
        new RegExp(`${npxPrefix.replaceAll(".", "\\.")} task [^\\n]+`, "g"),
      ),
    ].map((m) => m[0].trim());
    assert.ok(printed.length >= 2, `no commands printed:\n${first.stdout}`);
    assert.doesNotMatch(
      first.stdout,
      /(^|\s)deno task /,
      "a bare deno command",
    );
    for (const command of printed) {
      const { code, stdout, stderr } = await run(["sh", "-c", command]);
      assert.ok(
        code === 0 || code === 1,
        `${command}: exit ${code}\n${stderr}`,
      );
      assert.doesNotMatch(stderr, /not found|error:/, command);
      assert.ok(stdout.length > 0, `${command} printed nothing`);
    }
    // The tip is said once.
    const again = await run([
      "npx",
      "--yes",
      `deno@${denoVersion}`,
      "task",
      "grade",
    ]);
    assert.doesNotMatch(again.stdout, /Tip: /);
    assert.match(again.stdout, /unchanged/);
  } finally {
    await Deno.remove(clone, { recursive: true });
  }
});
