// Where the view goes to show a rectangle of the picture whole, leaving a corner of the canvas
// free (the minimap's): what an administrator fits the view to is never under the minimap. Pure:
// the canvas asks, tests check.
import type { Rect } from './view-window';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface FitOptions {
  /** Room around the rectangle, as a fraction of it (xyflow's fitView padding: 0.1 is 5% a side). */
  padding: number;
  minZoom: number;
  maxZoom: number;
}

/** A region in the canvas's bottom right corner, px, that fitted content stays out of. */
export interface Corner {
  width: number;
  height: number;
}

/** The view that shows `r` centred in a w × h region at the canvas's top left (as xyflow's getViewportForBounds). */
function centred(r: Rect, w: number, h: number, o: FitOptions): Viewport {
  const px = Math.floor((w - w / (1 + o.padding)) / 2);
  const py = Math.floor((h - h / (1 + o.padding)) / 2);
  const zoom = Math.min(o.maxZoom, Math.max(o.minZoom, Math.min((w - 2 * px) / r.width, (h - 2 * py) / r.height)));
  return { x: w / 2 - (r.x + r.width / 2) * zoom, y: h / 2 - (r.y + r.height / 2) * zoom, zoom };
}

/** Whether a rectangle of the picture, seen through `v`, meets the corner of a w × h canvas. */
const inCorner = (b: Rect, v: Viewport, w: number, h: number, c: Corner) =>
  b.x * v.zoom + v.x + b.width * v.zoom > w - c.width && b.y * v.zoom + v.y + b.height * v.zoom > h - c.height;

/**
 * The view that shows `r` whole on a canvas of `size`. With a corner to keep free: centred as
 * usual when none of `boxes` (what is drawn inside r) would be under it; else fitted beside the
 * corner (left of it, or above it, whichever is larger on screen).
 */
export function fitViewport(r: Rect, size: { width: number; height: number }, o: FitOptions, keepFree?: { corner: Corner; boxes: Iterable<Rect> }): Viewport {
  const { width: w, height: h } = size;
  const whole = centred(r, w, h, o);
  if (!keepFree) return whole;
  const c = keepFree.corner;
  // a canvas too small to fit anything beside the corner keeps the usual view
  if (w - c.width < c.width || h - c.height < c.height) return whole;
  let under = false;
  for (const b of keepFree.boxes) if ((under = inCorner(b, whole, w, h, c))) break;
  if (!under) return whole;
  const left = centred(r, w - c.width, h, o);
  const above = centred(r, w, h - c.height, o);
  return left.zoom >= above.zoom ? left : above;
}

/** Whether two views are the same to the pixel. */
export const sameViewport = (a: Viewport, b: Viewport): boolean => Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-4;
