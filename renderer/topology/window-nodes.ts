// Which of a big picture's nodes React Flow is given: those of the namespaces near the view, and
// the other ends of their wires (xyflow draws an edge only between two nodes it holds). Pure, so a
// unit test can check that one change costs xyflow the window, not the picture.

export interface WindowNode {
  id: string;
  parentId?: string;
}

/**
 * The nodes whose namespace is in `near`, then for each wire with exactly one end among those,
 * the other end and its namespace box, when that namespace is in `reach` (the namespaces around
 * the window; all when not given). Only wires from the window count: the ends added are not
 * followed further. Following them (the set grew while the wires were walked) pulled in, through
 * the host's summary of 1000 veth ends, every namespace of the picture: React Flow was handed all
 * 3002 nodes of 1000 namespaces on each change. And a hub in the window (that host) reaches every
 * namespace by itself: its wires to namespaces beyond `reach` are left out until the view comes
 * nearer (2091 nodes handed to React Flow otherwise; docs/PERFORMANCE.md).
 */
export function nodesNear<N extends WindowNode>(
  nodes: readonly N[],
  near: ReadonlySet<string>,
  edges: readonly { source: string; target: string }[],
  reach?: ReadonlySet<string>,
): N[] {
  const inWindow = new Set<string>();
  const parentOf = new Map<string, string | undefined>();
  for (const n of nodes) {
    parentOf.set(n.id, n.parentId);
    if (near.has(n.parentId ?? n.id)) inWindow.add(n.id);
  }
  const ids = new Set(inWindow);
  for (const e of edges) {
    const a = inWindow.has(e.source);
    if (a === inWindow.has(e.target)) continue;
    const other = a ? e.target : e.source;
    if (!parentOf.has(other)) continue;
    const parent = parentOf.get(other);
    if (reach && !reach.has(parent ?? other)) continue;
    ids.add(other);
    if (parent) ids.add(parent);
  }
  return nodes.filter((n) => ids.has(n.id));
}
