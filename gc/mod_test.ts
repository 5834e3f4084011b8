import assert from "node:assert/strict";
import { collect, collectUntil, nextTask } from "./mod.ts";

function makeRef(): WeakRef<object> {
  return new WeakRef({ payload: new Uint8Array(1024) });
}

Deno.test("collectUntil() sees an unreachable target cleared", async () => {
  const ref = makeRef();
  assert.equal(await collectUntil(() => ref.deref() === undefined), true);
});

Deno.test("collect() leaves a strongly held target alone", async () => {
  const target = { name: "kept" };
  const ref = new WeakRef(target);
  await collect();
  assert.equal(ref.deref(), target);
});

Deno.test("collectUntil() reports false when the condition never holds", async () => {
  let rounds = 0;
  const seen = await collectUntil(() => {
    rounds++;
    return false;
  }, { maxRounds: 3 });
  assert.equal(seen, false);
  assert.equal(rounds, 3);
});

Deno.test("collectUntil() lets finalization callbacks run", async () => {
  const cleaned: string[] = [];
  const registry = new FinalizationRegistry<string>((held) => {
    cleaned.push(held);
  });
  (function register() {
    registry.register({}, "first");
  })();
  assert.equal(await collectUntil(() => cleaned.length === 1), true);
  assert.deepEqual(cleaned, ["first"]);
});

Deno.test("requireGc() explains how to run when gc() is missing", async () => {
  const script = `import { requireGc } from "${new URL(
    "./mod.ts",
    import.meta.url,
  )}"; try { requireGc(); } catch (e) { console.log(String(e)); }`;
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stderr: "null",
  }).output();
  assert.match(
    new TextDecoder().decode(stdout),
    /GcUnavailableError: gc\(\) is not exposed: run with --v8-flags=--expose-gc/,
  );
});

Deno.test("nextTask() resolves after pending microtasks", async () => {
  const order: string[] = [];
  queueMicrotask(() => order.push("microtask"));
  await nextTask();
  order.push("task");
  assert.deepEqual(order, ["microtask", "task"]);
});
