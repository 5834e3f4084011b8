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

/**
 * A parsed heap snapshot, in typed arrays indexed by node and edge ordinal.
 * A name that the snapshot does not have reads as "".
 */
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
  const { nodes, edges, strings } = json;
  const nodeFields = meta.node_fields;
  const edgeFields = meta.edge_fields;
  const nodeWidth = nodeFields.length;
  const edgeWidth = edgeFields.length;
  const typeAt = fieldIndex(nodeFields, "type");
  const nameAt = fieldIndex(nodeFields, "name");
  const idAt = fieldIndex(nodeFields, "id");
  const sizeAt = fieldIndex(nodeFields, "self_size");
  const edgeCountAt = fieldIndex(nodeFields, "edge_count");
  const edgeTypeAt = fieldIndex(edgeFields, "type");
  const edgeNameAt = fieldIndex(edgeFields, "name_or_index");
  const toAt = fieldIndex(edgeFields, "to_node");
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];

  const nodeCount = nodes.length / nodeWidth;
  const nodeTypeIds = new Uint8Array(nodeCount);
  const nodeNames = new Uint32Array(nodeCount);
  const selfSize = new Uint32Array(nodeCount);
  const nodeId = new Uint32Array(nodeCount);
  const firstEdge = new Uint32Array(nodeCount + 1);
  let edge = 0;
  for (let n = 0, offset = 0; n < nodeCount; n++, offset += nodeWidth) {
    nodeTypeIds[n] = item(nodes, offset + typeAt);
    nodeNames[n] = item(nodes, offset + nameAt);
    selfSize[n] = item(nodes, offset + sizeAt);
    nodeId[n] = item(nodes, offset + idAt);
    edge += item(nodes, offset + edgeCountAt);
    firstEdge[n + 1] = edge;
  }

  const edgeCount = edges.length / edgeWidth;
  const edgeTypeIds = new Uint8Array(edgeCount);
  const edgeNames = new Uint32Array(edgeCount);
  const edgeTo = new Uint32Array(edgeCount);
  for (let e = 0, offset = 0; e < edgeCount; e++, offset += edgeWidth) {
    edgeTypeIds[e] = item(edges, offset + edgeTypeAt);
    edgeNames[e] = item(edges, offset + edgeNameAt);
    edgeTo[e] = item(edges, offset + toAt) / nodeWidth;
  }
  const indexed = new Uint8Array(edgeTypes.length);
  edgeTypes.forEach((t, i) => indexed[i] = INDEXED_EDGES.has(t) ? 1 : 0);

  const locations = readLocations(json, nodeWidth);
  return {
    nodeCount,
    nodeType: (node) => pick(nodeTypes, nodeTypeIds, node),
    nodeName: (node) => pick(strings, nodeNames, node),
    selfSize,
    nodeId,
    firstEdge,
    edgeType: (edge) => pick(edgeTypes, edgeTypeIds, edge),
    edgeName: (edge) => {
      const type = edgeTypeIds[edge];
      return type !== undefined && indexed[type]
        ? at(edgeNames, edge)
        : pick(strings, edgeNames, edge);
    },
    edgeTo,
    location: (node) => locations.get(node),
  };
}

/** `array[i]`, or 0 past its end: a read of an ordinal known to be in range. */
export function at(array: Uint32Array, i: number): number {
  return array[i] ?? 0;
}

/** `list[i]`, or 0 past its end: a read of an index known to be in range. */
export function item(list: readonly number[], i: number): number {
  return list[i] ?? 0;
}

/** The name that `ids[i]` picks from `names`, or "" where there is none. */
function pick(
  names: readonly string[],
  ids: Uint8Array | Uint32Array,
  i: number,
): string {
  const id = ids[i];
  return id === undefined ? "" : names[id] ?? "";
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
  const objectAt = fieldIndex(fields, "object_index");
  const scriptAt = fieldIndex(fields, "script_object_index");
  const lineAt = fieldIndex(fields, "line");
  const columnAt = fieldIndex(fields, "column");
  for (let offset = 0; offset < flat.length; offset += fields.length) {
    locations.set(item(flat, offset + objectAt) / nodeWidth, {
      script: item(flat, offset + scriptAt) / nodeWidth,
      line: item(flat, offset + lineAt),
      column: item(flat, offset + columnAt),
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
  const { firstEdge, edgeTo } = heap;
  const via = new Uint32Array(heap.nodeCount);
  const parent = new Uint32Array(heap.nodeCount);
  const seen = new Uint8Array(heap.nodeCount);
  const queue = new Uint32Array(heap.nodeCount);
  let head = 0, tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const node = at(queue, head++);
    if (node === target) break;
    const end = at(firstEdge, node + 1);
    for (let e = at(firstEdge, node); e < end; e++) {
      const to = at(edgeTo, e);
      if (seen[to] || !follow(e) || !enter(to)) continue;
      seen[to] = 1;
      via[to] = e;
      parent[to] = node;
      queue[tail++] = to;
    }
  }
  if (!seen[target]) return undefined;
  const path: number[] = [];
  for (let node = target; node !== 0; node = at(parent, node)) {
    path.push(at(via, node));
  }
  return path.reverse();
}

/** The node that `node`'s edge named `name` points to, if it has one. */
export function child(
  heap: HeapSnapshot,
  node: number,
  name: string | number,
): number | undefined {
  const wanted = String(name);
  const { firstEdge, edgeTo } = heap;
  const end = at(firstEdge, node + 1);
  for (let e = at(firstEdge, node); e < end; e++) {
    if (String(heap.edgeName(e)) === wanted) return at(edgeTo, e);
  }
  return undefined;
}
