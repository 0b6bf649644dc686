import { describe, expect, it } from 'vitest';
import { fitViewport, sameViewport, type Viewport } from './fit';
import type { Rect } from './view-window';

const o = { padding: 0.1, minZoom: 0.05, maxZoom: 2 };
const corner = { width: 225, height: 175 };
const size = { width: 1190, height: 750 };
/** A rectangle of the picture as the view puts it on the canvas. */
const onScreen = (b: Rect, v: Viewport) => ({ left: b.x * v.zoom + v.x, top: b.y * v.zoom + v.y, right: (b.x + b.width) * v.zoom + v.x, bottom: (b.y + b.height) * v.zoom + v.y });
const underCorner = (b: Rect, v: Viewport) => {
  const s = onScreen(b, v);
  return s.right > size.width - corner.width && s.bottom > size.height - corner.height;
};
/** A grid of cols × rows boxes 100 × 60, 20 apart. */
const grid = (cols: number, rows: number): Rect[] => Array.from({ length: cols * rows }, (_, i) => ({ x: (i % cols) * 120, y: Math.floor(i / cols) * 80, width: 100, height: 60 }));
const around = (boxes: Rect[]): Rect => {
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: 0, y: 0, width: x1, height: y1 };
};

describe('fitViewport', () => {
  it('centres the rectangle as xyflow does when nothing is kept free', () => {
    const r = { x: 100, y: 50, width: 1000, height: 500 };
    const v = fitViewport(r, size, o);
    // zoom: (1190 - 2·54) / 1000 = 1.082 across, (750 - 2·34) / 500 = 1.364 down: the smaller
    expect(v.zoom).toBeCloseTo(1.082, 3);
    expect(v.x + (r.x + r.width / 2) * v.zoom).toBeCloseTo(size.width / 2);
    expect(v.y + (r.y + r.height / 2) * v.zoom).toBeCloseTo(size.height / 2);
  });

  it('keeps the same view when no box would be under the corner', () => {
    // boxes along the top: the bottom right corner of their rectangle is empty
    const boxes = [{ x: 0, y: 0, width: 1000, height: 60 }, { x: 0, y: 0, width: 100, height: 500 }];
    const r = around(boxes);
    expect(fitViewport(r, size, o, { corner, boxes })).toEqual(fitViewport(r, size, o));
    // a tall grid, centred with room on both sides
    const tall = grid(10, 30);
    expect(fitViewport(around(tall), size, o, { corner, boxes: tall })).toEqual(fitViewport(around(tall), size, o));
  });

  it('fits a full grid beside the corner: no box under it, larger than the other side would allow', () => {
    for (const [cols, rows] of [[20, 15], [14, 9], [8, 7]] as const) {
      const boxes = grid(cols, rows);
      const r = around(boxes);
      const plain = fitViewport(r, size, o);
      const v = fitViewport(r, size, o, { corner, boxes });
      expect(boxes.some((b) => underCorner(b, plain)), `${cols}×${rows} under the corner without it`).toBe(true);
      expect(boxes.filter((b) => underCorner(b, v)), `${cols}×${rows}`).toEqual([]);
      // whole on the canvas, and no smaller than needed: one of the two sides beside the corner
      const s = onScreen(r, v);
      expect(s.left).toBeGreaterThanOrEqual(0);
      expect(s.top).toBeGreaterThanOrEqual(0);
      expect(s.right).toBeLessThanOrEqual(size.width);
      expect(s.bottom).toBeLessThanOrEqual(size.height);
      const left = fitViewport(r, { width: size.width - corner.width, height: size.height }, o);
      const above = fitViewport(r, { width: size.width, height: size.height - corner.height }, o);
      expect(v.zoom).toBeCloseTo(Math.max(left.zoom, above.zoom));
    }
  });

  it('brings one box into view beside the corner when its usual place is under it', () => {
    // a box so wide that, centred, it reaches the corner
    const box = { x: 0, y: 0, width: 900, height: 600 };
    const v = fitViewport(box, size, { padding: 0.3, minZoom: 0.05, maxZoom: 1.2 }, { corner, boxes: [box] });
    expect(underCorner(box, v)).toBe(false);
  });

  it('leaves a canvas too small for the corner as it is', () => {
    const small = { width: 400, height: 300 };
    const boxes = grid(5, 5);
    const r = around(boxes);
    expect(fitViewport(r, small, o, { corner, boxes })).toEqual(fitViewport(r, small, o));
  });

  it('tells the same view from another one', () => {
    expect(sameViewport({ x: 10, y: 20, zoom: 0.5 }, { x: 10.2, y: 19.9, zoom: 0.50001 })).toBe(true);
    expect(sameViewport({ x: 10, y: 20, zoom: 0.5 }, { x: 11, y: 20, zoom: 0.5 })).toBe(false);
    expect(sameViewport({ x: 10, y: 20, zoom: 0.5 }, { x: 10, y: 20, zoom: 0.51 })).toBe(false);
  });
});
