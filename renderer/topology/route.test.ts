import { describe, expect, it } from 'vitest';
import { buildGraph, type TopologyGraph } from './graph';
import { applyLayout, emptyMemory, planLayout, SIZE, type LayoutMemory, type Point } from './layout-memory';
import { layoutRequest } from './layout-run';
import { boxesOf, routeWires, type Rect } from './route';
import { fromSnapshot } from '../model/topology-state';
import { link, namespace } from './fixtures';
import type { Link } from '../../shared/model';

const veth = (ifindex: number, name: string, peerNs: string, peerIf: number, extra: Partial<Link> = {}) =>
  link(ifindex, name, { kind: 'veth', peer: { namespace: peerNs, ifindex: peerIf }, ...extra });

/** The e2e lab: host ─ router ─ switch (br0, 4 ports) ─ three hosts; router ─ dmz ─ db. */
export const lab = () =>
  fromSnapshot({
    takenAt: 1,
    namespaces: [
      namespace('1', [], [link(1, 'lo', { kind: 'loopback' }), veth(2, 'uplink0', '2', 11)], { current: true }),
      namespace('2', ['lab-router'], [veth(11, 'wan0', '1', 2), veth(12, 'lan0', '3', 21), veth(13, 'dmz0', '7', 71)], { forwarding: { ipv4: true, ipv6: false } }),
      namespace('3', ['lab-sw'], [
        link(20, 'br0', { kind: 'bridge' }),
        veth(21, 'p0', '2', 12, { master: 20 }),
        veth(22, 'p1', '4', 41, { master: 20 }),
        veth(23, 'p2', '5', 51, { master: 20 }),
        veth(24, 'p3', '6', 61, { master: 20 }),
      ]),
      namespace('4', ['lab-h1'], [veth(41, 'eth0', '3', 22)]),
      namespace('5', ['lab-h2'], [veth(51, 'eth0', '3', 23)]),
      namespace('6', ['lab-h3'], [veth(61, 'eth0', '3', 24)]),
      namespace('7', ['lab-dmz'], [veth(71, 'eth0', '2', 13), veth(72, 'db0', '8', 81)]),
      namespace('8', ['lab-db'], [veth(81, 'eth0', '7', 72)]),
    ],
  });

export async function laidOut(graph: TopologyGraph): Promise<LayoutMemory> {
  const req = planLayout(emptyMemory(), graph, true);
  return applyLayout(emptyMemory(), graph, await layoutRequest(req));
}

const inside = (p: Point, r: Rect) => p.x > r.x && p.x < r.x + r.w && p.y > r.y && p.y < r.y + r.h;

/** Points every 2 px along a route that lie inside a box the wire does not end at. */
export function wiresUnderBoxes(graph: TopologyGraph, memory: LayoutMemory, routes: Map<string, Point[]>): string[] {
  const boxes = boxesOf(graph, memory);
  const bad: string[] = [];
  for (const e of graph.edges) {
    const pts = routes.get(e.key);
    if (!pts) {
      bad.push(`${e.key}: no route`);
      continue;
    }
    const ends = new Set([e.source, e.target, boxes.get(e.source)!.group, boxes.get(e.target)!.group]);
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!;
      const b = pts[i]!;
      expect(a.x === b.x || a.y === b.y).toBe(true);
      const n = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 2);
      for (let s = 0; s <= n; s++) {
        const p = { x: a.x + ((b.x - a.x) * s) / n, y: a.y + ((b.y - a.y) * s) / n };
        for (const box of boxes.values()) if (!ends.has(box.key) && inside(p, box)) bad.push(`${e.key} under ${box.key}`);
      }
    }
  }
  return [...new Set(bad)];
}

describe('routed wires', () => {
  it('routes every wire of the lab around the boxes it does not end at', async () => {
    const graph = buildGraph(lab(), { hiddenKinds: new Set(['loopback']) });
    const memory = await laidOut(graph);
    const routes = routeWires(boxesOf(graph, memory), graph.edges);
    expect(routes.size).toBe(graph.edges.length);
    expect(wiresUnderBoxes(graph, memory, routes)).toEqual([]);
  });

  it('puts the switch\'s hosts in the order of its ports, so their wires do not cross', async () => {
    const graph = buildGraph(lab(), { hiddenKinds: new Set(['loopback']) });
    const memory = await laidOut(graph);
    const y = (ns: string) => memory.groups.get(`ns:${ns}`)!.y;
    expect(y('4')).toBeLessThan(y('5'));
    expect(y('5')).toBeLessThan(y('6'));
  });

  it('goes around a box that sits between the two ends', () => {
    // Three single-interface namespaces in a row; a wire from the first to the third.
    const graph: TopologyGraph = {
      groups: ['a', 'b', 'c'].map((k) => ({ key: `ns:${k}`, nsId: k, label: k, current: false, anonymous: false, router: false, linkCount: 1, upCount: 1, collapsed: false, lo: null, linkKeys: [`if:${k}:1`], crowded: false, expanded: false })),
      interfaces: ['a', 'b', 'c'].map((k) => ({ key: `if:${k}:1`, group: `ns:${k}`, nsId: k, link: link(1, `e${k}`) })),
      summaries: [],
      edges: [{ key: 'veth:a~c', kind: 'veth', source: 'if:a:1', target: 'if:c:1' }],
    };
    const w = SIZE.ifWidth + 2 * SIZE.pad;
    const h = SIZE.header + SIZE.ifHeight + SIZE.pad;
    const child = new Map<string, Point>();
    const memory: LayoutMemory = {
      groups: new Map(['a', 'b', 'c'].map((k, i) => [`ns:${k}`, { x: i * (w + SIZE.groupGap), y: 0, w, h, children: new Map(child).set(`if:${k}:1`, { x: SIZE.pad, y: SIZE.header }) }])),
      shelf: { x: 0, y: 0, rowHeight: 0 },
    };
    const routes = routeWires(boxesOf(graph, memory), graph.edges);
    const pts = routes.get('veth:a~c')!;
    expect(pts.length).toBeGreaterThan(2); // not the straight line through b
    expect(wiresUnderBoxes(graph, memory, routes)).toEqual([]);
  });
});
