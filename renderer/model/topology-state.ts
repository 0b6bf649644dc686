// The topology as the renderer holds it: the last snapshot with every event applied since. Pure
// and immutable: an event replaces only the namespace it touches, so React skips the rest.
import type { EventName, EventPayload } from '../../shared/contract';
import type { Link, Namespace, NamespaceSummary, Route, Snapshot } from '../../shared/model';

export interface TopologyState {
  /** By namespace id, in the order the snapshot gave them. */
  namespaces: ReadonlyMap<string, Namespace>;
  takenAt: number;
}

export const emptyTopology: TopologyState = { namespaces: new Map(), takenAt: 0 };

export function fromSnapshot(s: Snapshot): TopologyState {
  return { namespaces: new Map(s.namespaces.map((n) => [n.id, n])), takenAt: s.takenAt };
}

/** Events name a namespace by id; fall back to a name for hosts that send one. */
export function findNamespace(state: TopologyState, ref: string): Namespace | undefined {
  const byId = state.namespaces.get(ref);
  if (byId) return byId;
  for (const n of state.namespaces.values()) if (n.names.includes(ref)) return n;
  const pid = /^pid:(\d+)$/.exec(ref);
  if (pid) for (const n of state.namespaces.values()) if (n.pids.includes(Number(pid[1]))) return n;
  return undefined;
}

export type TopologyEvent = {
  [K in EventName]: { event: K; payload: EventPayload<K> };
}[EventName];

/** What an event touched, for the brief highlight: node keys as graph.ts names them. */
export interface Applied {
  state: TopologyState;
  touched: string[];
}

const withNamespace = (state: TopologyState, ns: Namespace): TopologyState => {
  const namespaces = new Map(state.namespaces);
  namespaces.set(ns.id, ns);
  return { ...state, namespaces };
};
const updateLinks = (ns: Namespace, f: (links: Link[]) => Link[]): Namespace => ({ ...ns, links: f(ns.links) });
const sameRoute = (a: Route, b: Route) =>
  a.destination === b.destination && a.table === b.table && a.metric === b.metric && a.gateway === b.gateway && a.ifindex === b.ifindex && a.family === b.family;

export const nsKey = (id: string) => `ns:${id}`;
export const linkKey = (nsId: string, ifindex: number) => `if:${nsId}:${ifindex}`;

/** Applies one live event; events for namespaces we do not hold yet are ignored (a resync follows). */
export function applyEvent(state: TopologyState, e: TopologyEvent): Applied {
  switch (e.event) {
    case 'namespace.added':
    case 'namespace.changed': {
      const summary: NamespaceSummary = e.payload;
      const old = state.namespaces.get(summary.id);
      const ns: Namespace = { ...summary, links: old?.links ?? [], routes: old?.routes ?? [] };
      return { state: withNamespace(state, ns), touched: [nsKey(ns.id)] };
    }
    case 'namespace.removed': {
      if (!state.namespaces.has(e.payload.id)) return { state, touched: [] };
      const namespaces = new Map(state.namespaces);
      namespaces.delete(e.payload.id);
      return { state: { ...state, namespaces }, touched: [] };
    }
    case 'link.changed': {
      const ns = findNamespace(state, e.payload.namespace);
      if (!ns) return { state, touched: [] };
      const link = e.payload.link;
      const next = updateLinks(ns, (links) => {
        const i = links.findIndex((l) => l.ifindex === link.ifindex);
        if (i < 0) return [...links, link];
        const copy = links.slice();
        copy[i] = link;
        return copy;
      });
      return { state: withNamespace(state, next), touched: [linkKey(ns.id, link.ifindex)] };
    }
    case 'link.removed': {
      const ns = findNamespace(state, e.payload.namespace);
      if (!ns || !ns.links.some((l) => l.ifindex === e.payload.ifindex)) return { state, touched: [] };
      const next = updateLinks(ns, (links) => links.filter((l) => l.ifindex !== e.payload.ifindex));
      return { state: withNamespace(state, next), touched: [nsKey(ns.id)] };
    }
    case 'address.added':
    case 'address.removed': {
      const ns = findNamespace(state, e.payload.namespace);
      const { ifindex, address } = e.payload;
      if (!ns || !ns.links.some((l) => l.ifindex === ifindex)) return { state, touched: [] };
      const adding = e.event === 'address.added';
      const next = updateLinks(ns, (links) =>
        links.map((l) => {
          if (l.ifindex !== ifindex) return l;
          const rest = l.addresses.filter((a) => a !== address);
          return { ...l, addresses: adding ? [...rest, address] : rest };
        }),
      );
      return { state: withNamespace(state, next), touched: [linkKey(ns.id, ifindex)] };
    }
    case 'route.added':
    case 'route.removed': {
      const ns = findNamespace(state, e.payload.namespace);
      if (!ns) return { state, touched: [] };
      const r = e.payload.route;
      const rest = ns.routes.filter((x) => !sameRoute(x, r));
      const routes = e.event === 'route.added' ? [...rest, r] : rest;
      return { state: withNamespace(state, { ...ns, routes }), touched: [] };
    }
    default:
      return { state, touched: [] };
  }
}

/**
 * Applies a batch of events in order, each with when it arrived; events older than the state's
 * snapshot are already in it and skipped. Pure: the caller sets the state and the highlight from
 * the one answer (never from inside a React state updater, which may run later or twice).
 */
export function applyEvents(state: TopologyState, events: readonly { e: TopologyEvent; at: number }[]): Applied {
  let next = state;
  const touched: string[] = [];
  for (const { e, at } of events) {
    if (at < next.takenAt) continue;
    const a = applyEvent(next, e);
    next = a.state;
    touched.push(...a.touched);
  }
  return { state: next, touched };
}

/** The label a person knows a namespace by: "host", its names, or "pid 812 · nginx". */
export function namespaceLabel(ns: NamespaceSummary): string {
  if (ns.current) return ns.names.length ? `host (${ns.names.join(', ')})` : 'host';
  if (ns.names.length) return ns.names.join(', ');
  const p = ns.processes[0];
  if (p) return `pid ${p.pid} · ${p.command}`;
  if (ns.pids[0] !== undefined) return `pid ${ns.pids[0]}`;
  return `namespace ${ns.id}`;
}

/** How to name a namespace in a method call: a name, else pid:N, else its id. */
export function namespaceRef(ns: NamespaceSummary): string {
  if (ns.names[0] !== undefined) return ns.names[0];
  if (ns.current) return ns.id;
  if (ns.pids[0] !== undefined) return `pid:${ns.pids[0]}`;
  return ns.id;
}
