/**
 * Opening the course folder in VS Code offers the Deno extension and turns it
 * on, with the course's configuration, so that exercises type-check in the
 * editor; the grader's `file:line:column` places are relative to that folder,
 * which is what makes them clickable in its terminal.
 *
 * @module
 */

import assert from "node:assert/strict";

const read = async (path: string) =>
  JSON.parse(await Deno.readTextFile(new URL(`../${path}`, import.meta.url)));

Deno.test("VS Code offers the Deno extension and enables it with the course's deno.json", async () => {
  const extensions = await read(".vscode/extensions.json");
  assert.deepEqual(extensions.recommendations, ["denoland.vscode-deno"]);
  const settings = await read(".vscode/settings.json");
  assert.equal(settings["deno.enable"], true);
  assert.equal(settings["deno.config"], "./deno.json");
  const config = await read(settings["deno.config"]);
  assert.ok(config.imports["@course/gc"], "the editor resolves @course/gc");
});
