/**
 * runMain() in child processes: what a failing or interrupted command
 * prints, and that it always gets to clean up.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { spawnWatched } from "../site/_child.ts";

const COMMAND = new URL("./main.ts", import.meta.url).href;
const ERRORS = new URL("./errors.ts", import.meta.url).href;

/** Runs a script that calls runMain() with `body` as its main function. */
async function spawnCommand(body: string) {
  const dir = await Deno.makeTempDir({ prefix: "course_command_" });
  const script = join(dir, "main.ts");
  await Deno.writeTextFile(
    script,
    `import { runMain as runCommand } from "${COMMAND}";\n` +
      `import { CourseError as UsageError } from "${ERRORS}";\n` +
      `await runCommand(async (signal) => {\n${body}\n});\n`,
  );
  const command = spawnWatched(
    Deno.execPath(),
    ["run", "--no-lock", "--quiet", script],
    { env: { RUST_BACKTRACE: "1" } },
  );
  return {
    ...command,
    async [Symbol.asyncDispose]() {
      await command[Symbol.asyncDispose]();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("runMain() prints a thrown error as one line, exit code 1, or 2 for a usage error", async () => {
  {
    await using command = await spawnCommand(
      'throw new Error("The thing broke: \\"x\\"\\n    at somewhere (file.ts:1:1)");',
    );
    assert.equal(await command.done(), 1);
    assert.deepEqual(command.streams(), {
      stdout: "",
      stderr: 'error: The thing broke: "x"\n',
    });
  }
  await using usage = await spawnCommand(
    'throw new UsageError("--port: got \\"x\\"");',
  );
  assert.equal(await usage.done(), 2);
  assert.equal(usage.streams().stderr, 'error: --port: got "x"\n');
});

Deno.test("runMain() stops the command to clean up on an escaped error, with one line and no stack trace", async () => {
  for (
    const escape of [
      'setTimeout(() => { throw new Error("Escaped from a timer"); }, 0);',
      'Promise.reject(new Error("Escaped from a promise"));',
    ]
  ) {
    await using command = await spawnCommand(`
      ${escape}
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      console.log("cleaned up");
      return 0;`);
    assert.equal(await command.done(), 1, escape);
    const { stdout, stderr } = command.streams();
    assert.equal(stdout, "cleaned up\n", escape);
    assert.match(stderr, /^error: Escaped from a (timer|promise)\n$/, escape);
  }
});

Deno.test({
  name:
    "runMain() turns SIGINT, SIGTERM and SIGHUP into one abort, so that the command always finishes its cleanup",
  ignore: Deno.build.os === "windows",
  async fn() {
    for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      await using command = await spawnCommand(`
        console.log("ready");
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        await new Promise((resolve) => setTimeout(resolve, 200));
        console.log("Stopped by " + signal.reason);
        return 0;`);
      await command.printed("ready");
      // As a terminal's Ctrl-C under deno task: the signal comes twice.
      command.child.kill(name);
      command.child.kill(name);
      assert.equal(await command.done(), 0, name);
      assert.deepEqual(command.streams(), {
        stdout: `ready\nStopped by ${name}\n`,
        stderr: "",
      }, name);
    }
  },
});
