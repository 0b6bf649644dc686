// Incremental layout bookkeeping: which groups need elk, and where new things go so that known
// positions never move when one thing changes. elk lays out a namespace the first time it is
// seen (and the whole picture on the first snapshot or on "Re-arrange"); after that, a new
// interface takes the first free cell of its group and a new namespace the next free place on
// the bottom shelf. Pure: the worker gives positions, this decides which to keep.
import { childNodes, type GroupNode, type TopologyGraph } from './graph';

export const SIZE = {
  ifWidth: 196,
  ifHeight: 64,
  pad: 12,
  header: 40,
  gap: 14,
  groupGap: 48,
  /** A collapsed namespace is drawn as a header only. */
  collapsedHeight: 44,
  /** New namespaces wrap onto a new shelf past this width (or the picture's width, if wider). */
  shelfWidth: 2400,
} as const;

export interface Point {
  x: number;
  y: number;
}
export interface GroupLayout {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Child positions relative to the group, kept even while a child is filtered out. */
  children: Map<string, Point>;
}
export interface LayoutMemory {
  groups: Map<string, GroupLayout>;
  /** Where the next new namespace goes. */
  shelf: { x: number; y: number; rowHeight: number };
}
export const emptyMemory = (): LayoutMemory => ({ groups: new Map(), shelf: { x: 0, y: 0, rowHeight: 0 } });

/** What elk computed for a group's inside: child positions and the group's size. */
export interface InteriorResult {
  w: number;
  h: number;
  children: Record<string, Point>;
}
export interface LayoutRequest {
  groups: { key: string; children: string[]; edges: [string, string][] }[];
  /** Edges between groups, for the whole-picture layout; absent for interiors only. */
  top?: {
    groups: string[];
    edges: [string, string][];
    collapsed: string[];
    hub?: string;
    /** The same edges with the drawn ends inside the groups: [group, group, end, end]. */
    wires?: [string, string, string, string][];
  };
}
export interface LayoutResponse {
  interiors: Record<string, InteriorResult>;
  top?: Record<string, Point>;
}

/** Columns for n interfaces: a small namespace is one column (its wires leave from both sides);
 * a crowded one a grid about 1.6 times as wide as tall, so no box is a strip. */
export function interiorColumns(n: number): number {
  if (n <= 6) return 1;
  const cellRatio = (SIZE.ifHeight + SIZE.gap) / (SIZE.ifWidth + SIZE.gap);
  return Math.max(2, Math.round(Math.sqrt(n * 1.6 * cellRatio)));
}

/**
 * A namespace's inside as a compact grid, bridges first and their ports right after. elk is not
 * used inside a namespace: its layered layout made a bridge with 300 ports one row 300 boxes
 * wide, and it costs milliseconds per namespace (seconds for a thousand).
 */
export function gridInterior(children: string[], edges: [string, string][]): InteriorResult {
  const targets = new Set(edges.map(([, t]) => t));
  const inside = new Set(children);
  const order: string[] = [];
  const placed = new Set<string>();
  const add = (k: string) => {
    if (placed.has(k)) return;
    placed.add(k);
    order.push(k);
  };
  const portsOf = new Map<string, string[]>();
  for (const [s, t] of edges) if (inside.has(s)) portsOf.set(t, [...(portsOf.get(t) ?? []), s]);
  for (const t of children) {
    if (!targets.has(t)) continue;
    add(t);
    for (const s of portsOf.get(t) ?? []) add(s);
  }
  children.forEach(add);
  const cols = interiorColumns(order.length);
  const pos: Record<string, Point> = {};
  order.forEach((k, i) => {
    pos[k] = { x: SIZE.pad + (i % cols) * (SIZE.ifWidth + SIZE.gap), y: SIZE.header + Math.floor(i / cols) * (SIZE.ifHeight + SIZE.gap) };
  });
  const rows = Math.max(0, Math.ceil(order.length / cols));
  return {
    w: 2 * SIZE.pad + cols * SIZE.ifWidth + (cols - 1) * SIZE.gap,
    h: SIZE.header + rows * (SIZE.ifHeight + SIZE.gap) - (rows ? SIZE.gap : 0) + SIZE.pad,
    children: pos,
  };
}

/** elk's layered layout for the top level stays readable up to this many namespaces; above it
 * (a host with hundreds of containers is a star) they are placed around their hubs by pack.ts. */
export const LAYERED_TOP_LIMIT = 150;

/**
 * Directs the namespace graph so that elk's layered layout (left to right) puts each hub in the
 * middle: the host namespace (or, in a part of the picture without it, the namespace with the
 * most wires), its neighbours alternately to its right and to its left, and everything beyond a
 * neighbour further out on that neighbour's side. Left as it was, every edge from the host points
 * away from it and the host ends up at the left edge with all its neighbours in one column.
 * Duplicate edges are dropped.
 */
export function orientAroundHubs(groups: string[], edges: [string, string][], hub?: string): [string, string][] {
  const near = new Map<string, string[]>(groups.map((g) => [g, []]));
  const seen = new Set<string>();
  const unique: [string, string][] = [];
  for (const [s, t] of edges) {
    const k = s < t ? `${s}~${t}` : `${t}~${s}`;
    if (s === t || seen.has(k) || !near.has(s) || !near.has(t)) continue;
    seen.add(k);
    unique.push([s, t]);
    near.get(s)!.push(t);
    near.get(t)!.push(s);
  }
  const depth = new Map<string, number>();
  const side = new Map<string, 1 | -1>();
  const byDegree = [...groups].sort((a, b) => near.get(b)!.length - near.get(a)!.length);
  const roots = hub && near.has(hub) ? [hub, ...byDegree] : byDegree;
  for (const root of roots) {
    if (depth.has(root)) continue;
    depth.set(root, 0);
    side.set(root, 1);
    const queue = [root];
    let turn: 1 | -1 = 1;
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i]!;
      for (const n of near.get(at)!) {
        if (depth.has(n)) continue;
        depth.set(n, depth.get(at)! + 1);
        if (at === root) {
          side.set(n, turn);
          turn = turn === 1 ? -1 : 1;
        } else side.set(n, side.get(at)!);
        queue.push(n);
      }
    }
  }
  // Position along the picture: depth on the node's side; an edge points from left to right.
  const place = (g: string) => depth.get(g)! * side.get(g)!;
  return unique.map(([s, t]) => (place(s) <= place(t) ? [s, t] : [t, s]));
}

export function childrenByGroup(graph: TopologyGraph): Map<string, string[]> {
  const m = new Map<string, string[]>(graph.groups.map((g) => [g.key, []]));
  for (const n of childNodes(graph)) m.get(n.group)?.push(n.key);
  return m;
}

/** Groups elk must lay out: those never seen, or all of them for a full layout. */
export function planLayout(memory: LayoutMemory, graph: TopologyGraph, full = false): LayoutRequest {
  // The usual case of an event: every namespace is known, nothing for elk (and no walk over
  // every interface and edge to find that out).
  if (!full && memory.groups.size > 0 && graph.groups.every((g) => memory.groups.has(g.key))) return { groups: [] };
  const children = childrenByGroup(graph);
  const groupOf = new Map(childNodes(graph).map((n) => [n.key, n.group]));
  const inner = new Map<string, [string, string][]>();
  const across: [string, string][] = [];
  const wires: [string, string, string, string][] = [];
  for (const e of graph.edges) {
    const gs = groupOf.get(e.source) ?? e.source;
    const gt = groupOf.get(e.target) ?? e.target;
    if (gs === gt) {
      if (!inner.has(gs)) inner.set(gs, []);
      inner.get(gs)!.push([e.source, e.target]);
    } else {
      across.push([gs, gt]);
      wires.push([gs, gt, e.source, e.target]);
    }
  }
  const groups = graph.groups
    .filter((g) => full || !memory.groups.has(g.key))
    .map((g) => ({ key: g.key, children: children.get(g.key) ?? [], edges: inner.get(g.key) ?? [] }));
  if (!full && memory.groups.size > 0) return { groups };
  return {
    groups,
    top: {
      groups: graph.groups.map((g) => g.key),
      edges: across,
      collapsed: graph.groups.filter((g) => g.collapsed).map((g) => g.key),
      hub: graph.groups.find((g) => g.current)?.key,
      wires,
    },
  };
}

const overlaps = (a: Point, b: Point) =>
  a.x < b.x + SIZE.ifWidth + SIZE.gap && b.x < a.x + SIZE.ifWidth + SIZE.gap && a.y < b.y + SIZE.ifHeight + SIZE.gap && b.y < a.y + SIZE.ifHeight + SIZE.gap;

/** The first grid cell (row by row) inside a group of width w that no known child occupies; a
 * group that has become crowded (count interfaces) gets as many columns as gridInterior gives it. */
export function freeCell(taken: Iterable<Point>, w: number, count = 0): Point {
  const list = [...taken];
  const cols = Math.max(interiorColumns(count), Math.floor((w - 2 * SIZE.pad + SIZE.gap) / (SIZE.ifWidth + SIZE.gap)), 1);
  for (let row = 0; ; row++) {
    for (let col = 0; col < cols; col++) {
      const p = { x: SIZE.pad + col * (SIZE.ifWidth + SIZE.gap), y: SIZE.header + row * (SIZE.ifHeight + SIZE.gap) };
      if (!list.some((q) => overlaps(p, q))) return p;
    }
  }
}

function fitSize(g: GroupLayout, visible: string[], collapsed: boolean, shrink = false): { w: number; h: number } {
  if (collapsed) return { w: g.w, h: SIZE.collapsedHeight };
  let w = SIZE.ifWidth + 2 * SIZE.pad;
  let h = SIZE.header + SIZE.pad;
  for (const k of visible) {
    const p = g.children.get(k);
    if (!p) continue;
    w = Math.max(w, p.x + SIZE.ifWidth + SIZE.pad);
    h = Math.max(h, p.y + SIZE.ifHeight + SIZE.pad);
  }
  // A group keeps its width (its neighbours were placed by it); its height follows its contents.
  // A summarised one takes the width of its summaries: a narrower box covers nothing new.
  return { w: shrink ? w : Math.max(w, g.w), h };
}

/** Pushes groups down, as little as needed, when a grown group now covers them; a grown group
 * that now reaches into one above it (it grew wider) moves down below that one instead. */
export function resolveOverlaps(groups: Map<string, GroupLayout>, grown: string[]): void {
  const queue = [...grown];
  let guard = groups.size * 4 + 16;
  while (queue.length && guard-- > 0) {
    const key = queue.shift()!;
    let a = groups.get(key);
    if (!a) continue;
    for (const [k, b] of groups) {
      if (k === key) continue;
      const hit = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      if (!hit) continue;
      if (b.y >= a.y) {
        // a copy: b may be the previous memory's own object (applyLayout keeps unchanged ones)
        groups.set(k, { ...b, y: a.y + a.h + SIZE.groupGap });
        queue.push(k);
      } else {
        a = { ...a, y: b.y + b.h + SIZE.groupGap };
        groups.set(key, a);
        queue.push(key);
        break;
      }
    }
  }
}

/** Folds elk's answer and the graph into a new memory: known things stay, new things fill in. */
const sameGroupLayout = (a: GroupLayout, b: GroupLayout): boolean =>
  a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h && a.children.size === b.children.size && [...b.children].every(([k, v]) => a.children.get(k) === v);
const sameShelf = (a: LayoutMemory['shelf'], b: LayoutMemory['shelf']): boolean => a.x === b.x && a.y === b.y && a.rowHeight === b.rowHeight;

/** Which graph group each remembered layout was last checked against: a group object the graph
 * hands again (graph.ts keeps a namespace's objects while it does not change) needs no check. */
const checkedFor = new WeakMap<GroupLayout, GroupNode>();

export function applyLayout(previous: LayoutMemory, graph: TopologyGraph, response: LayoutResponse): LayoutMemory {
  const full = response.top !== undefined;
  const groups = new Map<string, GroupLayout>();
  let byGroup: Map<string, string[]> | null = null;
  const children = () => (byGroup ??= childrenByGroup(graph));
  const grown: string[] = [];
  let shelf = { ...previous.shelf };

  if (full) {
    let bottom = 0;
    for (const g of graph.groups) {
      // A namespace that came after the request was made is not in the answer: it stays unknown,
      // and the next plan places it like any new one.
      const p = response.top![g.key];
      if (!p) continue;
      const inner = response.interiors[g.key];
      const kids = new Map(Object.entries(inner?.children ?? {}));
      const w = inner?.w ?? SIZE.ifWidth + 2 * SIZE.pad;
      const h = g.collapsed ? SIZE.collapsedHeight : (inner?.h ?? SIZE.header + SIZE.pad);
      groups.set(g.key, { x: p.x, y: p.y, w, h, children: kids });
      bottom = Math.max(bottom, p.y + h);
    }
    shelf = { x: 0, y: bottom + SIZE.groupGap, rowHeight: 0 };
    return { groups, shelf };
  }

  let width: number = SIZE.shelfWidth;
  for (const g of previous.groups.values()) width = Math.max(width, g.x + g.w);

  for (const g of graph.groups) {
    const known = previous.groups.get(g.key);
    if (known && checkedFor.get(known) === g) {
      groups.set(g.key, known);
      continue;
    }
    const visible = children().get(g.key) ?? [];
    if (!known) {
      const inner = response.interiors[g.key];
      const layout: GroupLayout = {
        x: 0,
        y: 0,
        w: inner?.w ?? SIZE.ifWidth + 2 * SIZE.pad,
        h: 0,
        children: new Map(Object.entries(inner?.children ?? {})),
      };
      for (const k of visible) if (!layout.children.has(k)) layout.children.set(k, freeCell(layout.children.values(), layout.w, visible.length));
      Object.assign(layout, fitSize(layout, visible, g.collapsed));
      if (shelf.x > 0 && shelf.x + layout.w > width) shelf = { x: 0, y: shelf.y + shelf.rowHeight + SIZE.groupGap, rowHeight: 0 };
      layout.x = shelf.x;
      layout.y = shelf.y;
      shelf = { x: shelf.x + layout.w + SIZE.groupGap, y: shelf.y, rowHeight: Math.max(shelf.rowHeight, layout.h) };
      groups.set(g.key, layout);
      grown.push(g.key);
      continue;
    }
    // Forget the places of interfaces that are gone, so their cells can be reused (a summary
    // lives while its namespace is summarised).
    const alive = new Set([...g.linkKeys, ...visible]);
    const kids = new Map([...known.children].filter(([k]) => alive.has(k)));
    // A summarised namespace's new boxes (its summaries) take the first cells free of what is
    // drawn, not of the kept places of the interfaces folded into them: a namespace that filled up
    // one interface at a time had its summary drawn below 40 empty cells.
    const summarised = g.crowded && !g.expanded && !g.collapsed;
    const taken = summarised ? visible.flatMap((k) => kids.get(k) ?? []) : [...kids.values()];
    for (const k of visible) {
      if (kids.has(k)) continue;
      const p = freeCell(taken, known.w, visible.length);
      kids.set(k, p);
      taken.push(p);
    }
    const next: GroupLayout = { ...known, children: kids };
    Object.assign(next, fitSize(next, visible, g.collapsed, summarised));
    if (next.h > known.h || next.w > known.w) grown.push(g.key);
    // Unchanged (the usual case for all but the namespace an event touched): the same object,
    // so the picture redraws only what changed.
    const kept = sameGroupLayout(known, next) ? known : next;
    checkedFor.set(kept, g);
    groups.set(g.key, kept);
  }
  resolveOverlaps(groups, grown);
  if (groups.size === previous.groups.size && [...groups].every(([k, v]) => previous.groups.get(k) === v) && sameShelf(shelf, previous.shelf)) return previous;
  return { groups, shelf };
}
