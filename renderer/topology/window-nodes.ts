// Which of a big picture's nodes React Flow is given: those of the namespaces near the view, and
// the other ends of their wires (xyflow draws an edge only between two nodes it holds). Pure, so a
// unit test can check that one change costs xyflow the window, not the picture.

export interface WindowNode {
  id: string;
  parentId?: string;
}

/** A node with more wires than this leaving the window is a hub (the host's summary of every veth). */
export const HUB_WIRES = 16;

/**
 * The nodes whose namespace is in `near`, then for each wire with exactly one end among those,
 * the other end and its namespace box. Only wires from the window count: the ends added are not
 * followed further. Following them (the set grew while the wires were walked) pulled in, through
 * the host's summary of 1000 veth ends, every namespace of the picture: React Flow was handed all
 * 3002 nodes of 1000 namespaces on each change. A hub in the window (that summary, with more than
 * HUB_WIRES wires leaving it) reaches every namespace by itself: its wires are not followed out of
 * the window, and are drawn when the view comes nearer (1597 of the 3002 nodes were handed to
 * React Flow otherwise; docs/PERFORMANCE.md). An ordinary interface's wire is always drawn, to
 * the hub too.
 */
export function nodesNear<N extends WindowNode>(nodes: readonly N[], near: ReadonlySet<string>, edges: readonly { source: string; target: string }[]): N[] {
  const inWindow = new Set<string>();
  const parentOf = new Map<string, string | undefined>();
  for (const n of nodes) {
    parentOf.set(n.id, n.parentId);
    if (near.has(n.parentId ?? n.id)) inWindow.add(n.id);
  }
  // Each wire with one end in the window: [the end in the window, the other end].
  const leaving: [string, string][] = [];
  const count = new Map<string, number>();
  for (const e of edges) {
    const a = inWindow.has(e.source);
    if (a === inWindow.has(e.target)) continue;
    const [me, other] = a ? [e.source, e.target] : [e.target, e.source];
    if (!parentOf.has(other)) continue;
    leaving.push([me, other]);
    count.set(me, (count.get(me) ?? 0) + 1);
  }
  const ids = new Set(inWindow);
  for (const [me, other] of leaving) {
    if (count.get(me)! > HUB_WIRES) continue;
    const parent = parentOf.get(other);
    ids.add(other);
    if (parent) ids.add(parent);
  }
  return nodes.filter((n) => ids.has(n.id));
}
