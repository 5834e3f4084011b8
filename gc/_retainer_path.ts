/**
 * Reads a retaining path (the edges of a heap snapshot from the root to an
 * object) as the hops a learner would name: variables, properties, fields,
 * entries, closures. V8's plumbing on the way (contexts, hash tables, hidden
 * classes, promise reactions, internal arrays) is folded into those hops, and
 * the path is told from its last anchor: a module's scope, `globalThis`, a
 * paused async function, or the console.
 *
 * @module
 */

import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { at, child, type HeapSnapshot, item } from "./_heap_snapshot.ts";
import type { HopKind } from "./why_alive.ts";

/** Words for a hop, given where each function was defined (`file:line`). */
export type Label = (where: (node: number) => string) => string;

/** A hop whose words still wait for source lines and Map keys. */
export interface Draft {
  /** How the previous object holds `node`. */
  kind: HopKind;
  /** The words before the description of `node`. */
  label: Label;
  /** The variable, property or field name, the index or the Map key. */
  name?: string | number;
  /** The node this hop reaches. */
  node: number;
  /** A paused function that the label names, whose line it needs. */
  about?: number;
  /** A Map and its value whose key the snapshot does not show. */
  lookup?: { map: number; value: number };
}

function hop(
  kind: HopKind,
  node: number,
  label: string | Label,
  more: Partial<Draft> = {},
): Draft {
  return {
    kind,
    node,
    label: typeof label === "string" ? () => label : label,
    ...more,
  };
}

/** Reads the hops of a path of edges that starts at the root (node 0). */
export function readPath(heap: HeapSnapshot, edges: number[]): Draft[] {
  const nodes = [0, ...edges.map((e) => at(heap.edgeTo, e))];
  const drafts: Draft[] = [];
  let i = anchorIndex(heap, edges, nodes);
  const timer = nodes.findLastIndex((n, k) =>
    k < nodes.length - 1 && heap.nodeType(n) === "object" &&
    heap.nodeName(n) === "Timeout"
  );
  if (i === 0 && timer > 0) {
    // The runtime keeps the timers that are still to fire.
    i = timer;
    drafts.push(
      hop(
        "timer",
        item(nodes, i),
        "a timer still to fire, set by setTimeout or setInterval",
      ),
    );
  } else if (i === 0) {
    // No anchor: name the runtime's root (its kind is node 2), read on.
    i = Math.min(2, edges.length);
    const root = item(nodes, i);
    drafts.push(
      hop("runtime", root, "held by the runtime", {
        name: heap.nodeName(root),
      }),
    );
  }
  const anchor = item(nodes, i);
  if (isCallback(heap, nodes, i)) {
    drafts.push(hop("callback", anchor, "a callback waiting for a promise"));
  } else if (isGenerator(heap, anchor)) {
    // Name the paused function itself unless the next hop names it.
    let next: Draft | undefined;
    for (let k = i; !next && k < edges.length;) {
      const [draft, used] = readHop(heap, edges, nodes, k, anchor, i);
      next = draft;
      k += used;
    }
    if (next?.kind !== "local") {
      const label: Label = (where) => paused(heap, where, anchor);
      drafts.push(hop("paused", anchor, label, { about: anchor }));
    }
  }
  let owner = anchor;
  let since = i;
  while (i < edges.length) {
    const [draft, used] = readHop(heap, edges, nodes, i, owner, since);
    i += used;
    if (draft) {
      drafts.push(draft);
      owner = draft.node;
      since = i;
    }
  }
  return drafts;
}

/** The index in `nodes` from which the path is worth telling, 0 if none. */
function anchorIndex(
  heap: HeapSnapshot,
  edges: number[],
  nodes: number[],
): number {
  for (let i = nodes.length - 1; i >= 1; i--) {
    const node = item(nodes, i);
    const anchor = i < nodes.length - 1 &&
      (isModuleScope(heap, node) || isGlobal(heap, node) ||
        isCallback(heap, nodes, i) ||
        (isGenerator(heap, node) && heap.location(node) !== undefined));
    if (anchor) return i;
    if (isConsole(heap, item(edges, i - 1))) return i - 1;
  }
  return 0;
}

/**
 * Reads the hop that starts with edge `i`, given the last node that a hop
 * reached (`owner`, at index `since`): its draft, if the edge means something
 * to a learner, and how many edges it takes.
 */
function readHop(
  heap: HeapSnapshot,
  edges: number[],
  nodes: number[],
  i: number,
  owner: number,
  since: number,
): [Draft | undefined, number] {
  const edge = item(edges, i);
  const from = item(nodes, i);
  const to = item(nodes, i + 1);
  // The next edge and the node it reaches, unless this edge is the last.
  const next = edges[i + 1];
  const beyond = nodes[i + 2];
  const type = heap.edgeType(edge);
  const name = heap.edgeName(edge);
  const text = String(name);
  if (type === "context") {
    // A `let` that changes lives in a cell of its own.
    const cell = beyond !== undefined &&
      heap.nodeName(to) === "system / ContextCell";
    return [
      contextHop(heap, from, owner, text, nodes, i, cell ? beyond : to),
      cell ? 2 : 1,
    ];
  }
  if (type === "property" && isGlobal(heap, from)) {
    return [hop("global", to, `globalThis.${text}`, { name }), 1];
  }
  if (type === "property" && text === "_onTimeout") {
    return [hop("callback", to, "its callback"), 1];
  }
  if (type === "property" && text.startsWith("#")) {
    return [hop("field", to, `field ${text}`, { name }), 1];
  }
  if (type === "property") {
    return [hop("property", to, `property \`${text}\``, { name }), 1];
  }
  if (type === "element") {
    return [hop("element", to, `element [${text}]`, { name }), 1];
  }
  if (text === "table" && next !== undefined) {
    const draft = tableHop(heap, from, to, next);
    if (draft) return [draft, 2];
  }
  if (isConsole(heap, edge)) {
    const label = "a value passed to console.log, which the console keeps";
    return [hop("console", to, label), 1];
  }
  if (text.includes("part of key")) {
    const label = "its value in a WeakMap, kept while this key is alive";
    return [hop("weak-map-value", to, label), 1];
  }
  if (text === "parameters_and_registers" && beyond !== undefined) {
    const label: Label = (where) =>
      `a local variable of ${paused(heap, where, from)}`;
    return [hop("local", beyond, label, { about: from }), 2];
  }
  if (text === "receiver" && isGenerator(heap, from)) {
    const label: Label = (where) => `\`this\` of ${paused(heap, where, from)}`;
    return [hop("local", to, label, { name: "this", about: from }), 1];
  }
  if (text === "bound_this") return [hop("bound", to, "its bound `this`"), 1];
  if (text === "bound_target_function") {
    return [hop("bound", to, "the function it binds"), 1];
  }
  if (text === "bound_arguments" && beyond !== undefined) {
    return [hop("bound", beyond, "a bound argument"), 2];
  }
  if (!visible(heap, to)) return [undefined, 1];
  if (heap.nodeName(from) === "system / WeakCell") {
    const label =
      "the held value of a target registered with a FinalizationRegistry";
    return [hop("held-value", to, label), 1];
  }
  if (
    heap.nodeName(from) === "FinalizationRegistry" &&
    heap.nodeType(to) === "closure"
  ) {
    return [hop("callback", to, "its cleanup callback"), 1];
  }
  const callback = nodes.slice(since, i + 1).some((n) =>
    heap.nodeName(n) === "system / PromiseReaction"
  );
  if (callback) {
    return [hop("callback", to, "a callback waiting for a promise"), 1];
  }
  return [hop("internal", to, "an internal reference"), 1];
}

/** A variable of a module, of a paused function or of a closure's scope. */
function contextHop(
  heap: HeapSnapshot,
  context: number,
  owner: number,
  name: string,
  nodes: number[],
  i: number,
  node: number,
): Draft {
  if (isModuleScope(heap, context)) {
    const defined = nodes.slice(0, i).findLast((n) => heap.location(n));
    const url = defined === undefined ? undefined : scriptUrl(heap, defined);
    const module = url === undefined ? "a module" : `module ${shortUrl(url)}`;
    return hop("variable", node, `${module}, variable \`${name}\``, { name });
  }
  if (isGenerator(heap, owner)) {
    const label: Label = (where) =>
      `variable \`${name}\` of ${paused(heap, where, owner)}`;
    return hop("local", node, label, { name, about: owner });
  }
  const label = heap.nodeType(owner) === "closure"
    ? `its closure keeps \`${name}\``
    : `variable \`${name}\``;
  return hop("closure", node, label, { name });
}

/**
 * An entry of a Map or Set: the edge `table` from the collection, then the
 * edge into a slot of that table.
 */
function tableHop(
  heap: HeapSnapshot,
  collection: number,
  table: number,
  slotEdge: number,
): Draft | undefined {
  const layout = tableLayout(at(heap.selfSize, table));
  const slot = Number(heap.edgeName(slotEdge));
  const to = at(heap.edgeTo, slotEdge);
  if (!layout || !(slot >= layout.firstEntry)) return undefined;
  if (layout.entrySize === 2) return hop("entry", to, "an entry");
  if ((slot - layout.firstEntry) % layout.entrySize === 0) {
    return hop("key", to, "a key");
  }
  const key = child(heap, table, slot - 1);
  const keyType = key === undefined ? "none" : heap.nodeType(key);
  if (key !== undefined && keyType === "string") {
    const code = JSON.stringify(heap.nodeName(key));
    return hop("entry", to, `the entry for key ${code}`, { name: code });
  }
  if (key !== undefined && keyType !== "number") {
    const type = heap.nodeName(key);
    const what = type === "Object" ? "a plain object" : `a ${type} object`;
    return hop("entry", to, `the entry whose key is ${what}`);
  }
  // A number, boolean, null or undefined key: the snapshot does not show it.
  return hop("entry", to, "an entry", {
    lookup: { map: collection, value: to },
  });
}

/** Tagged sizes V8 may use: 8 bytes, or 4 with pointer compression. */
const TAGGED_SIZES = [8, 4];

/**
 * Where entries start in a Map's or Set's hash table, and how many slots each
 * takes (key, value, chain for a Map; key, chain for a Set). V8 lays a table
 * out as 3 counters, B buckets, then 2B entries, B a power of two, so its size
 * tells which of the two it is.
 */
function tableLayout(
  selfSize: number,
): { firstEntry: number; entrySize: number } | undefined {
  for (const tagged of TAGGED_SIZES) {
    const length = selfSize / tagged - 2; // less the map and length words
    for (const entrySize of [3, 2]) {
      const buckets = (length - 3) / (1 + 2 * entrySize);
      if (
        Number.isInteger(buckets) && buckets > 0 &&
        (buckets & (buckets - 1)) === 0
      ) {
        return { firstEntry: 3 + buckets, entrySize };
      }
    }
  }
  return undefined;
}

/** Whether `nodes[i]` is a function of the program that a promise will call. */
function isCallback(heap: HeapSnapshot, nodes: number[], i: number): boolean {
  const node = item(nodes, i);
  const previous = nodes[i - 1];
  return heap.nodeType(node) === "closure" && !!heap.location(node) &&
    previous !== undefined &&
    heap.nodeName(previous) === "system / PromiseReaction";
}

function isConsole(heap: HeapSnapshot, edge: number): boolean {
  return String(heap.edgeName(edge)).includes("DevTools console");
}

function isGlobal(heap: HeapSnapshot, node: number): boolean {
  return heap.nodeType(node) === "object" &&
    heap.nodeName(node).includes("[JSGlobal");
}

function isGenerator(heap: HeapSnapshot, node: number): boolean {
  return heap.nodeType(node) === "object" &&
    /^(Async)?Generator$/.test(heap.nodeName(node));
}

/** A ScopeInfo's scope type, for example "MODULE_SCOPE". */
function scopeType(heap: HeapSnapshot, info: number | undefined) {
  const type = info === undefined
    ? undefined
    : child(heap, info, "scope_type_name");
  return type === undefined ? undefined : heap.nodeName(type);
}

/** Whether a node is the scope of a module's (or script's) top level. */
function isModuleScope(heap: HeapSnapshot, node: number): boolean {
  if (!heap.nodeName(node).startsWith("system / Context")) return false;
  const type = scopeType(heap, child(heap, node, "scope_info"));
  return type === "MODULE_SCOPE" || type === "SCRIPT_SCOPE";
}

/** Whether a generator runs a module's top-level code. */
function isModuleBody(heap: HeapSnapshot, generator: number): boolean {
  const fn = child(heap, generator, "function");
  const shared = fn === undefined ? undefined : child(heap, fn, "shared");
  const info = shared === undefined
    ? undefined
    : child(heap, shared, "name_or_scope_info");
  return scopeType(heap, info) === "MODULE_SCOPE";
}

/** Whether a learner would recognise the node as one of their values. */
function visible(heap: HeapSnapshot, node: number): boolean {
  const type = heap.nodeType(node);
  if (type === "closure" || type === "regexp") return true;
  return type === "object" && !heap.nodeName(node).startsWith("system /");
}

/** A paused async function (or module body), for a label. */
function paused(
  heap: HeapSnapshot,
  where: (node: number) => string,
  generator: number,
): string {
  if (!isModuleBody(heap, generator)) {
    return `the function at ${where(generator)}, paused at an await`;
  }
  const url = scriptUrl(heap, generator);
  return `module ${url ? shortUrl(url) : "?"}, paused at a top-level await`;
}

/** The URL of the script where a function (or generator) was defined. */
export function scriptUrl(
  heap: HeapSnapshot,
  node: number,
): string | undefined {
  const location = heap.location(node);
  const name = location && child(heap, location.script, "name");
  return name === undefined ? undefined : heap.nodeName(name);
}

/** A file URL as a path relative to the working directory where it can be. */
export function shortUrl(url: string): string {
  if (!url.startsWith("file:")) return url;
  const path = fileURLToPath(url);
  let near: string;
  try {
    near = relative(Deno.cwd(), path);
  } catch {
    return path;
  }
  return near.startsWith("..") ? path : near;
}
