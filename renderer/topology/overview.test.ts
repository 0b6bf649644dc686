import { describe, expect, it } from 'vitest';
import { hubsOf, labelSize, overviewLine } from './OverviewLayer';
import { minimapPaths } from './WorldMiniMap';
import { overviewEdges } from './graph';
import { bigWorld } from './big-world';
import type { GroupLayout } from './layout-memory';

const box = (x: number, y: number, w = 200, h = 100): GroupLayout => ({ x, y, w, h, children: new Map() });
const inside = (b: GroupLayout, x: number, y: number) => x > b.x && x < b.x + b.w && y > b.y && y < b.y + b.h;

describe('the overview of a big world (issue 14)', async () => {
  const { graph, memory } = await bigWorld(1000);
  const lines = overviewEdges(graph);

  it('draws a line from border to border, never inside either box', () => {
    const [a, b] = [box(0, 0), box(1000, 600)];
    const l = overviewLine(a, b)!;
    expect(inside(a, l[0], l[1]) || inside(b, l[0], l[1]) || inside(a, l[2], l[3]) || inside(b, l[2], l[3])).toBe(false);
    // the ends lie on the boxes' sides (6 units out), on the line between the centres: this
    // one leaves a through its bottom
    expect(l[1]).toBeCloseTo(106);
    expect(l[0]).toBeCloseTo(100 + (56 * 1000) / 600);
    expect(l[3]).toBeCloseTo(600 - 6);
    expect(overviewLine(a, box(100, 20))).toBeNull();
  });

  it('names the host as the hub, and only namespaces joined to several', () => {
    const hubs = hubsOf(graph.groups, lines);
    expect(hubs.map((g) => g.label)).toEqual([graph.groups.find((g) => g.current)!.label]);
  });

  it('fits every name into its box', () => {
    for (const g of graph.groups.slice(0, 50)) {
      const at = memory.groups.get(g.key)!;
      expect(labelSize(g.label, at) * 0.6 * g.label.length).toBeLessThanOrEqual(at.w - 20);
    }
  });

  it('has every namespace on the big picture’s minimap, not only those near the view', () => {
    const p = minimapPaths(graph.groups, memory);
    expect(p.count).toBe(1001);
    expect((p.up + p['some-down'] + p.down + p.empty).match(/M/g)).toHaveLength(1001);
  });
});
