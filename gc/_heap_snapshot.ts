/**
 * A small reader for V8 heap snapshots (the `.heapsnapshot` JSON that the
 * inspector's `HeapProfiler.takeHeapSnapshot` streams), kept in typed arrays,
 * with a shortest-path search over strong edges.
 *
 * Nodes and edges are addressed by ordinal (0, 1, 2...), not by their offset
 * in the flat arrays of the file.
 *
 * @module
 */

/** The parts of a snapshot's JSON that this reader uses. */
interface SnapshotJson {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
      location_fields?: string[];
    };
  };
  nodes: number[];
  edges: number[];
  locations?: number[];
  strings: string[];
}

/** Where a function's code starts: a script node and a zero-based line. */
export interface SourceLocation {
  /** The ordinal of the script's node. */
  script: number;
  /** Zero-based line. */
  line: number;
  /** Zero-based column. */
  column: number;
}

/** A parsed heap snapshot, in typed arrays indexed by node and edge ordinal. */
export interface HeapSnapshot {
  /** How many nodes the snapshot has; node 0 is the synthetic root. */
  nodeCount: number;
  /** Each node's type name, for example "object", "closure", "hidden". */
  nodeType(node: number): string;
  /** Each node's name, for example a constructor name or a string value. */
  nodeName(node: number): string;
  /** Each node's own size in bytes. */
  selfSize: Uint32Array;
  /** Each node's id, which the inspector's `HeapProfiler` domain accepts. */
  nodeId: Uint32Array;
  /** The edges of `node`: ordinals from `firstEdge[node]` to `firstEdge[node + 1]`. */
  firstEdge: Uint32Array;
  /** Each edge's type name, for example "property", "context", "weak". */
  edgeType(edge: number): string;
  /** Each edge's name: a property or variable name, or an element index. */
  edgeName(edge: number): string | number;
  /** The node that each edge points to. */
  edgeTo: Uint32Array;
  /** Where a function (a closure node) was defined, where the snapshot says. */
  location(node: number): SourceLocation | undefined;
}

/** Edge types whose name is an index rather than a string. */
const INDEXED_EDGES = new Set(["element", "hidden"]);

/** Reads a snapshot from its JSON text. */
export function parseHeapSnapshot(text: string): HeapSnapshot {
  const json = JSON.parse(text) as SnapshotJson;
  const meta = json.snapshot.meta;
  const nodeFields = meta.node_fields;
  const nodeWidth = nodeFields.length;
  const edgeWidth = meta.edge_fields.length;
  const [typeAt, nameAt, idAt, sizeAt, edgeCountAt] = [
    "type",
    "name",
    "id",
    "self_size",
    "edge_count",
  ].map((f) => fieldIndex(nodeFields, f));
  const [edgeTypeAt, edgeNameAt, toAt] = ["type", "name_or_index", "to_node"]
    .map((f) => fieldIndex(meta.edge_fields, f));
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const strings = json.strings;

  const nodeCount = json.nodes.length / nodeWidth;
  const nodeTypeIds = new Uint8Array(nodeCount);
  const nodeNames = new Uint32Array(nodeCount);
  const selfSize = new Uint32Array(nodeCount);
  const nodeId = new Uint32Array(nodeCount);
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let n = 0, at = 0; n < nodeCount; n++, at += nodeWidth) {
    nodeTypeIds[n] = json.nodes[at + typeAt];
    nodeNames[n] = json.nodes[at + nameAt];
    selfSize[n] = json.nodes[at + sizeAt];
    nodeId[n] = json.nodes[at + idAt];
    firstEdge[n + 1] = firstEdge[n] + json.nodes[at + edgeCountAt];
  }

  const edgeCount = json.edges.length / edgeWidth;
  const edgeTypeIds = new Uint8Array(edgeCount);
  const edgeNames = new Uint32Array(edgeCount);
  const edgeTo = new Uint32Array(edgeCount);
  for (let e = 0, at = 0; e < edgeCount; e++, at += edgeWidth) {
    edgeTypeIds[e] = json.edges[at + edgeTypeAt];
    edgeNames[e] = json.edges[at + edgeNameAt];
    edgeTo[e] = json.edges[at + toAt] / nodeWidth;
  }
  const indexed = new Uint8Array(edgeTypes.length);
  edgeTypes.forEach((t, i) => indexed[i] = INDEXED_EDGES.has(t) ? 1 : 0);

  const locations = readLocations(json, nodeWidth);
  return {
    nodeCount,
    nodeType: (node) => nodeTypes[nodeTypeIds[node]],
    nodeName: (node) => strings[nodeNames[node]],
    selfSize,
    nodeId,
    firstEdge,
    edgeType: (edge) => edgeTypes[edgeTypeIds[edge]],
    edgeName: (edge) =>
      indexed[edgeTypeIds[edge]] ? edgeNames[edge] : strings[edgeNames[edge]],
    edgeTo,
    location: (node) => locations.get(node),
  };
}

function fieldIndex(fields: string[], name: string): number {
  const i = fields.indexOf(name);
  if (i < 0) throw new Error(`Heap snapshot lacks a field: "${name}"`);
  return i;
}

function readLocations(
  json: SnapshotJson,
  nodeWidth: number,
): Map<number, SourceLocation> {
  const fields = json.snapshot.meta.location_fields ?? [];
  const flat = json.locations ?? [];
  const locations = new Map<number, SourceLocation>();
  if (!fields.includes("script_object_index")) return locations;
  const [objectAt, scriptAt, lineAt, columnAt] = [
    "object_index",
    "script_object_index",
    "line",
    "column",
  ].map((f) => fieldIndex(fields, f));
  for (let at = 0; at < flat.length; at += fields.length) {
    locations.set(flat[at + objectAt] / nodeWidth, {
      script: flat[at + scriptAt] / nodeWidth,
      line: flat[at + lineAt],
      column: flat[at + columnAt],
    });
  }
  return locations;
}

/** Options for {@linkcode shortestPath}. */
export interface PathOptions {
  /** Whether the search may follow `edge`; every edge by default. */
  follow?: (edge: number) => boolean;
  /** Whether the search may pass through `node`; every node by default. */
  enter?: (node: number) => boolean;
}

/**
 * The edges of a shortest path from node 0 (the synthetic root) to `target`
 * (breadth-first), or `undefined` when no followed edge leads there.
 */
export function shortestPath(
  heap: HeapSnapshot,
  target: number,
  options: PathOptions = {},
): number[] | undefined {
  const { follow = () => true, enter = () => true } = options;
  const via = new Int32Array(heap.nodeCount);
  const parent = new Int32Array(heap.nodeCount);
  const seen = new Uint8Array(heap.nodeCount);
  const queue = new Uint32Array(heap.nodeCount);
  let head = 0, tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const node = queue[head++];
    if (node === target) break;
    for (let e = heap.firstEdge[node]; e < heap.firstEdge[node + 1]; e++) {
      const to = heap.edgeTo[e];
      if (seen[to] || !follow(e) || !enter(to)) continue;
      seen[to] = 1;
      via[to] = e;
      parent[to] = node;
      queue[tail++] = to;
    }
  }
  if (!seen[target]) return undefined;
  const path: number[] = [];
  for (let node = target; node !== 0; node = parent[node]) path.push(via[node]);
  return path.reverse();
}

/** The node that `node`'s edge named `name` points to, if it has one. */
export function child(
  heap: HeapSnapshot,
  node: number,
  name: string | number,
): number | undefined {
  const wanted = String(name);
  for (let e = heap.firstEdge[node]; e < heap.firstEdge[node + 1]; e++) {
    if (String(heap.edgeName(e)) === wanted) return heap.edgeTo[e];
  }
  return undefined;
}
