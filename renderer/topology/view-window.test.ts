import { describe, expect, it } from 'vitest';
import { boundsOf, groupsIn, nodesInWindow, parseWindow, windowKey } from './view-window';
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

describe('the nodes React Flow is given in a big picture', () => {
  type N = { id: string; parentId?: string; type: string };
  // the host with a summary of n veth ends; namespace i with its veth end (wired to the summary)
  // and a bridge holding it
  const world = (n: number) => {
    const nodes: N[] = [{ id: 'ns:host', type: 'namespace' }, { id: 'sum:host', parentId: 'ns:host', type: 'summary' }];
    const edges: { source: string; target: string }[] = [];
    for (let i = 0; i < n; i++) {
      nodes.push({ id: `ns:${i}`, type: 'namespace' }, { id: `e${i}`, parentId: `ns:${i}`, type: 'iface' }, { id: `br${i}`, parentId: `ns:${i}`, type: 'iface' });
      edges.push({ source: `e${i}`, target: 'sum:host' }, { source: `e${i}`, target: `br${i}` });
    }
    return { nodes, edges };
  };

  it('does not pull in the far ends of a summary’s wires: the host’s summary in view is not the whole world', () => {
    const { nodes, edges } = world(5000);
    const ids = nodesInWindow(nodes, new Set(['ns:host', 'ns:0', 'ns:1']), edges).map((n) => n.id);
    expect(ids.sort()).toEqual(['br0', 'br1', 'e0', 'e1', 'ns:0', 'ns:1', 'ns:host', 'sum:host']);
  });

  it('pulls in the far end of an interface’s wire with its namespace box, and nothing further', () => {
    const { nodes, edges } = world(50);
    const ids = nodesInWindow(nodes, new Set(['ns:7']), edges).map((n) => n.id);
    // e7's wire to the host's summary is drawn; the summary's other wires are not followed
    expect(ids.sort()).toEqual(['br7', 'e7', 'ns:7', 'ns:host', 'sum:host']);
  });
});
