/**
 * "Why is it still alive?": the shortest chain of strong references from a
 * GC root to an object, read from a heap snapshot of the running process and
 * told in words.
 *
 * Taking the snapshot needs the `sys` permission, or an inspector session
 * opened earlier by a preload (see `gc/_inspector.ts`).
 *
 * @example Explain what keeps an object alive
 * ```ts
 * import { whyAlive } from "@course/gc";
 *
 * class Label {}
 * const labels = new Set<Label>();
 * function addLabel(): Label {
 *   const label = new Label();
 *   labels.add(label);
 *   return label;
 * }
 *
 * const { reachable, text } = await whyAlive(addLabel(), { name: "the label" });
 * if (!reachable) throw new Error("expected the set to keep the label");
 * console.log(text);
 * // The label is still reachable:
 * //   variable `labels` of ... (Set)
 * //   → an entry (Label)
 * ```
 *
 * @module
 */

import {
  at,
  child,
  type HeapSnapshot,
  parseHeapSnapshot,
  shortestPath,
} from "./_heap_snapshot.ts";
import { mapKeyOf, sourceLines, takeHeapSnapshot } from "./_inspector.ts";
import { type Draft, readPath, scriptUrl, shortUrl } from "./_retainer_path.ts";

/** Options for {@linkcode whyAlive}. */
export interface WhyAliveOptions {
  /**
   * How the text names the object, for example "the label". By default "the"
   * and its constructor's name.
   */
  name?: string;
}

/** How one object on the path holds the next. */
export type HopKind =
  /** A module's top-level variable. */
  | "variable"
  /** A property of `globalThis`. */
  | "global"
  /** A variable of a function that is paused at an `await`. */
  | "local"
  /** The console, which keeps the values passed to `console.log`. */
  | "console"
  /** A timer from `setTimeout` or `setInterval` that the runtime still holds. */
  | "timer"
  /** A root that the runtime holds, with no better name. */
  | "runtime"
  /** A property. */
  | "property"
  /** A private field (`#name`). */
  | "field"
  /** An array element. */
  | "element"
  /** A key of a Map. */
  | "key"
  /** An entry of a Set, or a value of a Map. */
  | "entry"
  /** A variable (or `this`) that a closure keeps. */
  | "closure"
  /** The value that a WeakMap pairs with a key that is alive. */
  | "weak-map-value"
  /** The value a FinalizationRegistry holds for a registered target. */
  | "held-value"
  /** A callback that a promise or a FinalizationRegistry will call. */
  | "callback"
  /** A function paused at an `await`, which keeps what it needs to resume. */
  | "paused"
  /** The target, `this` or an argument of a bound function. */
  | "bound"
  /** A reference inside the runtime, for example a promise's callback. */
  | "internal";

/** One step of a retaining path. */
export interface Hop {
  /** How the previous object holds the one this hop reaches. */
  kind: HopKind;
  /**
   * The variable, property or field name, the element index, or the Map key
   * written as code (`"alpha"`, `42`), where known.
   */
  name?: string | number;
  /** What this hop reaches: a constructor name (`"Set"`) or `"function"`. */
  reaches: string;
  /** Where the function that this hop reaches was defined (`file:line`). */
  at?: string;
  /** The hop in words. */
  text: string;
}

/** What {@linkcode whyAlive} found. */
export interface WhyAlive {
  /** Whether the object was found in the heap snapshot. */
  found: boolean;
  /** Whether a chain of strong references leads to it from a GC root. */
  reachable: boolean;
  /** That chain, from the root's side to the object; empty when there is none. */
  path: Hop[];
  /** The explanation, one hop a line. */
  text: string;
}

let probes = 0;

/**
 * Holds the object during the snapshot, under a property name of its own, so
 * that it can be found there (property names appear in full in a snapshot).
 */
class WhyAliveProbe {
  readonly token = `whyAliveTarget${++probes}`;
  held: Record<string, WeakKey | undefined> = {};

  constructor(target: WeakKey) {
    this.held[this.token] = target;
  }

  release(): void {
    delete this.held[this.token];
  }
}

const WEAK_EDGES = new Set(["weak", "shortcut"]);

/**
 * Takes a heap snapshot and explains what keeps `value` reachable: the
 * shortest chain of strong references from a GC root to it, ignoring weak
 * references and this helper's own. Needs the `sys` permission (or a preload
 * that called `openInspector`); rejects when no snapshot can be taken.
 */
export function whyAlive(
  value: WeakKey,
  options: WhyAliveOptions = {},
): Promise<WhyAlive> {
  const type = typeof value;
  if (
    type !== "function" && type !== "symbol" && (type !== "object" || !value)
  ) {
    return Promise.reject(
      new TypeError(
        `whyAlive() explains objects only: received "${String(value)}"`,
      ),
    );
  }
  // Only the probe holds `value` from here on: no frame of this helper does.
  return explain(new WhyAliveProbe(value), options);
}

async function explain(
  probe: WhyAliveProbe,
  options: WhyAliveOptions,
): Promise<WhyAlive> {
  // Let the caller's job end, so that its stack and WeakRef.deref() no
  // longer keep the object.
  await new Promise((resolve) => setTimeout(resolve, 0));
  let snapshot: string;
  try {
    snapshot = await takeHeapSnapshot();
  } finally {
    probe.release();
  }
  const heap = parseHeapSnapshot(snapshot);
  const { target, probeNodes } = findTarget(heap, probe.token);
  const subject = options.name ??
    (target === undefined ? "the object" : defaultName(heap, target));
  if (target === undefined) {
    return {
      found: false,
      reachable: false,
      path: [],
      text: `${capitalize(subject)} was not found in the heap snapshot.`,
    };
  }
  const edges = shortestPath(heap, target, {
    follow: (edge) => !WEAK_EDGES.has(heap.edgeType(edge)),
    enter: (node) => !probeNodes.has(node),
  });
  if (!edges) {
    const weak = weakHolders(heap, target, probeNodes);
    const how = weak.length
      ? `it is only weakly reachable (${weak.join(", ")})`
      : "it is at most weakly reachable (for example as a WeakMap key)";
    return {
      found: true,
      reachable: false,
      path: [],
      text:
        `No chain of strong references leads to ${subject}: ${how}, and may simply not have been collected yet.`,
    };
  }
  const path = await resolveHops(heap, readPath(heap, edges));
  const lines = path.map((hop, i) => `  ${i === 0 ? "" : "→ "}${hop.text}`);
  return {
    found: true,
    reachable: true,
    path,
    text: [`${capitalize(subject)} is still reachable:`, ...lines].join("\n"),
  };
}

function findTarget(
  heap: HeapSnapshot,
  token: string,
): { target: number | undefined; probeNodes: Set<number> } {
  const probeNodes = new Set<number>();
  let target: number | undefined;
  for (let node = 0; node < heap.nodeCount; node++) {
    if (
      heap.nodeType(node) !== "object" ||
      heap.nodeName(node) !== WhyAliveProbe.name
    ) continue;
    probeNodes.add(node);
    const held = child(heap, node, "held");
    target ??= held === undefined ? undefined : child(heap, held, token);
  }
  return { target, probeNodes };
}

function weakHolders(
  heap: HeapSnapshot,
  target: number,
  probeNodes: Set<number>,
): string[] {
  const holders = new Set<string>();
  const { firstEdge, edgeTo } = heap;
  for (let node = 0; node < heap.nodeCount; node++) {
    if (probeNodes.has(node)) continue;
    const end = at(firstEdge, node + 1);
    for (let e = at(firstEdge, node); e < end; e++) {
      if (at(edgeTo, e) !== target || heap.edgeType(e) !== "weak") continue;
      const name = heap.edgeName(e);
      const holder = heap.nodeName(node);
      if (holder === "WeakRef") holders.add("the target of a WeakRef");
      else if (holder.endsWith("WeakCell")) {
        holders.add(
          name === "unregister_token"
            ? "an unregister token of a FinalizationRegistry"
            : "a target registered with a FinalizationRegistry",
        );
      } else holders.add(`a weak reference from ${holder}`);
    }
  }
  return [...holders];
}

function defaultName(heap: HeapSnapshot, node: number): string {
  const type = heap.nodeType(node);
  if (type === "closure") return "the function";
  const name = heap.nodeName(node);
  return type === "object" && name && name !== "Object"
    ? `the ${name}`
    : "the object";
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Finds source lines and Map keys, then puts each hop into words. */
async function resolveHops(
  heap: HeapSnapshot,
  drafts: Draft[],
): Promise<Hop[]> {
  const functions = new Set([
    ...drafts.flatMap((d) => d.about === undefined ? [] : [d.about]),
    ...drafts.map((d) => d.node).filter((n) => heap.nodeType(n) === "closure"),
  ]);
  const positions = [...functions].flatMap((node) => {
    const location = heap.location(node);
    if (!location) return [];
    const { line, column } = location;
    return [{ node, url: scriptUrl(heap, node) ?? "", line, column }];
  });
  const lines = await sourceLines(positions);
  const places = new Map(positions.map(({ node, url }, k) => {
    const file = shortUrl(url);
    const line = lines[k];
    return [node, line === undefined ? file : `${file}:${line}`];
  }));
  const where = (node: number) => places.get(node) ?? "an unknown place";
  const hops: Hop[] = [];
  for (const draft of drafts) {
    let label = draft.label(where);
    let name = draft.name;
    if (draft.lookup) {
      const key = await mapKeyOf(
        at(heap.nodeId, draft.lookup.map),
        at(heap.nodeId, draft.lookup.value),
      );
      if (key !== undefined) {
        label = `the entry for key ${key}`;
        name = key;
      }
    }
    const node = draft.node;
    const place = places.get(node);
    const reaches = kindOf(heap, node);
    const fn = heap.nodeName(node);
    const what = draft.kind === "paused"
      ? ""
      : reaches === "function"
      ? `: ${fn ? `function \`${fn}\`` : "the function"}${
        place ? ` at ${place}` : ""
      }`
      : heap.nodeType(node) === "synthetic"
      ? ` ${reaches}`
      : ` (${reaches})`;
    hops.push({
      kind: draft.kind,
      ...(name === undefined ? {} : { name }),
      reaches,
      ...(place === undefined ? {} : { at: place }),
      text: label + what,
    });
  }
  return hops;
}

/** What a node is, in a word: a constructor name, "function" or "string". */
function kindOf(heap: HeapSnapshot, node: number): string {
  const type = heap.nodeType(node);
  if (type === "closure") return "function";
  if (type.endsWith("string")) return "string";
  if (type === "number" || type === "symbol" || type === "bigint") return type;
  return heap.nodeName(node);
}
