// From the topology model to the picture's graph: namespaces as groups, interfaces inside, and
// the edges an administrator reasons with (veth pairs, bridge ports, macvlan/vxlan parents).
// Pure, so the same input gives the same graph and unit tests can check it without a DOM.
import type { Link, Namespace } from '../../shared/model';
import { ownerSearchText } from '../../shared/owners';
import { linkKey, namespaceLabel, nsKey, type TopologyState } from '../model/topology-state';

export type EdgeKind = 'veth' | 'port' | 'parent';

export interface GroupNode {
  key: string;
  nsId: string;
  label: string;
  current: boolean;
  anonymous: boolean;
  /** It forwards IPv4 or IPv6: drawn as a router. */
  router: boolean;
  linkCount: number;
  upCount: number;
  collapsed: boolean;
  /** The namespace's loopback, shown in its header (drawn as a box only on request). */
  lo: Link | null;
  /** Every interface of the namespace, shown or filtered out (layout keeps their places). */
  linkKeys: string[];
}
export interface InterfaceNode {
  key: string;
  group: string;
  nsId: string;
  link: Link;
}
export interface GraphEdge {
  key: string;
  kind: EdgeKind;
  source: string;
  target: string;
}
export interface TopologyGraph {
  groups: GroupNode[];
  interfaces: InterfaceNode[];
  edges: GraphEdge[];
}

export interface GraphFilter {
  /** Kinds to hide ("plain" stands for devices without a kind). */
  hiddenKinds?: ReadonlySet<string>;
  /** Show only interfaces in this state. */
  state?: 'all' | 'up' | 'down';
  collapsed?: ReadonlySet<string>;
}

export const kindOf = (l: Link): string => l.kind ?? 'plain';

function visible(l: Link, f: GraphFilter): boolean {
  if (f.hiddenKinds?.has(kindOf(l))) return false;
  if (f.state === 'up' && !l.up) return false;
  if (f.state === 'down' && l.up) return false;
  return true;
}

export function buildGraph(state: TopologyState, filter: GraphFilter = {}): TopologyGraph {
  const groups: GroupNode[] = [];
  const interfaces: InterfaceNode[] = [];
  const edges: GraphEdge[] = [];
  // Where each shown interface is drawn: itself, or its group when the group is collapsed.
  const drawnAt = new Map<string, string>();

  for (const ns of state.namespaces.values()) {
    const key = nsKey(ns.id);
    const collapsed = filter.collapsed?.has(ns.id) ?? false;
    groups.push({
      key,
      nsId: ns.id,
      label: namespaceLabel(ns),
      router: !!(ns.forwarding?.ipv4 || ns.forwarding?.ipv6),
      current: ns.current,
      anonymous: ns.names.length === 0 && !ns.current,
      linkCount: ns.links.length,
      upCount: ns.links.filter((l) => l.up).length,
      collapsed,
      lo: ns.links.find((l) => l.kind === 'loopback') ?? null,
      linkKeys: ns.links.map((l) => linkKey(ns.id, l.ifindex)),
    });
    for (const link of ns.links) {
      if (!visible(link, filter)) continue;
      const k = linkKey(ns.id, link.ifindex);
      drawnAt.set(k, collapsed ? key : k);
      if (!collapsed) interfaces.push({ key: k, group: key, nsId: ns.id, link });
    }
  }

  const seen = new Set<string>();
  const add = (kind: EdgeKind, a: string, b: string, ordered: boolean) => {
    const s = drawnAt.get(a);
    const t = drawnAt.get(b);
    if (!s || !t || s === t) return;
    // A veth pair is one edge whichever end we meet first.
    const [x, y] = ordered || a < b ? [a, b] : [b, a];
    const key = `${kind}:${x}~${y}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ key, kind, source: drawnAt.get(x)!, target: drawnAt.get(y)! });
  };

  for (const ns of state.namespaces.values()) {
    for (const l of ns.links) {
      const me = linkKey(ns.id, l.ifindex);
      if (l.peer && l.peer.namespace !== null) add('veth', me, linkKey(l.peer.namespace, l.peer.ifindex), false);
      if (l.master !== null) add('port', me, linkKey(ns.id, l.master), true);
      if (l.parent && l.parent.namespace !== null && l.kind !== 'veth') add('parent', me, linkKey(l.parent.namespace, l.parent.ifindex), true);
    }
  }
  return { groups, interfaces, edges };
}

/** Interfaces and namespaces whose name, address, kind, MAC or owner (kind, name, id, image...) contains the text (case-insensitive). */
export function searchGraph(namespaces: Iterable<Namespace>, text: string): string[] {
  const q = text.trim().toLowerCase();
  if (!q) return [];
  const hits: string[] = [];
  for (const ns of namespaces) {
    const owner = ns.owner ? ownerSearchText(ns.owner) : '';
    if (namespaceLabel(ns).toLowerCase().includes(q) || ns.id === q || owner.includes(q)) hits.push(nsKey(ns.id));
    for (const l of ns.links) {
      const hay = [l.name, kindOf(l), l.mac ?? '', ...l.addresses].join(' ').toLowerCase();
      if (hay.includes(q)) hits.push(linkKey(ns.id, l.ifindex));
    }
  }
  return hits;
}

/**
 * The picture from far away: one edge per pair of namespaces joined by anything, drawn between
 * the namespace boxes (edges inside one namespace are left out). With the interfaces hidden at
 * that distance, a thousand namespaces are a thousand boxes instead of five thousand nodes.
 */
export function overviewEdges(graph: TopologyGraph): GraphEdge[] {
  const groupOf = new Map(graph.interfaces.map((n) => [n.key, n.group]));
  const out = new Map<string, GraphEdge>();
  for (const e of graph.edges) {
    const a = groupOf.get(e.source) ?? e.source;
    const b = groupOf.get(e.target) ?? e.target;
    if (a === b) continue;
    const [source, target] = a < b ? [a, b] : [b, a];
    const key = `${source}~${target}`;
    if (!out.has(key)) out.set(key, { key, kind: e.kind, source, target });
  }
  return [...out.values()];
}
