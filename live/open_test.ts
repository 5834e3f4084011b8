import assert from "node:assert/strict";
import { join } from "node:path";
import { browserOpener, openInBrowser } from "./open.ts";

Deno.test("browserOpener() names each system's opener", () => {
  assert.deepEqual(browserOpener("linux"), ["xdg-open"]);
  assert.deepEqual(browserOpener("darwin"), ["open"]);
  assert.equal(browserOpener("windows")[0], "cmd");
});

Deno.test({
  name:
    "openInBrowser() hands the address to the opener, and resolves to false where there is none or it fails",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "course_open_" });
    try {
      const opener = join(dir, "opener");
      const seen = join(dir, "seen.txt");
      await Deno.writeTextFile(opener, `#!/bin/sh\necho "$1" > "${seen}"\n`);
      await Deno.chmod(opener, 0o755);
      const url = "http://127.0.0.1:3000/";
      assert.equal(await openInBrowser(url, { command: [opener] }), true);
      assert.equal((await Deno.readTextFile(seen)).trim(), url);
      assert.equal(
        await openInBrowser(url, { command: [join(dir, "missing")] }),
        false,
      );
      assert.equal(await openInBrowser(url, { command: ["false"] }), false);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
