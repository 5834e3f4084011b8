/**
 * Reference solution for "Hunt a leak you did not write".
 *
 * Of the six places in the editor that hold documents, four let go of a closed
 * one: the map of open documents (close() deletes it), the cursors (a
 * `WeakMap`), the autosave timers (close() saves at once and clears the
 * timer) and the list of recently closed names (it holds strings). The other
 * two kept it: the undo history, whose entries point at the documents they
 * change, and the last match of find(). The failing tests named both paths.
 * close() now drops the document's entries from the history, which is also
 * what undo() needed (it must never undo into a closed document), and
 * forgets the last match when it was in that document.
 *
 * @module
 */

/** A document open in an {@linkcode Editor}. */
export class Doc {
  /** The document's text. */
  text: string;

  constructor(readonly name: string, text = "") {
    this.text = text;
  }
}

/** Where find() found its query. */
export interface Match {
  /** The document that holds the match. */
  doc: Doc;
  /** Where the match starts in the document's text. */
  index: number;
}

/** Options for {@linkcode Editor}. */
export interface EditorOptions {
  /** Called with a document's name and text when it is saved. */
  save?: (name: string, text: string) => void;
  /** How long after its last edit a document is saved (1000 ms by default). */
  autosaveMs?: number;
}

/** One step back: the document and its text before the edit. */
interface Edit {
  doc: Doc;
  before: string;
}

/** How many closed names {@linkcode Editor.recentlyClosed} keeps. */
const RECENT_LIMIT = 10;

/** The names of recently closed documents, latest first, for every editor. */
const recentlyClosed: string[] = [];

/** Edits open documents, with undo, find and autosave. */
export class Editor {
  #docs = new Map<string, Doc>();
  #cursors = new WeakMap<Doc, number>();
  #timers = new Map<Doc, ReturnType<typeof setTimeout>>();
  #undo: Edit[] = [];
  #lastMatch: Match | undefined;
  #save: (name: string, text: string) => void;
  #autosaveMs: number;

  constructor(options: EditorOptions = {}) {
    this.#save = options.save ?? (() => {});
    this.#autosaveMs = options.autosaveMs ?? 1000;
  }

  /** The names of the open documents, in the order they were opened. */
  get names(): string[] {
    return [...this.#docs.keys()];
  }

  /** The names of the last ten documents closed, by any editor, latest first. */
  static get recentlyClosed(): string[] {
    return [...recentlyClosed];
  }

  /** Opens a new document; throws if one with that name is open. */
  open(name: string, text = ""): Doc {
    if (this.#docs.has(name)) {
      throw new Error(`A document named "${name}" is already open`);
    }
    const doc = new Doc(name, text);
    this.#docs.set(name, doc);
    return doc;
  }

  /** Replaces the text of an open document; saves it after a pause. */
  edit(doc: Doc, text: string): void {
    if (this.#docs.get(doc.name) !== doc) {
      throw new Error(`The document "${doc.name}" is not open`);
    }
    this.#undo.push({ doc, before: doc.text });
    doc.text = text;
    this.#scheduleSave(doc);
  }

  /** Reverts the latest edit; returns the name of the document it changed. */
  undo(): string | undefined {
    const edit = this.#undo.pop();
    if (edit === undefined) return undefined;
    edit.doc.text = edit.before;
    this.#scheduleSave(edit.doc);
    return edit.doc.name;
  }

  /** Where the cursor of an open document is: at its last match, or 0. */
  cursor(doc: Doc): number {
    return this.#cursors.get(doc) ?? 0;
  }

  /**
   * Finds `query` after the previous match, through the open documents in
   * opening order, and wraps around to the first match at the end.
   */
  find(query: string): Match | undefined {
    const docs = [...this.#docs.values()];
    const last = this.#lastMatch;
    const at = last === undefined ? -1 : docs.indexOf(last.doc);
    // From just after the last match to the end, then from the top.
    const order = at === -1
      ? docs
      : [...docs.slice(at), ...docs.slice(0, at + 1)];
    for (const [i, doc] of order.entries()) {
      const from = i === 0 && last && at !== -1 ? last.index + 1 : 0;
      const index = query === "" ? -1 : doc.text.indexOf(query, from);
      if (index === -1) continue;
      this.#cursors.set(doc, index);
      this.#lastMatch = { doc, index };
      return { doc, index };
    }
    this.#lastMatch = undefined;
    return undefined;
  }

  /** Closes an open document, saving a pending change first. */
  close(doc: Doc): void {
    if (this.#docs.get(doc.name) !== doc) return;
    this.#flush(doc);
    this.#docs.delete(doc.name);
    recentlyClosed.unshift(doc.name);
    recentlyClosed.splice(RECENT_LIMIT);
    this.#undo = this.#undo.filter((edit) => edit.doc !== doc);
    if (this.#lastMatch?.doc === doc) this.#lastMatch = undefined;
  }

  #scheduleSave(doc: Doc): void {
    clearTimeout(this.#timers.get(doc));
    this.#timers.set(
      doc,
      setTimeout(() => this.#flush(doc), this.#autosaveMs),
    );
  }

  #flush(doc: Doc): void {
    const timer = this.#timers.get(doc);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(doc);
    this.#save(doc.name, doc.text);
  }
}
