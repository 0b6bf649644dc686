// Which part of a big picture React Flow is given: the namespaces in and around the view, so one
// live change costs xyflow work for what is near the view, not for 5000 nodes (its adoptUserNodes
// and every node's store selector ran over all of them). Pure: the canvas asks, tests check.
import type { LayoutMemory, Point } from './layout-memory';
import { SIZE } from './layout-memory';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Up to this many nodes the whole picture goes to React Flow, as before (the minimap then
 * shows all of it too); above it, the window around the view. */
export const CULL_ABOVE = 600;

/**
 * The window around the view in the picture's coordinates, snapped to a grid of half the view's
 * size (a power of two, so small zooms and pans keep the same window): a string, so a store
 * selector can return it and the canvas re-renders only when the window moves to other cells.
 */
export function windowKey(transform: readonly [number, number, number], width: number, height: number): string {
  const [tx, ty, zoom] = transform;
  if (!width || !height || !zoom) return '';
  const w = width / zoom;
  const h = height / zoom;
  const step = 2 ** Math.ceil(Math.log2(Math.max(w, h) / 2));
  const x = -tx / zoom;
  const y = -ty / zoom;
  const x0 = Math.floor((x - step) / step) * step;
  const y0 = Math.floor((y - step) / step) * step;
  const x1 = Math.ceil((x + w + step) / step) * step;
  const y1 = Math.ceil((y + h + step) / step) * step;
  return `${x0} ${y0} ${x1} ${y1}`;
}

export function parseWindow(key: string): Rect | null {
  if (!key) return null;
  const [x0, y0, x1, y1] = key.split(' ').map(Number) as [number, number, number, number];
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The namespaces whose boxes touch the window. */
export function groupsIn(memory: LayoutMemory, r: Rect): Set<string> {
  const out = new Set<string>();
  for (const [k, g] of memory.groups) if (g.x < r.x + r.width && r.x < g.x + g.w && g.y < r.y + r.height && r.y < g.y + g.h) out.add(k);
  return out;
}

/**
 * The nodes React Flow is given in a big picture: those of the namespaces in the window (near),
 * and the far ends of their interfaces' wires with the far ends' namespace boxes, so a wire
 * leaving the window is drawn. Not the far ends of a summary's wires: the summary says where
 * they go ("5000 veth → 5000 namespaces"), and the host's summary near the view pulled in every
 * namespace of the world, 5000 wires across the view (panning took 370 ms a frame at 5000
 * namespaces). Only the window's own nodes pull: a pulled-in end does not pull its own wires'.
 */
export function nodesInWindow<N extends { id: string; parentId?: string; type?: string }>(
  nodes: readonly N[],
  near: ReadonlySet<string>,
  edges: readonly { source: string; target: string }[],
): N[] {
  const byId = new Map<string, N>();
  const inside = new Set<string>();
  for (const n of nodes) {
    byId.set(n.id, n);
    if (near.has(n.parentId ?? n.id)) inside.add(n.id);
  }
  const ids = new Set(inside);
  for (const e of edges) {
    const [a, b] = [inside.has(e.source), inside.has(e.target)];
    if (a === b) continue;
    if (byId.get(a ? e.source : e.target)?.type === 'summary') continue;
    const other = byId.get(a ? e.target : e.source);
    if (!other) continue;
    ids.add(other.id);
    if (other.parentId) ids.add(other.parentId);
  }
  return nodes.filter((n) => ids.has(n.id));
}

/** The rectangle around some drawn things (namespaces or what is inside them), or around the
 * whole picture without keys; null when none of them is placed. */
export function boundsOf(memory: LayoutMemory, keys?: readonly string[]): Rect | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const add = (x: number, y: number, w: number, h: number) => {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + w);
    y1 = Math.max(y1, y + h);
  };
  if (!keys) for (const g of memory.groups.values()) add(g.x, g.y, g.w, g.h);
  else
    for (const k of keys) {
      const g = memory.groups.get(k);
      if (g) {
        add(g.x, g.y, g.w, g.h);
        continue;
      }
      for (const p of memory.groups.values()) {
        const c: Point | undefined = p.children.get(k);
        if (c) {
          add(p.x + c.x, p.y + c.y, SIZE.ifWidth, SIZE.ifHeight);
          break;
        }
      }
    }
  return x0 === Infinity ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
