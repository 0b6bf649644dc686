import { describe, expect, it } from 'vitest';
import { buildGraph } from './graph';
import { applyLayout, emptyMemory, freeCell, gridInterior, orientAroundHubs, planLayout, resolveOverlaps, SIZE, type LayoutResponse } from './layout-memory';
import { applyEvent, fromSnapshot } from '../model/topology-state';
import { link, namespace } from './fixtures';

/** A stand-in for elk with the same shape of answer: children in a column, groups in a row. */
function fakeElk(req: ReturnType<typeof planLayout>): LayoutResponse {
  const interiors: LayoutResponse['interiors'] = {};
  for (const g of req.groups) {
    const children = Object.fromEntries(g.children.map((k, i) => [k, { x: SIZE.pad, y: SIZE.header + i * (SIZE.ifHeight + SIZE.gap) }]));
    interiors[g.key] = { w: SIZE.ifWidth + 2 * SIZE.pad, h: SIZE.header + g.children.length * (SIZE.ifHeight + SIZE.gap) + SIZE.pad, children };
  }
  const top = req.top ? Object.fromEntries(req.top.groups.map((k, i) => [k, { x: i * 300, y: 0 }])) : undefined;
  return top ? { interiors, top } : { interiors };
}

const start = fromSnapshot({
  takenAt: 1,
  namespaces: [namespace('1', ['a'], [link(1, 'lo'), link(2, 'v0')]), namespace('2', ['b'], [link(3, 'v1')])],
});

describe('incremental layout', () => {
  it('asks elk for everything the first time, and only for new namespaces after that', () => {
    const g = buildGraph(start);
    const first = planLayout(emptyMemory(), g);
    expect(first.top?.groups).toEqual(['ns:1', 'ns:2']);
    const memory = applyLayout(emptyMemory(), g, fakeElk(first));
    const added = applyEvent(start, { event: 'namespace.added', payload: namespace('3', ['c'], []) }).state;
    const next = planLayout(memory, buildGraph(added));
    expect(next.top).toBeUndefined();
    expect(next.groups.map((x) => x.key)).toEqual(['ns:3']);
  });
  it('keeps every known position when an interface is added, and puts the new one in a free cell', () => {
    const g = buildGraph(start);
    const memory = applyLayout(emptyMemory(), g, fakeElk(planLayout(emptyMemory(), g)));
    const s2 = applyEvent(start, { event: 'link.changed', payload: { namespace: '1', link: link(4, 'v9') } }).state;
    const g2 = buildGraph(s2);
    const m2 = applyLayout(memory, g2, fakeElk(planLayout(memory, g2)));
    for (const [key, grp] of memory.groups) {
      expect(m2.groups.get(key)!.x).toBe(grp.x);
      for (const [child, p] of grp.children) expect(m2.groups.get(key)!.children.get(child)).toEqual(p);
    }
    const placed = m2.groups.get('ns:1')!.children.get('if:1:4')!;
    expect(placed.y).toBeGreaterThan(memory.groups.get('ns:1')!.children.get('if:1:2')!.y);
    expect(m2.groups.get('ns:1')!.h).toBeGreaterThan(memory.groups.get('ns:1')!.h);
  });
  it('places a new namespace on the shelf below the picture without moving the others', () => {
    const g = buildGraph(start);
    const memory = applyLayout(emptyMemory(), g, fakeElk(planLayout(emptyMemory(), g)));
    const s2 = applyEvent(start, { event: 'namespace.added', payload: namespace('3', ['c'], []) }).state;
    const g2 = buildGraph(s2);
    const m2 = applyLayout(memory, g2, fakeElk(planLayout(memory, g2)));
    const c = m2.groups.get('ns:3')!;
    const bottom = Math.max(...[...memory.groups.values()].map((x) => x.y + x.h));
    expect(c.y).toBeGreaterThanOrEqual(bottom);
    expect(m2.groups.get('ns:2')).toMatchObject({ x: memory.groups.get('ns:2')!.x, y: memory.groups.get('ns:2')!.y });
  });
  it('leaves a namespace that came during a whole-picture layout to the next plan, not at 0,0', () => {
    const g1 = buildGraph(start);
    const answer = fakeElk(planLayout(emptyMemory(), g1));
    const later = applyEvent(start, { event: 'namespace.added', payload: namespace('3', ['c'], [link(4, 'v2')]) }).state;
    const g2 = buildGraph(later);
    const memory = applyLayout(emptyMemory(), g2, answer);
    expect([...memory.groups.keys()].sort()).toEqual(['ns:1', 'ns:2']);
    const next = planLayout(memory, g2);
    expect(next.groups.map((g) => g.key)).toEqual(['ns:3']);
    expect(next.top).toBeUndefined();
    const placed = applyLayout(memory, g2, fakeElk(next)).groups.get('ns:3')!;
    expect(placed.y).toBeGreaterThan(0);
  });
  it('reuses the cell of a removed interface', () => {
    const taken = [{ x: SIZE.pad, y: SIZE.header }];
    expect(freeCell(taken, SIZE.ifWidth + 2 * SIZE.pad)).toEqual({ x: SIZE.pad, y: SIZE.header + SIZE.ifHeight + SIZE.gap });
    expect(freeCell([], 500)).toEqual({ x: SIZE.pad, y: SIZE.header });
  });
  it('pushes a group down only when a grown group now covers it', () => {
    const groups = new Map([
      ['a', { x: 0, y: 0, w: 100, h: 300, children: new Map() }],
      ['b', { x: 0, y: 200, w: 100, h: 100, children: new Map() }],
      ['c', { x: 500, y: 200, w: 100, h: 100, children: new Map() }],
    ]);
    resolveOverlaps(groups, ['a']);
    expect(groups.get('b')!.y).toBe(300 + SIZE.groupGap);
    expect(groups.get('c')!.y).toBe(200);
  });
});

describe('gridInterior', () => {
  it('puts a bridge first with its ports after it, a small namespace in one column', () => {
    const r = gridInterior(['lo', 'p1', 'br', 'p2'], [['p1', 'br'], ['p2', 'br']]);
    const order = Object.entries(r.children).sort(([, a], [, b]) => a.y - b.y || a.x - b.x).map(([k]) => k);
    expect(order).toEqual(['br', 'p1', 'p2', 'lo']);
    expect(r.w).toBe(2 * SIZE.pad + SIZE.ifWidth);
    for (const p of Object.values(r.children)) {
      expect(p.x + SIZE.ifWidth).toBeLessThanOrEqual(r.w - SIZE.pad);
      expect(p.y + SIZE.ifHeight).toBeLessThanOrEqual(r.h - SIZE.pad);
    }
  });
  it('wraps a crowded namespace into a grid wider than tall, bridge with 300 ports or 1001 loose interfaces', () => {
    const ports = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const bridge = gridInterior(['br', ...ports], ports.map((p) => [p, 'br'] as [string, string]));
    expect(bridge.w / bridge.h).toBeGreaterThan(1);
    expect(bridge.w / bridge.h).toBeLessThan(2.5);
    const loose = gridInterior(Array.from({ length: 1001 }, (_, i) => `e${i}`), []);
    expect(loose.w / loose.h).toBeGreaterThan(1);
    expect(loose.w / loose.h).toBeLessThan(2.5);
  });
  it('puts the summary of a namespace that became crowded at its top, and shrinks the box to it', () => {
    // 40 veth drawn one by one, then 10 more: summarised, one box, not at the end of 40 kept cells
    const veths = (n: number) => Array.from({ length: n }, (_, i) => link(10 + i, `c${i}`, { kind: 'veth' }));
    const before = fromSnapshot({ takenAt: 1, namespaces: [namespace('1', ['a'], [link(2, 'v0')]), namespace('3', ['crowd'], veths(40))] });
    const g0 = buildGraph(before);
    const memory = applyLayout(emptyMemory(), g0, fakeElk(planLayout(emptyMemory(), g0)));
    const after = fromSnapshot({ takenAt: 2, namespaces: [...before.namespaces.values()].map((ns) => (ns.id === '3' ? { ...ns, links: veths(50) } : ns)) });
    const g1 = buildGraph(after);
    expect(g1.summaries.map((x) => x.key)).toEqual(['sum:3:veth']);
    const next = applyLayout(memory, g1, { interiors: {} });
    const crowd = next.groups.get('ns:3')!;
    expect(crowd.children.get('sum:3:veth')).toEqual({ x: SIZE.pad, y: SIZE.header });
    expect(crowd.h).toBe(SIZE.header + SIZE.ifHeight + SIZE.pad);
    expect(crowd.w).toBe(SIZE.ifWidth + 2 * SIZE.pad);
    // shown again one by one, each interface is back in its cell
    const expanded = applyLayout(next, buildGraph(after, { expanded: new Set(['3']) }), { interiors: {} });
    expect(expanded.groups.get('ns:3')!.children.get('if:3:10')).toEqual(memory.groups.get('ns:3')!.children.get('if:3:10'));
  });
  it('gives a namespace that fills up one interface at a time the same kind of grid', () => {
    const cells: { x: number; y: number }[] = [];
    for (let i = 0; i < 300; i++) cells.push(freeCell(cells, SIZE.ifWidth + 2 * SIZE.pad, i + 1));
    const w = Math.max(...cells.map((c) => c.x)) + SIZE.ifWidth;
    const h = Math.max(...cells.map((c) => c.y)) + SIZE.ifHeight;
    expect(w / h).toBeGreaterThan(0.6);
  });
});

describe('orientAroundHubs', () => {
  it('puts the host in the middle: its neighbours alternate sides, and what is beyond them stays on their side', () => {
    const edges: [string, string][] = [['h', 'a'], ['h', 'b'], ['h', 'c'], ['h', 'd'], ['a', 'a2'], ['b', 'b2'], ['a', 'h']];
    const out = orientAroundHubs(['h', 'a', 'b', 'c', 'd', 'a2', 'b2'], edges, 'h');
    expect(out).toHaveLength(6); // the duplicate a-h is dropped
    expect(out).toContainEqual(['h', 'a']);
    expect(out).toContainEqual(['b', 'h']);
    expect(out).toContainEqual(['h', 'c']);
    expect(out).toContainEqual(['d', 'h']);
    expect(out).toContainEqual(['a', 'a2']);
    expect(out).toContainEqual(['b2', 'b']);
  });
});


describe('applyLayout keeps what did not change', () => {
  it('answers the same memory when an event changed no place (one interface set down), and the same group objects otherwise', () => {
    const [mk, ns] = [link, namespace];
    const state = fromSnapshot({ takenAt: 0, namespaces: [ns('1', ['a'], [mk(1, 'lo'), mk(2, 'e0')]), ns('2', ['b'], [mk(1, 'lo')])] });
    const g = buildGraph(state);
    const first = applyLayout(emptyMemory(), g, { interiors: {} });
    const again = applyLayout(first, g, { interiors: {} });
    expect(again).toBe(first);
    const down = buildGraph(fromSnapshot({ takenAt: 0, namespaces: [ns('1', ['a'], [mk(1, 'lo'), mk(2, 'e0', { up: false })]), ns('2', ['b'], [mk(1, 'lo')])] }));
    expect(applyLayout(first, down, { interiors: {} })).toBe(first);
    const grown = buildGraph(fromSnapshot({ takenAt: 0, namespaces: [ns('1', ['a'], [mk(1, 'lo'), mk(2, 'e0'), mk(3, 'e1')]), ns('2', ['b'], [mk(1, 'lo')])] }));
    const next = applyLayout(first, grown, { interiors: {} });
    expect(next).not.toBe(first);
    expect(next.groups.get('ns:2')).toBe(first.groups.get('ns:2'));
  });
});
