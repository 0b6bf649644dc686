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
  /** More interfaces than SUMMARY_LIMIT: drawn as a summary per kind unless expanded. */
  crowded: boolean;
  expanded: boolean;
}
/** Many interfaces of one kind in a crowded namespace, drawn as one box ("300 veth → 300
 * namespaces") until the namespace is expanded. Wires to its interfaces end at it. */
export interface SummaryNode {
  key: string;
  group: string;
  nsId: string;
  kind: string;
  count: number;
  upCount: number;
  /** Distinct other namespaces their veth peers or parents are in. */
  peerNamespaces: number;
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
  summaries: SummaryNode[];
  edges: GraphEdge[];
}

/** A namespace with more shown interfaces than this is drawn summarised until expanded: a
 * container host's 300 veth ends as a column of boxes made the rest of the picture microscopic. */
export const SUMMARY_LIMIT = 40;
/** In a summarised namespace, kinds with at most this many interfaces are still drawn one by one. */
export const SUMMARY_KIND_MIN = 6;
export const summaryKey = (nsId: string, kind: string) => `sum:${nsId}:${kind}`;

/** Interfaces and summaries: everything drawn inside a namespace box. */
export const childNodes = (g: TopologyGraph): { key: string; group: string }[] => (g.summaries.length ? [...g.interfaces, ...g.summaries] : g.interfaces);

export interface GraphFilter {
  /** Kinds to hide ("plain" stands for devices without a kind). */
  hiddenKinds?: ReadonlySet<string>;
  /** Show only interfaces in this state. */
  state?: 'all' | 'up' | 'down';
  collapsed?: ReadonlySet<string>;
  /** Crowded namespaces shown interface by interface. */
  expanded?: ReadonlySet<string>;
}

export const kindOf = (l: Link): string => l.kind ?? 'plain';

function visible(l: Link, f: GraphFilter): boolean {
  if (f.hiddenKinds?.has(kindOf(l))) return false;
  if (f.state === 'up' && !l.up) return false;
  if (f.state === 'down' && l.up) return false;
  return true;
}

/** One namespace's share of the graph: its box, what is drawn inside, and its wires' ends. */
interface Part {
  group: GroupNode;
  interfaces: InterfaceNode[];
  summaries: SummaryNode[];
  /** Each shown interface's key and where it is drawn (itself, its summary, or its box). */
  drawn: [string, string][];
  /** Candidate edges: kind, this end, the other end, whether the order is fixed. */
  wires: [EdgeKind, string, string, boolean][];
}

function buildPart(ns: Namespace, filter: GraphFilter): Part {
  const key = nsKey(ns.id);
  const collapsed = filter.collapsed?.has(ns.id) ?? false;
  const shown = ns.links.filter((l) => visible(l, filter));
  const crowded = shown.length > SUMMARY_LIMIT;
  const expanded = crowded && (filter.expanded?.has(ns.id) ?? false);
  const group: GroupNode = {
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
    crowded,
    expanded,
  };
  const interfaces: InterfaceNode[] = [];
  const summaries: SummaryNode[] = [];
  const drawnAt = new Map<string, string>();
  const byKind = new Map<string, Link[]>();
  if (crowded && !expanded && !collapsed)
    for (const l of shown) {
      const list = byKind.get(kindOf(l));
      if (list) list.push(l);
      else byKind.set(kindOf(l), [l]);
    }
  for (const [kind, links] of byKind) {
    if (links.length <= SUMMARY_KIND_MIN) continue;
    const sk = summaryKey(ns.id, kind);
    const peers = new Set<string>();
    for (const l of links) {
      const other = l.peer?.namespace ?? l.parent?.namespace;
      if (other && other !== ns.id) peers.add(other);
      drawnAt.set(linkKey(ns.id, l.ifindex), sk);
    }
    summaries.push({ key: sk, group: key, nsId: ns.id, kind, count: links.length, upCount: links.filter((l) => l.up).length, peerNamespaces: peers.size });
  }
  for (const link of shown) {
    const k = linkKey(ns.id, link.ifindex);
    if (drawnAt.has(k)) continue;
    drawnAt.set(k, collapsed ? key : k);
    if (!collapsed) interfaces.push({ key: k, group: key, nsId: ns.id, link });
  }
  const wires: Part['wires'] = [];
  for (const l of ns.links) {
    const me = linkKey(ns.id, l.ifindex);
    if (l.peer && l.peer.namespace !== null) wires.push(['veth', me, linkKey(l.peer.namespace, l.peer.ifindex), false]);
    if (l.master !== null) wires.push(['port', me, linkKey(ns.id, l.master), true]);
    if (l.parent && l.parent.namespace !== null && l.kind !== 'veth') wires.push(['parent', me, linkKey(l.parent.namespace, l.parent.ifindex), true]);
  }
  return { group, interfaces, summaries, drawn: [...drawnAt], wires };
}

/**
 * Each namespace's part is kept while its namespace object (the model replaces only the ones an
 * event touched) and the filter stay the same, so one interface's event rebuilds one part: the
 * other namespaces' boxes and interface nodes are the same objects as before, and everything
 * downstream (layout memory, canvas nodes) can tell they did not change by identity.
 */
const parts = new WeakMap<Namespace, { hiddenKinds: unknown; state: unknown; collapsed: boolean; expanded: boolean; part: Part }>();

function partOf(ns: Namespace, filter: GraphFilter): Part {
  const collapsed = filter.collapsed?.has(ns.id) ?? false;
  const expanded = filter.expanded?.has(ns.id) ?? false;
  const hit = parts.get(ns);
  if (hit && hit.hiddenKinds === filter.hiddenKinds && hit.state === filter.state && hit.collapsed === collapsed && hit.expanded === expanded) return hit.part;
  const part = buildPart(ns, filter);
  // The same wires and places as this namespace's last part (a link went up or down, an address
  // changed): keep those arrays, so buildGraph sees by identity that no edge can have changed.
  const before = lastPart.get(ns.id);
  if (before) {
    if (sameTuples(before.drawn, part.drawn)) part.drawn = before.drawn;
    if (sameTuples(before.wires, part.wires)) part.wires = before.wires;
  }
  lastPart.set(ns.id, part);
  parts.set(ns, { hiddenKinds: filter.hiddenKinds, state: filter.state, collapsed, expanded, part });
  return part;
}
/** The last part built for each namespace id (its namespace object is a new one after an event). */
const lastPart = new Map<string, Part>();

const sameTuples = (a: readonly (readonly unknown[])[], b: readonly (readonly unknown[])[]): boolean =>
  a.length === b.length && a.every((x, i) => x.length === b[i]!.length && x.every((v, j) => v === b[i]![j]));

/** The last edge list built and the parts it was built from: while every part has the same
 * places and wires (the same arrays), the edges are the same, and the same array. */
let lastEdges: { parts: Part[]; edges: GraphEdge[] } | null = null;

const sameWires = (a: readonly Part[], b: readonly Part[]): boolean =>
  a.length === b.length && a.every((p, i) => p.drawn === b[i]!.drawn && p.wires === b[i]!.wires);

/** How many times buildGraph walked every wire of the picture (a unit test checks one event does not). */
export const graphStats = { edgePasses: 0 };

export function buildGraph(state: TopologyState, filter: GraphFilter = {}): TopologyGraph {
  const groups: GroupNode[] = [];
  const interfaces: InterfaceNode[] = [];
  const summaries: SummaryNode[] = [];
  const all: Part[] = [];
  for (const ns of state.namespaces.values()) {
    const part = partOf(ns, filter);
    all.push(part);
    groups.push(part.group);
    for (const n of part.interfaces) interfaces.push(n);
    for (const n of part.summaries) summaries.push(n);
  }
  if (lastPart.size > 2 * state.namespaces.size + 64) for (const id of lastPart.keys()) if (!state.namespaces.has(id)) lastPart.delete(id);
  // One interface's event changes no wire: the edge list (2000 wires across 1000 namespaces,
  // the largest part of this function's time) is the one built before.
  if (lastEdges && sameWires(all, lastEdges.parts)) {
    lastEdges.parts = all;
    return { groups, interfaces, summaries, edges: lastEdges.edges };
  }
  const edges = edgesOf(all);
  lastEdges = { parts: all, edges };
  return { groups, interfaces, summaries, edges };
}

function edgesOf(all: readonly Part[]): GraphEdge[] {
  graphStats.edgePasses++;
  const edges: GraphEdge[] = [];
  // Where each shown interface is drawn: itself, its summary, or its group when collapsed.
  const drawnAt = new Map<string, string>();
  for (const part of all) for (const [k, at] of part.drawn) drawnAt.set(k, at);

  const seen = new Set<string>();
  const add = (kind: EdgeKind, a: string, b: string, ordered: boolean) => {
    const s = drawnAt.get(a);
    const t = drawnAt.get(b);
    if (!s || !t || s === t) return;
    // A veth pair is one edge whichever end we meet first.
    const [x, y] = ordered || a < b ? [a, b] : [b, a];
    const key = `${kind}:${x}~${y}`;
    // One line per pair of drawn ends: 300 bridge ports summarised are one wire to the bridge.
    const drawn = `${kind}:${drawnAt.get(x)}~${drawnAt.get(y)}`;
    if (seen.has(key) || seen.has(drawn)) return;
    seen.add(key);
    seen.add(drawn);
    edges.push({ key, kind, source: drawnAt.get(x)!, target: drawnAt.get(y)! });
  };
  for (const part of all) for (const [kind, me, other, ordered] of part.wires) add(kind, me, other, ordered);
  return edges;
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
  const groupOf = new Map(childNodes(graph).map((n) => [n.key, n.group]));
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
