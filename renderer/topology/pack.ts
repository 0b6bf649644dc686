// The whole-picture placement of a big world (more namespaces than elk's layered layout stays
// readable for): each group of connected namespaces around its hub, on a grid of cells filled
// ring by ring from the middle in the order of a breadth-first walk from the hub, so the host's
// neighbours are next to it, theirs next to them, and the host's wires form a star instead of a
// fan from a corner. Milliseconds for 5000 namespaces, where elk's rectpacking took 1–4 s.
// Pure, so the worker, unit tests and bench/layout.mjs run the same code.
import type { Point } from './layout-memory';

export interface Size {
  w: number;
  h: number;
}

/** Space between boxes, as elk's node spacing. */
const GAP = 48;
/** The packed picture is about this much wider than tall (a screen is 1.6). */
const ASPECT = 1.6;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Connected groups of namespaces, biggest first; each as its members in walk order from its hub. */
function components(keys: string[], edges: [string, string][], hub?: string): string[][] {
  const near = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const [a, b] of edges) {
    if (!near.has(a) || !near.has(b) || a === b) continue;
    near.get(a)!.push(b);
    near.get(b)!.push(a);
  }
  const seen = new Set<string>();
  const out: string[][] = [];
  // Hubs first: the host, then the most connected of what is left.
  const order = [...keys].sort((a, b) => (a === hub ? -1 : b === hub ? 1 : near.get(b)!.length - near.get(a)!.length || (a < b ? -1 : 1)));
  for (const start of order) {
    if (seen.has(start)) continue;
    seen.add(start);
    const walk = [start];
    for (let i = 0; i < walk.length; i++)
      for (const n of near.get(walk[i]!)!)
        if (!seen.has(n)) {
          seen.add(n);
          walk.push(n);
        }
    out.push(walk);
  }
  return out.sort((a, b) => b.length - a.length);
}

/** One component around its hub (its first member): positions relative to its bounding box. */
function ring(members: string[], sizes: Map<string, Size>): { pos: Map<string, Point>; w: number; h: number } {
  const others = members.slice(1).map((k) => sizes.get(k)!);
  // A cell fits most boxes; a bigger one takes a block of cells.
  const cw = (others.length ? percentile(others.map((s) => s.w), 0.9) : sizes.get(members[0]!)!.w) + GAP;
  const ch = (others.length ? percentile(others.map((s) => s.h), 0.9) : sizes.get(members[0]!)!.h) + GAP;
  const span = (s: Size) => [Math.max(1, Math.ceil((s.w + GAP) / cw)), Math.max(1, Math.ceil((s.h + GAP) / ch))] as const;
  // Cells around the middle, nearest first (the distance stretched so the filled region is ASPECT
  // times wider than tall), then by angle: rings fill evenly all around.
  let cellsNeeded = 0;
  for (const k of members) {
    const [a, b] = span(sizes.get(k)!);
    cellsNeeded += a * b;
  }
  // A rectangle of cells ASPECT times wider than tall, with a third to spare (blocks leave gaps).
  const height = Math.sqrt((cellsNeeded * 1.34 * cw * ch) / ASPECT);
  const ry = Math.ceil(height / ch / 2) + 1;
  const rx = Math.ceil((height * ASPECT) / cw / 2) + 1;
  const cells: [number, number, number, number][] = [];
  for (let y = -ry; y <= ry; y++)
    for (let x = -rx; x <= rx; x++) {
      const d = Math.max(Math.abs(x * cw) / ASPECT, Math.abs(y * ch));
      cells.push([x, y, d, Math.atan2(y * ch, x * cw)]);
    }
  cells.sort((a, b) => a[2] - b[2] || a[3] - b[3]);
  const stride = 2 * rx + 64;
  const id = (x: number, y: number) => (y + ry + 32) * stride + (x + rx + 32);
  const taken = new Set<number>();
  const free = (x: number, y: number, a: number, b: number) => {
    for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) if (taken.has(id(x + i, y + j))) return false;
    return true;
  };
  const cell = new Map<string, [number, number]>();
  let from = 0;
  // Past the grid (it is sized with room to spare, so only in odd cases): a row below it.
  let spill = -rx;
  for (const k of members) {
    const [a, b] = span(sizes.get(k)!);
    // A block is centred on its cell, so the hub sits in the middle.
    const ox = -Math.floor((a - 1) / 2);
    const oy = -Math.floor((b - 1) / 2);
    for (let i = from; i < cells.length; i++) {
      const [x, y] = cells[i]!;
      if (!free(x + ox, y + oy, a, b)) continue;
      for (let p = 0; p < a; p++) for (let q = 0; q < b; q++) taken.add(id(x + ox + p, y + oy + q));
      cell.set(k, [x + ox, y + oy]);
      // Single cells are filled in order; a skipped cell stays free for a later, smaller box.
      if (a === 1 && b === 1 && i === from) from = i + 1;
      break;
    }
    if (!cell.has(k)) {
      cell.set(k, [spill, ry + 1]);
      spill += a;
    }
    while (from < cells.length && taken.has(id(cells[from]![0], cells[from]![1]))) from++;
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const raw = new Map<string, Point>();
  for (const [k, [x, y]] of cell) {
    const s = sizes.get(k)!;
    const [a, b] = span(s);
    // Centred in its block, so boxes of different sizes line up on their middles.
    const px = Math.round(x * cw + (a * cw - GAP - s.w) / 2);
    const py = Math.round(y * ch + (b * ch - GAP - s.h) / 2);
    raw.set(k, { x: px, y: py });
    minX = Math.min(minX, px);
    minY = Math.min(minY, py);
    maxX = Math.max(maxX, px + s.w);
    maxY = Math.max(maxY, py + s.h);
  }
  const pos = new Map<string, Point>();
  for (const [k, p] of raw) pos.set(k, { x: p.x - minX, y: p.y - minY });
  return { pos, w: maxX - minX, h: maxY - minY };
}

/**
 * Places every namespace: each connected group around its hub (ring), then the groups side by
 * side in rows, biggest first (a lone namespace is a group of one).
 */
export function packAroundHubs(sizes: Map<string, Size>, edges: [string, string][], hub?: string): Record<string, Point> {
  const parts = components([...sizes.keys()], edges, hub).map((members) => ring(members, sizes));
  const area = parts.reduce((n, p) => n + (p.w + GAP) * (p.h + GAP), 0);
  const width = Math.max(parts[0]?.w ?? 0, Math.sqrt(area * ASPECT));
  const out: Record<string, Point> = {};
  let x = 0;
  let y = 0;
  let rowH = 0;
  for (const p of parts) {
    if (x > 0 && x + p.w > width) {
      x = 0;
      y += rowH + GAP;
      rowH = 0;
    }
    for (const [k, at] of p.pos) out[k] = { x: x + at.x, y: y + at.y };
    x += p.w + GAP;
    rowH = Math.max(rowH, p.h);
  }
  return out;
}
