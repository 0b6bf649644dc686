import { describe, expect, it } from 'vitest';
import { boundsOf, groupsIn, parseWindow, windowKey } from './view-window';
import type { GroupLayout, LayoutMemory } from './layout-memory';

const group = (x: number, y: number, children: [string, number, number][] = []): GroupLayout => ({
  x, y, w: 200, h: 100, children: new Map(children.map(([k, cx, cy]) => [k, { x: cx, y: cy }])),
});
const memory: LayoutMemory = {
  groups: new Map([
    ['ns:a', group(0, 0, [['if:a:1', 12, 40]])],
    ['ns:b', group(5000, 0)],
    ['ns:c', group(0, 9000)],
  ]),
  shelf: { x: 0, y: 0, rowHeight: 0 },
};

describe('the window around the view', () => {
  it('covers the view with a margin, in the picture coordinates', () => {
    // zoom 0.5 at the origin: the view shows 0..2000 × 0..1600
    const r = parseWindow(windowKey([0, 0, 0.5], 1000, 800))!;
    expect(r.x).toBeLessThanOrEqual(-512);
    expect(r.y).toBeLessThanOrEqual(-512);
    expect(r.x + r.width).toBeGreaterThanOrEqual(2000 + 512);
    expect(r.y + r.height).toBeGreaterThanOrEqual(1600 + 512);
  });
  it('stays the same for a small pan, so React Flow is not handed new nodes while panning', () => {
    expect(windowKey([-10, -7, 0.5], 1000, 800)).toBe(windowKey([0, 0, 0.5], 1000, 800));
    expect(windowKey([-4000, 0, 0.5], 1000, 800)).not.toBe(windowKey([0, 0, 0.5], 1000, 800));
  });
  it('has nothing before the canvas has a size', () => {
    expect(parseWindow(windowKey([0, 0, 1], 0, 0))).toBeNull();
  });
  it('picks the namespaces whose boxes touch it', () => {
    expect([...groupsIn(memory, { x: -100, y: -100, width: 1000, height: 1000 })]).toEqual(['ns:a']);
    expect([...groupsIn(memory, { x: 4900, y: 50, width: 200, height: 10 })]).toEqual(['ns:b']);
  });
});

describe('boundsOf', () => {
  it('is the whole picture without keys', () => {
    expect(boundsOf(memory)).toEqual({ x: 0, y: 0, width: 5200, height: 9100 });
  });
  it('finds interfaces inside their namespace', () => {
    expect(boundsOf(memory, ['if:a:1'])).toEqual({ x: 12, y: 40, width: 196, height: 64 });
    expect(boundsOf(memory, ['ns:b', 'ns:c'])).toEqual({ x: 0, y: 0, width: 5200, height: 9100 });
  });
  it('is null for nothing placed', () => {
    expect(boundsOf(memory, ['ns:zz'])).toBeNull();
  });
});
