/**
 * Tests for `hunt_the_leak.ts`: one test per requirement listed for
 * "hunt_the_leak" in course.json, where the wrong answers they reject are
 * listed too.
 *
 * The collection tests use `assertCollected`, so that a document that stays
 * reachable fails with the chain of references that keeps it: the path the
 * learner is asked to read. The other tests check that the editor still does
 * what it promised, so that deleting a feature does not pass for a fix.
 *
 * @module
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { assertCollected } from "@course/gc";
import { anyName, assertProperty, attempt } from "../_testing.ts";
import { type Doc, Editor, type Match } from "./hunt_the_leak.ts";

/** Resolves after `ms` milliseconds. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A match in plain words: the document's name and the index. */
const where = (match: Match | undefined) =>
  match === undefined ? "nothing" : `"${match.doc.name}" at ${match.index}`;

Deno.test("edit() changes a document's text and undo() puts each earlier text back, latest first", () => {
  const editor = new Editor();
  const doc = editor.open("notes.txt", "a");
  editor.edit(doc, "ab");
  editor.edit(doc, "abc");
  assert.equal(doc.text, "abc", "edit() should replace the text.");
  assert.equal(editor.undo(), "notes.txt", "undo() returns the name.");
  assert.equal(doc.text, "ab", "The first undo() reverts the latest edit.");
  assert.equal(editor.undo(), "notes.txt", "undo() returns the name.");
  assert.equal(doc.text, "a", "The second undo() reverts the edit before.");
  assert.equal(
    editor.undo(),
    undefined,
    "With nothing left to undo, undo() returns undefined.",
  );
  editor.close(doc);
});

Deno.test("undo() reverts the latest edit of a document that is still open", () => {
  const editor = new Editor();
  const kept = editor.open("kept.txt", "k0");
  const closed = editor.open("closed.txt", "c0");
  editor.edit(kept, "k1");
  editor.edit(closed, "c1");
  editor.close(closed);
  assert.equal(
    editor.undo(),
    "kept.txt",
    "After closing a document, undo() should revert the latest edit of a document that is still open.",
  );
  assert.equal(kept.text, "k0", "undo() should put the earlier text back.");
  assert.equal(closed.text, "c1", "undo() must not change a closed document.");
  assert.equal(editor.undo(), undefined, "Nothing is left to undo.");
  editor.close(kept);
});

/** Documents to open, as names and texts, and a query to find in them. */
interface FindCase {
  docs: [name: string, text: string][];
  query: string;
}

const findCases: fc.Arbitrary<FindCase> = fc.record({
  docs: fc.uniqueArray(
    fc.tuple(
      anyName,
      fc.stringMatching(/^[ab ]{0,8}$/),
    ),
    { minLength: 1, maxLength: 4, selector: ([name]) => name },
  ),
  query: fc.constantFrom("a", "b", "ab", "aa", "a b"),
});

/** What find() gets wrong for one case, in plain words, if anything. */
function findProblem({ docs, query }: FindCase): string | undefined {
  const editor = new Editor();
  const opened = docs.map(([name, text]) =>
    attempt(`open(${JSON.stringify(name)})`, () => editor.open(name, text))
  );
  const matches: { doc: Doc; index: number }[] = [];
  for (const doc of opened) {
    for (let i = 0; i < doc.text.length; i++) {
      if (doc.text.startsWith(query, i)) matches.push({ doc, index: i });
    }
  }
  const story = `With the documents ${
    docs.map(([name, text]) =>
      `${JSON.stringify(name)}: ${JSON.stringify(text)}`
    )
      .join(", ")
  }, call`;
  const call = `find(${JSON.stringify(query)})`;
  for (let n = 1; n <= matches.length * 2 + 1; n++) {
    const found = attempt(call, () => editor.find(query));
    const want = matches[(n - 1) % Math.max(matches.length, 1)];
    if (where(found) !== where(want)) {
      return `${story} ${n} of ${call} returned ${where(found)} instead of ${
        where(want)
      }`;
    }
    if (want === undefined) continue;
    if (found?.doc !== want.doc) {
      return `${story} ${n} of ${call} returned another object than the document itself`;
    }
    const cursor = editor.cursor(want.doc);
    if (cursor !== want.index) {
      return `${story} ${n} of ${call} left the cursor of "${want.doc.name}" at ${cursor}, not at the match`;
    }
  }
  return undefined;
}

Deno.test("find() returns each match in turn, across the open documents, and wraps around", () => {
  assertProperty(findCases, findProblem);
});

Deno.test("edits are saved after a pause, or at once by close(), and only once", async () => {
  const saved: string[] = [];
  const editor = new Editor({
    save: (name, text) => saved.push(`${name}: ${text}`),
    autosaveMs: 20,
  });
  const paused = editor.open("paused.txt");
  editor.edit(paused, "one");
  editor.edit(paused, "two");
  await sleep(100);
  assert.deepEqual(
    saved,
    ["paused.txt: two"],
    "An edited document should be saved once, autosaveMs after its last edit.",
  );
  const closed = editor.open("closed.txt");
  const untouched = editor.open("untouched.txt");
  editor.edit(closed, "draft");
  editor.close(untouched);
  editor.close(closed);
  assert.deepEqual(
    saved,
    ["paused.txt: two", "closed.txt: draft"],
    "close() should save a pending change at once (and save nothing for a document without one).",
  );
  await sleep(100);
  assert.deepEqual(
    saved,
    ["paused.txt: two", "closed.txt: draft"],
    "A document saved by close() must not be saved again when its autosave was due.",
  );
  editor.close(paused);
});

/** What recentlyClosed gets wrong once `names` are closed in order, if anything. */
function recentProblem(names: string[]): string | undefined {
  const editor = new Editor();
  for (const name of names) {
    attempt(`closing "${name}"`, () => editor.close(editor.open(name)));
  }
  const recent = Editor.recentlyClosed;
  const latest = names.toReversed().slice(0, 10);
  const story = `After closing ${JSON.stringify(names)} in that order`;
  if (recent.length > 10) {
    return `${story}, recentlyClosed lists ${recent.length} names, not ten at most`;
  }
  if (recent.slice(0, latest.length).join("\n") !== latest.join("\n")) {
    return `${story}, recentlyClosed starts with ${
      JSON.stringify(recent.slice(0, latest.length))
    }, not the latest first: ${JSON.stringify(latest)}`;
  }
  return undefined;
}

Deno.test("Editor.recentlyClosed lists the last ten documents closed, latest first", () => {
  const names = fc.uniqueArray(anyName, { minLength: 1, maxLength: 14 });
  assertProperty(names, recentProblem);
});

// Each helper opens, uses and closes a document in its own frame, so that
// afterwards only the editor (or the module) could still reach it.

function editAndClose(editor: Editor): WeakRef<Doc> {
  const doc = editor.open("edited.txt", "first");
  editor.edit(doc, "second");
  editor.edit(doc, "third");
  editor.undo();
  editor.close(doc);
  return new WeakRef(doc);
}

function findAndClose(editor: Editor): WeakRef<Doc> {
  const doc = editor.open("found.txt", "a needle, another needle");
  editor.find("needle"); // the needle of the document opened before
  assert.equal(editor.find("needle")?.doc, doc, "find() should go on here.");
  editor.close(doc);
  return new WeakRef(doc);
}

Deno.test("a closed document can be collected after it was edited", async () => {
  // A pending autosave would hold the document until it fires: long enough.
  const editor = new Editor({ autosaveMs: 60_000 });
  const ref = editAndClose(editor);
  await assertCollected(ref, {
    message:
      "The closed document was still reachable after 10 collections, while the editor lives on",
    name: "the closed document",
  });
  assert.deepEqual(editor.names, [], "The editor should hold no document.");
});

Deno.test("a closed document can be collected after find() matched in it", async () => {
  const editor = new Editor();
  const other = editor.open("other.txt", "one needle");
  const ref = findAndClose(editor);
  await assertCollected(ref, {
    message:
      "The closed document was still reachable after 10 collections, while the editor lives on",
    name: "the closed document",
  });
  assert.equal(
    where(editor.find("needle")),
    where({ doc: other, index: 4 }),
    "Once the document of the last match is closed, find() should start again from the first open document.",
  );
  editor.close(other);
});
