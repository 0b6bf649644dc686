// What the contract's topology events mean: the last snapshot with every event applied since.
// The page holds its picture this way (renderer/model/live-topology.ts), and the host keeps the
// picture it read at start this way until the first page asks (electron/host/kept-picture.ts), so
// both apply an event alike. Pure and immutable: an event replaces only the namespace it touches,
// so React skips the rest.
import type { EventName, EventPayload } from './contract';
import type { Link, Namespace, NamespaceSummary, Route, Snapshot } from './model';

export interface TopologyState {
  /** By namespace id, in the order the snapshot gave them. */
  namespaces: ReadonlyMap<string, Namespace>;
  /** When the core took the snapshot (its clock). */
  takenAt: number;
  /**
   * The number of the first event the snapshot may not hold: events are numbered as they arrive
   * (see applyEvents), and those numbered below arrived before it was asked for. A count, not a
   * time: a burst and the resync after it reach the page within one millisecond.
   */
  since: number;
  /**
   * Events for a namespace we do not hold yet, by the namespace they name, in order: applied
   * when its namespace.added comes. The core sends namespace.added first, but a snapshot that
   * was asked for before the namespace appeared can answer after its first events.
   */
  waiting: ReadonlyMap<string, readonly TopologyEvent[]>;
}

export const emptyTopology: TopologyState = { namespaces: new Map(), takenAt: 0, since: 0, waiting: new Map() };

/**
 * The state a snapshot gives. `since`: the number of the first event that arrived after it was
 * asked for; those are applied on top of it even if the core took it later, because a namespace
 * read early in the snapshot may have changed before the snapshot was done.
 */
export function fromSnapshot(s: Snapshot, since = 0): TopologyState {
  return { namespaces: new Map(s.namespaces.map((n) => [n.id, n])), takenAt: s.takenAt, since, waiting: new Map() };
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

/**
 * States applyEvents is still building: their map of namespaces is the batch's own copy, changed
 * in place, so a burst of K events copies the map of N namespaces once instead of K times (the
 * first frame at 1000 namespaces spent 80 ms copying it, one event at a time).
 */
const drafts = new WeakSet<TopologyState>();

const withNamespace = (state: TopologyState, ns: Namespace): TopologyState => {
  if (drafts.has(state)) {
    (state.namespaces as Map<string, Namespace>).set(ns.id, ns);
    return state;
  }
  const namespaces = new Map(state.namespaces);
  namespaces.set(ns.id, ns);
  return { ...state, namespaces };
};
const updateLinks = (ns: Namespace, f: (links: Link[]) => Link[]): Namespace => ({ ...ns, links: f(ns.links) });
const sameRoute = (a: Route, b: Route) =>
  a.destination === b.destination && a.table === b.table && a.metric === b.metric && a.gateway === b.gateway && a.ifindex === b.ifindex && a.family === b.family;

/** The namespace without the routes through a link (of one family, or both). */
const withoutRoutes = (ns: Namespace, ifindex: number, family?: 4 | 6): Namespace =>
  ns.routes.some((r) => r.ifindex === ifindex && (family === undefined || r.family === family))
    ? { ...ns, routes: ns.routes.filter((r) => r.ifindex !== ifindex || (family !== undefined && r.family !== family)) }
    : ns;

/** An IPv4 address as the events write them ("10.0.0.1/24"). */
const isV4 = (address: string) => !address.includes(':');

export const nsKey = (id: string) => `ns:${id}`;
export const linkKey = (nsId: string, ifindex: number) => `if:${nsId}:${ifindex}`;

/** Keeps an event for a namespace we do not hold yet, until its namespace.added. */
const wait = (state: TopologyState, ref: string, e: TopologyEvent): Applied => {
  const waiting = new Map(state.waiting);
  waiting.set(ref, [...(waiting.get(ref) ?? []), e]);
  return { state: { ...state, waiting }, touched: [] };
};

/** The events held for a namespace (by its id or one of its names), taken out of the state. */
const takeWaiting = (state: TopologyState, ns: NamespaceSummary): { state: TopologyState; events: TopologyEvent[] } => {
  const refs = [ns.id, ...ns.names].filter((r) => state.waiting.has(r));
  if (!refs.length) return { state, events: [] };
  const waiting = new Map(state.waiting);
  const events = refs.flatMap((r) => waiting.get(r)!);
  refs.forEach((r) => waiting.delete(r));
  return { state: { ...state, waiting }, events };
};

/** Applies one live event; events for a namespace we do not hold yet wait for it (state.waiting). */
export function applyEvent(state: TopologyState, e: TopologyEvent): Applied {
  switch (e.event) {
    case 'namespace.added':
    case 'namespace.changed': {
      const summary: NamespaceSummary = e.payload;
      const old = state.namespaces.get(summary.id);
      const ns: Namespace = { ...summary, links: old?.links ?? [], routes: old?.routes ?? [] };
      // An event that does not say forwarding (the core did not read it: a watcher change) keeps the last known.
      if (!ns.forwarding && old?.forwarding) ns.forwarding = old.forwarding;
      // Events tell owners from /proc only: keep the name and image an engine gave the same container.
      const was = old?.owner;
      if (was && ns.owner && was.kind === ns.owner.kind && was.id === ns.owner.id && !ns.owner.name) ns.owner = was;
      const held = takeWaiting(withNamespace(state, ns), ns);
      const touched = [nsKey(ns.id)];
      let next = held.state;
      for (const h of held.events) {
        const a = applyEvent(next, h);
        next = a.state;
        touched.push(...a.touched);
      }
      return { state: next, touched };
    }
    case 'namespace.removed': {
      const { id, names } = e.payload;
      const held = [id, ...names].filter((r) => state.waiting.has(r));
      if (!state.namespaces.has(id) && !held.length) return { state, touched: [] };
      const namespaces = new Map(state.namespaces);
      namespaces.delete(id);
      const waiting = new Map(state.waiting);
      held.forEach((r) => waiting.delete(r));
      return { state: { ...state, namespaces, waiting }, touched: [] };
    }
    case 'link.changed': {
      const ns = findNamespace(state, e.payload.namespace);
      if (!ns) return wait(state, e.payload.namespace, e);
      const link = e.payload.link;
      let next = updateLinks(ns, (links) => {
        const i = links.findIndex((l) => l.ifindex === link.ifindex);
        if (i < 0) return [...links, link];
        const copy = links.slice();
        copy[i] = link;
        return copy;
      });
      // A link that is down has no IPv4 routes: the kernel drops them without a word (the core
      // delivers the moment a link goes down, even when it is up again at once).
      if (!link.up) next = withoutRoutes(next, link.ifindex, 4);
      return { state: withNamespace(state, next), touched: [linkKey(ns.id, link.ifindex)] };
    }
    case 'link.removed': {
      const ns = findNamespace(state, e.payload.namespace);
      if (!ns) return wait(state, e.payload.namespace, e);
      // a link we never had: nothing to remove
      if (!ns.links.some((l) => l.ifindex === e.payload.ifindex)) return { state, touched: [] };
      // its routes go with it; the kernel says so for IPv6 only
      const next = withoutRoutes(
        updateLinks(ns, (links) => links.filter((l) => l.ifindex !== e.payload.ifindex)),
        e.payload.ifindex,
      );
      return { state: withNamespace(state, next), touched: [nsKey(ns.id)] };
    }
    case 'address.added':
    case 'address.removed': {
      const ns = findNamespace(state, e.payload.namespace);
      const { ifindex, address } = e.payload;
      if (!ns) return wait(state, e.payload.namespace, e);
      // an address of a link we do not hold: its link.changed follows and carries its addresses
      if (!ns.links.some((l) => l.ifindex === ifindex)) return { state, touched: [] };
      const adding = e.event === 'address.added';
      let lastV4 = false;
      let next = updateLinks(ns, (links) =>
        links.map((l) => {
          if (l.ifindex !== ifindex) return l;
          const rest = l.addresses.filter((a) => a !== address);
          lastV4 = !adding && isV4(address) && !rest.some(isV4);
          return { ...l, addresses: adding ? [...rest, address] : rest };
        }),
      );
      // A link whose last IPv4 address goes loses its IPv4 routes too, without a word from the
      // kernel (it disables IPv4 on the link: fib_disable_ip); found by e2e/live-model.e2e.test.ts.
      if (lastV4) next = withoutRoutes(next, ifindex, 4);
      return { state: withNamespace(state, next), touched: [linkKey(ns.id, ifindex)] };
    }
    case 'route.added':
    case 'route.removed': {
      const ns = findNamespace(state, e.payload.namespace);
      if (!ns) return wait(state, e.payload.namespace, e);
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
 * Applies a batch of events in order, each with its number in order of arrival; events that
 * arrived before the state's snapshot was asked for are already in it and skipped (applied on
 * top, an old one would bring back what the kernel removed while its removal was lost). Pure:
 * the caller sets the state and the highlight from the one answer (never from inside a React
 * state updater, which may run later or twice).
 */
export function applyEvents(state: TopologyState, events: readonly { e: TopologyEvent; seq: number }[]): Applied {
  let next = state;
  const touched: string[] = [];
  for (const { e, seq } of events) {
    if (seq < next.since) continue;
    const a = applyEvent(next, e);
    // A state with a map of its own, made in this batch: the next events may change it in place.
    if (a.state !== next && a.state.namespaces !== state.namespaces) drafts.add(a.state);
    next = a.state;
    touched.push(...a.touched);
  }
  drafts.delete(next); // what leaves is never changed again
  return { state: next, touched };
}
