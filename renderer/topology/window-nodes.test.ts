import { describe, expect, it } from 'vitest';
import { HUB_WIRES, nodesNear } from './window-nodes';

// A hub (the host with a summary of every veth end) and namespaces a0..a9, each with one
// interface wired to the hub's summary, as bench/fixture.mjs builds at 1000.
function world(n: number) {
  const nodes: { id: string; parentId?: string }[] = [{ id: 'ns:host' }, { id: 'sum:host', parentId: 'ns:host' }];
  const edges: { source: string; target: string }[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `ns:a${i}` }, { id: `if:a${i}`, parentId: `ns:a${i}` });
    edges.push({ source: `if:a${i}`, target: 'sum:host' });
  }
  return { nodes, edges };
}

describe('nodesNear', () => {
  it('gives the namespaces in the window and the other ends of their wires, not the ends of those ends', () => {
    const { nodes, edges } = world(10);
    const ids = nodesNear(nodes, new Set(['ns:a3']), edges).map((n) => n.id);
    // a3's wire reaches the hub's summary (and its box): the hub's other nine wires are not followed.
    expect(ids.sort()).toEqual(['if:a3', 'ns:a3', 'ns:host', 'sum:host']);
  });

  it('keeps the order of the nodes (a box before what is inside it, as xyflow needs)', () => {
    const { nodes, edges } = world(3);
    expect(nodesNear(nodes, new Set(['ns:a2', 'ns:a0']), edges).map((n) => n.id)).toEqual(['ns:host', 'sum:host', 'ns:a0', 'if:a0', 'ns:a2', 'if:a2']);
  });

  it('leaves out a wire end that is not a node (filtered out or not placed yet)', () => {
    const nodes = [{ id: 'ns:a' }, { id: 'if:a', parentId: 'ns:a' }];
    expect(nodesNear(nodes, new Set(['ns:a']), [{ source: 'if:a', target: 'if:gone' }]).map((n) => n.id)).toEqual(['ns:a', 'if:a']);
  });

  it("takes a hub's wires only to the namespaces in the window, an ordinary interface's always", () => {
    const { nodes, edges } = world(HUB_WIRES + 4);
    const ids = nodesNear(nodes, new Set(['ns:host', 'ns:a1', 'ns:a2']), edges).map((n) => n.id);
    expect(ids).toEqual(['ns:host', 'sum:host', 'ns:a1', 'if:a1', 'ns:a2', 'if:a2']);
    // a hub with HUB_WIRES wires leaving is not one yet: every end
    expect(nodesNear(world(HUB_WIRES).nodes, new Set(['ns:host']), world(HUB_WIRES).edges)).toHaveLength(2 * HUB_WIRES + 2);
    // from a namespace in the window, its wire to the hub is drawn though the hub is outside
    expect(nodesNear(nodes, new Set(['ns:a7']), edges).map((n) => n.id)).toEqual(['ns:host', 'sum:host', 'ns:a7', 'if:a7']);
  });

  it('keeps panning near the host of 5000 namespaces to the window: the summary in view does not pull in the world', () => {
    const { nodes, edges } = world(5000);
    const near = new Set(['ns:host', 'ns:a0', 'ns:a1']);
    expect(nodesNear(nodes, near, edges).map((n) => n.id).sort()).toEqual(['if:a0', 'if:a1', 'ns:a0', 'ns:a1', 'ns:host', 'sum:host']);
  });
});
