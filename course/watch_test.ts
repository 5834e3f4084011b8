import assert from "node:assert/strict";
import { join } from "node:path";
import { watchFiles } from "./watch.ts";

/** Batches handed over by a watch, to be awaited one at a time. */
function batches() {
  const queue: string[][] = [];
  const waiting: ((batch: string[]) => void)[] = [];
  return {
    onChange(paths: string[]) {
      const next = waiting.shift();
      if (next) next(paths);
      else queue.push(paths);
    },
    next(): Promise<string[]> {
      const batch = queue.shift();
      if (batch) return Promise.resolve(batch);
      return new Promise((resolve) => waiting.push(resolve));
    },
    /** How many batches came and were not taken with next(). */
    get unread() {
      return queue.length;
    },
  };
}

async function tempFolder(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "course_watch_" }),
  );
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }),
  };
}

/** Saves as many editors do: a temporary file renamed over the original. */
async function renameSave(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(`${path}.tmp~`, text);
  await Deno.rename(`${path}.tmp~`, path);
}

Deno.test("watchFiles() hands over a burst of saves once, with every path it touched", async () => {
  await using folder = await tempFolder();
  const seen = batches();
  await using _watch = watchFiles([folder.path], {
    debounceMs: 200,
    onChange: seen.onChange,
  });
  const a = join(folder.path, "a.ts");
  const b = join(folder.path, "sub", "b.ts");
  await Deno.mkdir(join(folder.path, "sub"));
  for (let i = 0; i < 5; i++) await Deno.writeTextFile(a, `// ${i}\n`);
  await Deno.writeTextFile(b, "// b\n");
  const burst = await seen.next();
  assert.ok(burst.includes(a) && burst.includes(b), `got ${burst}`);

  // A second burst after the first: had the first been handed over twice,
  // its second batch would come before this one.
  const marker = join(folder.path, "marker.ts");
  await Deno.writeTextFile(marker, "");
  assert.deepEqual(await seen.next(), [marker]);
});

Deno.test("watchFiles() follows a file saved by renaming a temporary file over it, save after save", async () => {
  await using folder = await tempFolder();
  const file = join(folder.path, "course.json");
  await Deno.writeTextFile(file, "{}");
  await Deno.writeTextFile(join(folder.path, "other.json"), "{}");
  const seen = batches();
  await using _watch = watchFiles([file], {
    debounceMs: 20,
    onChange: seen.onChange,
  });
  for (let save = 1; save <= 3; save++) {
    await renameSave(file, `{"save":${save}}`);
    // Only the watched file is handed over, not its neighbour or the temporary file.
    assert.deepEqual(await seen.next(), [file], `save ${save}`);
    assert.equal(await Deno.readTextFile(file), `{"save":${save}}`);
  }
  await Deno.writeTextFile(join(folder.path, "other.json"), "[]");
  await renameSave(file, "{}");
  assert.deepEqual(await seen.next(), [file]);
});

Deno.test("watchFiles() sees a watched file that does not exist yet once it is created", async () => {
  await using folder = await tempFolder();
  const file = join(folder.path, "later.md");
  const seen = batches();
  await using _watch = watchFiles([file, join(folder.path, "missing", "x")], {
    debounceMs: 20,
    onChange: seen.onChange,
  });
  await Deno.writeTextFile(file, "# Later\n");
  assert.deepEqual(await seen.next(), [file]);
});

Deno.test("watchFiles() never runs onChange twice at a time, and coalesces what changed meanwhile", async () => {
  await using folder = await tempFolder();
  const calls: string[][] = [];
  let active = 0;
  let overlapped = false;
  const { promise: release, resolve: letGo } = Promise.withResolvers<void>();
  const { promise: firstCall, resolve: onFirst } = Promise.withResolvers<
    void
  >();
  const { promise: secondCall, resolve: onSecond } = Promise.withResolvers<
    void
  >();
  await using _watch = watchFiles([folder.path], {
    debounceMs: 20,
    onChange: async (paths) => {
      overlapped ||= active > 0;
      active++;
      calls.push(paths);
      if (calls.length === 1) {
        onFirst();
        await release;
      } else onSecond();
      active--;
    },
  });
  const [a, b, c] = [
    join(folder.path, "a.ts"),
    join(folder.path, "b.ts"),
    join(folder.path, "c.ts"),
  ];
  await Deno.writeTextFile(a, "1");
  await firstCall;
  // Two bursts while the first batch still runs: handed over as one.
  await Deno.writeTextFile(b, "1");
  await new Promise((done) => setTimeout(done, 60));
  await Deno.writeTextFile(c, "1");
  await new Promise((done) => setTimeout(done, 60));
  letGo();
  await secondCall;
  assert.equal(overlapped, false, "onChange ran twice at a time");
  assert.deepEqual(calls, [[a], [b, c]]);
});

Deno.test("watchFiles() hands nothing over after close(), and reports a failing onChange to onError", async () => {
  await using folder = await tempFolder();
  const errors: unknown[] = [];
  const { promise: failed, resolve } = Promise.withResolvers<void>();
  let calls = 0;
  const watch = watchFiles([folder.path], {
    debounceMs: 20,
    onChange: () => {
      calls++;
      throw new Error("Broken");
    },
    onError: (error) => {
      errors.push(error);
      resolve();
    },
  });
  await Deno.writeTextFile(join(folder.path, "a.ts"), "1");
  await failed;
  assert.equal((errors[0] as Error).message, "Broken");
  await watch.close();
  await Deno.writeTextFile(join(folder.path, "b.ts"), "1");
  // The watcher is closed: a write can only be missed, so wait out two
  // debounce periods and check that nothing came.
  await new Promise((done) => setTimeout(done, 100));
  assert.equal(calls, 1);
});
