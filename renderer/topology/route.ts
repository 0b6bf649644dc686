// Wires routed around boxes: a wire leaves an interface from its left or right side and runs in
// horizontal and vertical segments through the gaps between boxes, never under a box it does not
// end at (a wire under a box reads as if it ended there). Pure and synchronous: it works on the
// rectangles the layout memory already holds, so routes follow every move without asking elk.
//
// How: for one wire, the candidate lines are the borders of every box in its neighbourhood,
// pushed out by a margin, plus the wire's two stubs; the crossings of those lines make a grid,
// and a shortest path on it (length plus a penalty per bend) that never runs inside a box is the
// route. The neighbourhood starts as the two ends' bounding box plus a margin and grows when no
// path fits in it.
import { SIZE, type LayoutMemory, type Point } from './layout-memory';
import { childNodes, type TopologyGraph } from './graph';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
/** Room kept between a wire and an interface box (half the gap between two interfaces). */
const IF_MARGIN = SIZE.gap / 2 - 1;
/** Room kept between a wire and a namespace box it passes. */
const GROUP_MARGIN = SIZE.groupGap / 4;
/** A bend costs as much as this many pixels of length: few bends read better than short wires. */
const BEND = 40;
const HEADER = 36;

/** Above this many interfaces or wires, wires are drawn as curves: routing costs about 4 ms a
 * wire on the main thread (200 wires of a 100-namespace star: 0.9 s on a loaded 2-core VM). */
export const ROUTE_LIMIT = 600;
export const WIRE_LIMIT = 200;

interface Box extends Rect {
  key: string;
  /** For an interface, its namespace; for a namespace, itself. */
  group: string;
  isGroup: boolean;
}

export interface WireEnds {
  key: string;
  source: string;
  target: string;
}

/** Absolute rectangles of every shown namespace and interface. */
export function boxesOf(graph: TopologyGraph, memory: LayoutMemory): Map<string, Box> {
  const out = new Map<string, Box>();
  for (const g of graph.groups) {
    const l = memory.groups.get(g.key);
    if (l) out.set(g.key, { key: g.key, group: g.key, isGroup: true, x: l.x, y: l.y, w: l.w, h: l.h });
  }
  for (const n of childNodes(graph)) {
    const l = memory.groups.get(n.group);
    const at = l?.children.get(n.key);
    if (l && at) out.set(n.key, { key: n.key, group: n.group, isGroup: false, x: l.x + at.x, y: l.y + at.y, w: SIZE.ifWidth, h: SIZE.ifHeight });
  }
  return out;
}

const inflate = (r: Rect, m: number): Rect => ({ x: r.x - m, y: r.y - m, w: r.w + 2 * m, h: r.h + 2 * m });
const meets = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A grid of rectangles for finding the boxes near a wire without looking at all of them. */
class Buckets {
  private cells = new Map<string, Box[]>();
  constructor(boxes: Iterable<Box>, private size = 600) {
    for (const b of boxes) for (const k of this.keys(b)) (this.cells.get(k) ?? this.cells.set(k, []).get(k)!).push(b);
  }
  private *keys(r: Rect) {
    for (let i = Math.floor(r.x / this.size); i <= Math.floor((r.x + r.w) / this.size); i++)
      for (let j = Math.floor(r.y / this.size); j <= Math.floor((r.y + r.h) / this.size); j++) yield `${i},${j}`;
  }
  near(r: Rect): Box[] {
    const out = new Set<Box>();
    for (const k of this.keys(r)) for (const b of this.cells.get(k) ?? []) if (meets(b, r)) out.add(b);
    return [...out];
  }
}

interface Port {
  /** On the box's side. */
  at: Point;
  /** Just outside the box, where routing starts. */
  out: Point;
  /** Direction from `at` to `out`: 0 right, 2 left. */
  dir: number;
}
const portsOf = (b: Box): Port[] => {
  const cy = b.y + b.h / 2;
  return [
    { at: { x: b.x + b.w, y: cy }, out: { x: b.x + b.w + IF_MARGIN, y: cy }, dir: 0 },
    { at: { x: b.x, y: cy }, out: { x: b.x - IF_MARGIN, y: cy }, dir: 2 },
  ];
};

// Directions: 0 +x, 1 +y, 2 -x, 3 -y.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/** A binary heap of [cost, state] for the shortest-path search. */
class Heap {
  private c: number[] = [];
  private s: number[] = [];
  get size() {
    return this.c.length;
  }
  push(cost: number, state: number) {
    const c = this.c;
    const s = this.s;
    let i = c.length;
    c.push(cost);
    s.push(state);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (c[p]! <= cost) break;
      c[i] = c[p]!;
      s[i] = s[p]!;
      i = p;
    }
    c[i] = cost;
    s[i] = state;
  }
  pop(): [number, number] {
    const c = this.c;
    const s = this.s;
    const top: [number, number] = [c[0]!, s[0]!];
    const lc = c.pop()!;
    const ls = s.pop()!;
    if (c.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= c.length) break;
        const r = l + 1;
        const m = r < c.length && c[r]! < c[l]! ? r : l;
        if (c[m]! >= lc) break;
        c[i] = c[m]!;
        s[i] = s[m]!;
        i = m;
      }
      c[i] = lc;
      s[i] = ls;
    }
    return top;
  }
}

const sortedUnique = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
/** Index of the first value >= v. */
function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The shortest orthogonal path from one of the starts to one of the goals inside `area`, around `obstacles`. */
function search(area: Rect, obstacles: Rect[], starts: Port[], goals: Port[]): Point[] | null {
  const xs = sortedUnique([area.x, area.x + area.w, ...obstacles.flatMap((o) => [o.x, o.x + o.w]), ...starts.map((p) => p.out.x), ...goals.map((p) => p.out.x)].filter((v) => v >= area.x && v <= area.x + area.w));
  const ys = sortedUnique([area.y, area.y + area.h, ...obstacles.flatMap((o) => [o.y, o.y + o.h]), ...starts.map((p) => p.out.y), ...goals.map((p) => p.out.y)].filter((v) => v >= area.y && v <= area.y + area.h));
  const X = xs.length;
  const Y = ys.length;
  // blockedH[i*Y+j]: the segment from (i,j) to (i+1,j) runs inside a box; blockedV likewise down.
  const blockedH = new Uint8Array(X * Y);
  const blockedV = new Uint8Array(X * Y);
  for (const o of obstacles) {
    const i0 = lowerBound(xs, o.x);
    const i1 = lowerBound(xs, o.x + o.w);
    const j0 = lowerBound(ys, o.y);
    const j1 = lowerBound(ys, o.y + o.h);
    // horizontal segments strictly between the top and bottom borders, within the left..right span
    for (let i = i0; i < i1; i++) for (let j = j0 + (ys[j0] === o.y ? 1 : 0); j < j1; j++) blockedH[i * Y + j] = 1;
    for (let j = j0; j < j1; j++) for (let i = i0 + (xs[i0] === o.x ? 1 : 0); i < i1; i++) blockedV[i * Y + j] = 1;
  }
  const index = (p: Point) => lowerBound(xs, p.x) * Y + lowerBound(ys, p.y);
  const goalDir = new Map<number, number[]>();
  for (const g of goals) goalDir.set(index(g.out), [...(goalDir.get(index(g.out)) ?? []), (g.dir + 2) % 4]);
  const cost = new Float64Array(X * Y * 4).fill(Infinity);
  const from = new Int32Array(X * Y * 4).fill(-1);
  const heap = new Heap();
  for (const s of starts) {
    const st = index(s.out) * 4 + s.dir;
    cost[st] = 0;
    heap.push(0, st);
  }
  let end = -1;
  while (heap.size) {
    const [c, st] = heap.pop();
    if (c > cost[st]!) continue;
    const node = st >> 2;
    const dir = st & 3;
    const wanted = goalDir.get(node);
    if (wanted) {
      // Arriving in the direction that enters the box, or one more bend to turn into it.
      if (wanted.includes(dir)) {
        end = st;
        break;
      }
      const turned = node * 4 + wanted[0]!;
      if (c + BEND < cost[turned]!) {
        cost[turned] = c + BEND;
        from[turned] = st;
        heap.push(c + BEND, turned);
      }
    }
    const i = Math.floor(node / Y);
    const j = node % Y;
    for (let d = 0; d < 4; d++) {
      if (d === (dir + 2) % 4) continue;
      const ni = i + DX[d]!;
      const nj = j + DY[d]!;
      if (ni < 0 || nj < 0 || ni >= X || nj >= Y) continue;
      if (d === 0 && blockedH[i * Y + j]) continue;
      if (d === 2 && blockedH[ni * Y + j]) continue;
      if (d === 1 && blockedV[i * Y + j]) continue;
      if (d === 3 && blockedV[i * Y + nj]) continue;
      const len = Math.abs(xs[ni]! - xs[i]!) + Math.abs(ys[nj]! - ys[j]!);
      const nc = c + len + (d === dir ? 0 : BEND);
      const ns = (ni * Y + nj) * 4 + d;
      if (nc < cost[ns]!) {
        cost[ns] = nc;
        from[ns] = st;
        heap.push(nc, ns);
      }
    }
  }
  if (end < 0) return null;
  const pts: Point[] = [];
  for (let st = end; st >= 0; st = from[st]!) {
    const node = st >> 2;
    const p = { x: xs[Math.floor(node / Y)]!, y: ys[node % Y]! };
    const last = pts[pts.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) pts.push(p);
  }
  return pts.reverse();
}

/** Drops points in the middle of a straight run. */
function simplify(pts: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of pts) {
    const a = out[out.length - 2];
    const b = out[out.length - 1];
    if (b && b.x === p.x && b.y === p.y) continue;
    if (a && b && ((a.x === b.x && b.x === p.x) || (a.y === b.y && b.y === p.y))) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

/** Space between two wires that share a channel. */
const NUDGE = 6;

/**
 * Wires that run along the same line over the same stretch are moved apart by NUDGE, so each
 * can be followed (three wires from a switch to three hosts otherwise merge into one). A bundle
 * is moved only where its widened channel stays clear of every box.
 */
function nudge(routes: Map<string, Point[]>, buckets: Buckets): void {
  for (const axis of ['x', 'y'] as const) {
    const other = axis === 'x' ? 'y' : 'x';
    const segs: { key: string; k: number; at: number; lo: number; hi: number }[] = [];
    for (const [key, pts] of routes)
      // Not the first and last segments: those are the stubs at the boxes' sides.
      for (let k = 1; k < pts.length - 2; k++) {
        const a = pts[k]!;
        const b = pts[k + 1]!;
        if (a[axis] === b[axis]) segs.push({ key, k, at: a[axis], lo: Math.min(a[other], b[other]), hi: Math.max(a[other], b[other]) });
      }
    segs.sort((p, q) => p.at - q.at || p.lo - q.lo);
    for (let i = 0; i < segs.length; ) {
      // A bundle: segments on one line whose stretches overlap one another, chained.
      let j = i + 1;
      let hi = segs[i]!.hi;
      while (j < segs.length && segs[j]!.at === segs[i]!.at && segs[j]!.lo < hi) hi = Math.max(hi, segs[j++]!.hi);
      const bundle = segs.slice(i, j);
      const lo = segs[i]!.lo;
      i = j;
      if (new Set(bundle.map((b) => b.key)).size < 2) continue;
      const half = ((bundle.length - 1) / 2) * NUDGE;
      const at = bundle[0]!.at;
      const band = axis === 'x' ? { x: at - half - 2, y: lo, w: 2 * half + 4, h: hi - lo } : { x: lo, y: at - half - 2, w: hi - lo, h: 2 * half + 4 };
      if (buckets.near(band).length) continue;
      bundle.forEach((b, n) => {
        const pts = routes.get(b.key)!;
        const off = n * NUDGE - half;
        pts[b.k] = { ...pts[b.k]!, [axis]: pts[b.k]![axis] + off };
        pts[b.k + 1] = { ...pts[b.k + 1]!, [axis]: pts[b.k + 1]![axis] + off };
      });
    }
  }
}

/** Routes every wire; wires whose ends are not both drawn get no route (drawn straight). */
export function routeWires(boxes: Map<string, Box>, wires: WireEnds[]): Map<string, Point[]> {
  const routes = new Map<string, Point[]>();
  const buckets = new Buckets(boxes.values());
  let world: Rect | null = null;
  for (const b of boxes.values()) {
    if (!world) world = { ...b };
    else {
      const x1 = Math.max(world.x + world.w, b.x + b.w);
      const y1 = Math.max(world.y + world.h, b.y + b.h);
      world.x = Math.min(world.x, b.x);
      world.y = Math.min(world.y, b.y);
      world.w = x1 - world.x;
      world.h = y1 - world.y;
    }
  }
  if (!world) return routes;
  world = inflate(world, SIZE.groupGap);
  for (const w of wires) {
    const a = boxes.get(w.source);
    const b = boxes.get(w.target);
    if (!a || !b) continue;
    const starts = portsOf(a);
    const goals = portsOf(b);
    const xs = [...starts, ...goals].map((p) => p.out.x);
    const ys = [...starts, ...goals].map((p) => p.out.y);
    let margin = 160;
    for (;;) {
      const area = { x: Math.min(...xs) - margin, y: Math.min(...ys) - margin, w: Math.max(...xs) - Math.min(...xs) + 2 * margin, h: Math.max(...ys) - Math.min(...ys) + 2 * margin };
      const obstacles: Rect[] = [];
      for (const o of buckets.near(area)) {
        if (o.key === a.key || o.key === b.key) obstacles.push(inflate(o, IF_MARGIN));
        else if (o.isGroup) {
          // The ends' own namespaces are crossed (the wire starts inside them) except their
          // headers, where the name is; every other namespace is walked around.
          if (o.key === a.group || o.key === b.group) obstacles.push({ x: o.x - GROUP_MARGIN, y: o.y - GROUP_MARGIN, w: o.w + 2 * GROUP_MARGIN, h: HEADER + GROUP_MARGIN });
          else obstacles.push(inflate(o, GROUP_MARGIN));
        } else obstacles.push(inflate(o, IF_MARGIN));
      }
      const path = search(area, obstacles, starts, goals);
      if (path) {
        const first = starts.find((p) => p.out.x === path[0]!.x && p.out.y === path[0]!.y)!;
        const last = goals.find((p) => p.out.x === path[path.length - 1]!.x && p.out.y === path[path.length - 1]!.y)!;
        routes.set(w.key, simplify([first.at, ...path, last.at]));
        break;
      }
      if (area.x <= world.x && area.y <= world.y && area.x + area.w >= world.x + world.w && area.y + area.h >= world.y + world.h) break;
      margin *= 3;
    }
  }
  nudge(routes, buckets);
  return routes;
}
