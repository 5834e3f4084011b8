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
import { assertCollected, collect } from "@course/gc";
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

/** One step of an editing session over four documents. */
type EditStep =
  | { kind: "edit"; doc: number; text: string }
  | { kind: "close"; doc: number };

const editSteps: fc.Arbitrary<EditStep[]> = fc.array(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("edit" as const),
        doc: fc.nat(3),
        text: fc.string({ maxLength: 3 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("close" as const),
        doc: fc.nat(3),
      }),
    },
  ),
  { maxLength: 14 },
);

/** What undo() gets wrong after `steps`, in plain words, if anything. */
function undoProblem(steps: EditStep[]): string | undefined {
  const editor = new Editor({ autosaveMs: 60_000 });
  const docs = [0, 1, 2, 3].map((i) =>
    attempt(`open("doc${i}.txt")`, () => editor.open(`doc${i}.txt`, `${i}`))
  );
  const closed = new Map<Doc, string>();
  let history: Doc[] = [];
  const story: string[] = [];
  for (const step of steps) {
    const doc = docs[step.doc]!;
    if (closed.has(doc)) continue;
    if (step.kind === "edit") {
      history.push(doc);
      attempt(`edit("${doc.name}")`, () => editor.edit(doc, step.text));
      story.push(`edit ${doc.name}`);
    } else {
      attempt(`close("${doc.name}")`, () => editor.close(doc));
      closed.set(doc, doc.text);
      history = history.filter((edited) => edited !== doc);
      story.push(`close ${doc.name}`);
    }
  }
  const after = `After ${story.join(", ") || "nothing"}`;
  for (let n = 1; n <= history.length + 1; n++) {
    const want = history.at(-n);
    const got = attempt("undo()", () => editor.undo());
    if (got !== want?.name) {
      return `${after}, undo() number ${n} returned ${
        JSON.stringify(got)
      }, not ${
        JSON.stringify(want?.name)
      }: it reverts the latest edit of a document still open, and closing a document keeps the history of the others`;
    }
    for (const [doc, text] of closed) {
      if (doc.text !== text) {
        return `${after}, undo() number ${n} changed ${doc.name}, which was closed: undo() never changes a closed document`;
      }
    }
  }
  for (const doc of docs) {
    attempt(`close("${doc.name}")`, () => editor.close(doc));
  }
  return undefined;
}

Deno.test("undo() reverts the latest edit of a document that is still open", () => {
  assertProperty(editSteps, undoProblem);
});

/**
 * Documents to open, as names and texts, a query to find in them, and what
 * to do: find, or close one of the documents (by its number).
 */
interface FindCase {
  docs: [name: string, text: string][];
  query: string;
  steps: ("find" | number)[];
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
  steps: fc.array(
    fc.oneof({ weight: 4, arbitrary: fc.constant("find" as const) }, {
      weight: 1,
      arbitrary: fc.nat(3),
    }),
    { minLength: 1, maxLength: 14 },
  ),
});

/** Where `query` starts in `text`, overlapping matches included. */
function indexesOf(text: string, query: string): number[] {
  return [...text].flatMap((_, i) => text.startsWith(query, i) ? [i] : []);
}

/** The match find() should return after `last`, among the open documents. */
function nextMatch(
  open: Doc[],
  last: Match | undefined,
  query: string,
): Match | undefined {
  const matches = open.flatMap((doc) =>
    indexesOf(doc.text, query).map((index) => ({ doc, index }))
  );
  if (last === undefined) return matches[0];
  const at = open.indexOf(last.doc);
  return matches.find(({ doc, index }) =>
    open.indexOf(doc) > at || (doc === last.doc && index > last.index)
  ) ?? matches[0];
}

/** What find() gets wrong for one case, in plain words, if anything. */
function findProblem({ docs, query, steps }: FindCase): string | undefined {
  const editor = new Editor();
  const opened = docs.map(([name, text]) =>
    attempt(`open(${JSON.stringify(name)})`, () => editor.open(name, text))
  );
  let open = [...opened];
  let last: Match | undefined;
  const story: string[] = [];
  const call = `find(${JSON.stringify(query)})`;
  const told = () =>
    `With the documents ${
      docs.map(([name, text]) =>
        `${JSON.stringify(name)}: ${JSON.stringify(text)}`
      ).join(", ")
    }, after ${story.join(", ")}`;
  for (const step of [...steps, "find", "find"] as const) {
    if (step !== "find") {
      const doc = opened[step % opened.length]!;
      if (!open.includes(doc)) continue;
      attempt(`close(${JSON.stringify(doc.name)})`, () => editor.close(doc));
      open = open.filter((d) => d !== doc);
      if (last?.doc === doc) last = undefined;
      story.push(`close(${JSON.stringify(doc.name)})`);
      continue;
    }
    const want = nextMatch(open, last, query);
    const found = attempt(call, () => editor.find(query));
    story.push(call);
    if (where(found) !== where(want)) {
      return `${told()}, the last ${call} returned ${where(found)} instead of ${
        where(want)
      }`;
    }
    last = want;
    if (want === undefined) continue;
    if (found?.doc !== want.doc) {
      return `${told()}, ${call} returned another object than the document itself`;
    }
    const cursor = editor.cursor(want.doc);
    if (cursor !== want.index) {
      return `${told()}, ${call} left the cursor of "${want.doc.name}" at ${cursor}, not at the match`;
    }
  }
  return undefined;
}

Deno.test("find() returns each match in turn, across the open documents, and wraps around", () => {
  assertProperty(findCases, findProblem);
});

/** Finds once and keeps nothing of the match. */
function findAndForget(editor: Editor): void {
  editor.find("needle");
}

Deno.test("find() keeps its place even when the caller keeps no match", async () => {
  const editor = new Editor();
  const doc = editor.open("haystack.txt", "needle, needle, needle");
  findAndForget(editor);
  await collect();
  assert.equal(
    where(editor.find("needle")),
    where({ doc, index: 8 }),
    "After a collection, find() started over instead of going on from its last match, which only it holds: keep the last match strongly",
  );
  editor.close(doc);
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

function editAndClose(editor: Editor, other: Doc): WeakRef<Doc> {
  const doc = editor.open("edited.txt", "first");
  editor.edit(doc, "second");
  editor.edit(other, "other, edited");
  editor.edit(doc, "third");
  editor.edit(doc, "fourth");
  editor.edit(doc, "fifth");
  editor.undo();
  editor.edit(other, "other, edited again");
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
  const other = editor.open("other.txt");
  // Its edits and the other document's are interleaved in the history.
  const ref = editAndClose(editor, other);
  await assertCollected(ref, {
    message:
      "The closed document was still reachable after 10 collections, while the editor lives on",
    name: "the closed document",
  });
  assert.deepEqual(
    editor.names,
    ["other.txt"],
    "The editor should hold only the document still open.",
  );
  editor.close(other);
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
