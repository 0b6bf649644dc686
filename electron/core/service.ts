// The core as one object: every privileged method of the contract, implemented in-process, and
// the stream of topology events. The helper entry (main.ts) serves it over stdio; netns-ctl and
// the benchmarks call it directly. Inputs reaching call() have already been parsed by the contract.
//
// Namespaces are opened per call and closed after it: an open handle keeps a namespace alive, so
// only the monitor holds them, and it lets go as soon as the namespace watcher says one is gone.
import type { EventName, MethodOutput, MethodParsedInput, PrivilegedMethodName } from '../../shared/contract';
import { isGuardedMethod } from '../../shared/guard';
import type { Link, Namespace, NamespaceSummary } from '../../shared/model';
import { Guard } from './guard/guard';
import { discoverNamespaces, staleNames } from './namespaces/discover';
import { execInNamespace } from './namespaces/exec';
import { addNamespace, attachNamespace, deleteNamespace, removeOurLeftovers, removeStaleName } from './namespaces/named';
import { TerminalManager } from './namespaces/terminal';
import { NamespaceWatcher } from './namespaces/watch';
import { closeNamespace, openSummary, resolveNamespace, type ResolvedNamespace } from './namespaces/resolve';
import { reserveFds } from './sys/libc';
import { addAddress, deleteAddress } from './net/addresses';
import { dumpAll } from './net/dump';
import { addBridge, addMacvlan, addVeth, addVxlan, deleteLink, moveLink, readLink, setLink } from './net/links';
import type { NsHandle } from './net/ns-handle';
import { NetMonitor } from './net/monitor';
import { nsidOnSocket, nsidsOnSocket, ownNamespaceId } from './net/nsid';
import { addRoute, deleteRoute, listRoutes } from './net/routes';
import { RouteSocket } from './netlink/socket';
import { readDns, resetDns, writeDns } from './namespaces/dns';
import { readForwarding, readSysctls, writeSysctl } from './namespaces/sysctl';
import { nameByEngines } from './owners/engines';
import { detectOwners } from './owners/read-proc';

export type CoreEventListener = (event: EventName, payload: unknown) => void;

export interface CoreService {
  call<K extends PrivilegedMethodName>(method: K, input: MethodParsedInput<K>): Promise<MethodOutput<K>>;
  /** Starts watching on the first subscriber and stops after the last one leaves. */
  subscribe(listener: CoreEventListener): () => void;
  /** Resolves once no guarded change waits for its rollback timer (shared/guard.ts). */
  idle(): Promise<void>;
  /** Rolls back every guarded change still pending, now. */
  rollbackPending(reason: string): Promise<void>;
  close(): void;
}

type Handlers = { [K in PrivilegedMethodName]: (input: MethodParsedInput<K>) => Promise<MethodOutput<K>> | MethodOutput<K> };

/**
 * Opens the namespaces refs name (in order), runs fn, closes them whatever happens. `known` is
 * the namespace watcher's list when it runs, so an id costs no discovery.
 */
async function withNamespaces<T>(refs: string[], known: readonly NamespaceSummary[] | undefined, fn: (...hs: ResolvedNamespace[]) => T | Promise<T>): Promise<T> {
  const opened: ResolvedNamespace[] = [];
  try {
    for (const ref of refs) opened.push(resolveNamespace(ref, known));
    return await fn(...opened);
  } finally {
    for (const h of opened) closeNamespace(h);
  }
}

/**
 * A link whose peer or parent lies in a namespace the call did not name comes back with that
 * namespace unknown (readLink looks only among the call's namespaces). Read it again with every
 * namespace as a candidate, so the answer names it as the snapshot and the events do.
 */
function withPointers(h: NsHandle, link: Link, known: readonly NamespaceSummary[] | undefined): Link {
  if (link.peer?.namespace !== null && link.parent?.namespace !== null) return link;
  const opened = openAll(known ?? discoverNamespaces());
  try {
    return readLink(h, link.ifindex, opened.map((o) => o.h));
  } finally {
    for (const { h: o } of opened) closeNamespace(o);
  }
}

/** Every discovered namespace opened; those gone meanwhile are left out. */
function openAll(list: readonly NamespaceSummary[]): { ns: NamespaceSummary; h: ResolvedNamespace }[] {
  const out: { ns: NamespaceSummary; h: ResolvedNamespace }[] = [];
  reserveFds(list.length + 16); // and a socket at a time beside them
  for (const ns of list) {
    const h = openSummary(ns);
    if (h) out.push({ ns, h });
  }
  return out;
}

/** Namespace list with each one's nsid as the core's namespace sees it. Equals `ip netns list-id` joined with `lsns -t net`. */
async function listNamespaces(): Promise<NamespaceSummary[]> {
  const list = await nameByEngines(detectOwners(discoverNamespaces()));
  const opened = openAll(list);
  const sock = new RouteSocket();
  try {
    for (const { ns, h } of opened) ns.nsid = nsidOnSocket(sock, h.fd, h.label);
  } finally {
    sock.close();
    for (const { h } of opened) closeNamespace(h);
  }
  return list;
}

/**
 * Everything: equals `ip -n NS -json addr` + `route` (v4 and v6) for every namespace. Owners come
 * from /proc, and from the engines' sockets (at most ENGINE_TIMEOUT_MS) before anything is opened.
 * `list`: the namespaces to read (default: discovered now; see createCoreService's snapshot).
 */
async function snapshot(list: () => NamespaceSummary[] = discoverNamespaces): Promise<MethodOutput<'snapshot'>> {
  const opened = openAll(await nameByEngines(detectOwners(list())));
  try {
    const dumps = dumpAll(opened.map((o) => o.h));
    const namespaces: Namespace[] = opened.map(({ ns }, i) => {
      const d = dumps[i]!;
      return { ...ns, nsid: ns.current ? null : d.nsid, links: d.links, routes: d.routes, forwarding: d.forwarding };
    });
    return { namespaces, takenAt: Date.now() };
  } finally {
    for (const { h } of opened) closeNamespace(h);
  }
}

/** receiveBuffer: the monitor's per-namespace socket buffer (MonitorOptions; tests make it tiny). */
export function createCoreService(opts: { receiveBuffer?: number } = {}): CoreService {
  // A core of ours killed while making a name left its file behind: that one we can remove.
  removeOurLeftovers();
  const listeners = new Set<CoreEventListener>();
  const emit: CoreEventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  const guard = new Guard();
  const terminals = new TerminalManager(({ event, payload }) => emit(event, payload));
  let namespaces: NamespaceWatcher | null = null;
  /** The watcher's list while it runs (it is kept current), so calls need no discovery of their own. */
  const known = () => namespaces?.current();
  const within = <T>(refs: string[], fn: (...hs: ResolvedNamespace[]) => T | Promise<T>) => withNamespaces(refs, known(), fn);
  const pointers = (h: NsHandle, link: Link) => withPointers(h, link, known());
  const refreshing = <T>(result: T): T => {
    namespaces?.refresh();
    return result;
  };

  const handlers: Handlers = {
    // While the core watches, a snapshot shows only namespaces the watcher knows, after it looked
    // again: one the snapshot found by itself (a process's namespace living a moment, between two
    // of the watcher's looks) was never said removed, and stayed in the picture that read it
    // (service.kernel.test.ts). The watcher's look tells the namespaces it finds new first.
    snapshot: () => {
      const w = namespaces;
      return snapshot(w ? () => (w.refresh(), w.current().map((ns) => ({ ...ns }))) : undefined);
    },
    'namespace.list': listNamespaces,
    // After our own namespace changes the watcher re-reads at once, so their events are not delayed.
    'namespace.add': ({ name }) => refreshing(addNamespace(name)),
    'namespace.delete': ({ name }) => refreshing(deleteNamespace(name)),
    'namespace.attach': ({ name, pid }) => refreshing(attachNamespace(name, pid, known())),
    'namespace.stale': () => ({ names: staleNames() }),
    'namespace.removeStale': ({ name }) => refreshing(removeStaleName(name)),
    'link.addVeth': ({ namespace, name, peerNamespace, peerName }) =>
      within([namespace, peerNamespace], (a, b) => addVeth(a!, name, b!, peerName)),
    'link.addBridge': ({ namespace, name }) => within([namespace], (h) => addBridge(h!, name)),
    'link.addMacvlan': ({ namespace, name, parentNamespace, parent, mode }) =>
      within([namespace, parentNamespace], (h, p) => pointers(h!, addMacvlan(h!, name, p!, parent, mode))),
    'link.addVxlan': ({ namespace, name, ...spec }) => within([namespace], (h) => pointers(h!, addVxlan(h!, name, spec))),
    'link.delete': ({ namespace, link }) => within([namespace], (h) => (deleteLink(h!, link), {})),
    'link.set': ({ namespace, link, ...change }) => within([namespace], (h) => pointers(h!, setLink(h!, link, change))),
    'link.move': ({ namespace, link, to }) =>
      within([namespace, to], async (from, dest) => ({ namespace: dest!.id, link: pointers(dest!, await moveLink(from!, link, dest!)) })),
    'address.add': ({ namespace, link, address }) => within([namespace], (h) => (addAddress(h!, link, address), {})),
    'address.delete': ({ namespace, link, address }) => within([namespace], (h) => (deleteAddress(h!, link, address), {})),
    'route.add': ({ namespace, ...route }) => within([namespace], (h) => (addRoute(h!, route), {})),
    'route.delete': ({ namespace, ...route }) => within([namespace], (h) => (deleteRoute(h!, route), {})),
    'route.list': ({ namespace, table }) => within([namespace], (h) => ({ routes: listRoutes(h!, table) })),
    'exec.run': ({ namespace, argv, timeoutMs }) => within([namespace], (h) => execInNamespace(h!, h!.name, argv, timeoutMs)),
    'terminal.open': ({ namespace, cols, rows, argv }) =>
      within([namespace], (h) => ({ id: terminals.open(h!, h!.name, cols, rows, argv) })),
    'sysctl.get': ({ namespace }) => within([namespace], (h) => readSysctls(h!)),
    'sysctl.set': ({ namespace, key, value }) =>
      within([namespace], (h) => {
        writeSysctl(h!, key, value);
        // Forwarding draws the namespace as a router: told at once, before the answer, if it changed
        // (the kernel's netconf event for this write comes later, and the monitor then says nothing).
        const forwarding = readForwarding(h!);
        if (monitor?.noteForwarding(h!.id, forwarding)) forwardingChanged(h!.id, forwarding);
        return readSysctls(h!);
      }),
    'dns.get': ({ namespace }) => readDns(namespace),
    'dns.set': ({ namespace, nameservers, search, hosts }) => writeDns(namespace, nameservers, search, hosts),
    'dns.reset': ({ namespace }) => resetDns(namespace),
    'terminal.write': ({ id, data }) => (terminals.write(id, data), {}),
    'terminal.resize': ({ id, cols, rows }) => (terminals.resize(id, cols, rows), {}),
    'terminal.close': ({ id }) => (terminals.close(id), {}),
    'guard.keep': ({ id }) => guard.keep(id),
    'guard.rollback': ({ id }) => guard.rollback(id),
    'guard.list': () => guard.list(),
  };

  let monitor: NetMonitor | null = null;
  /** A watched namespace's summary with its forwarding added where the monitor knows it. */
  const withForwarding = (ns: NamespaceSummary): NamespaceSummary => {
    const forwarding = monitor?.forwardingOf(ns.id);
    return forwarding ? { ...ns, forwarding } : ns;
  };
  /**
   * Forwarding turned on or off (net.ipv4.ip_forward, net.ipv6.conf.all.forwarding), by us or by
   * anyone: the whole summary, as every namespace.changed says it, with the new forwarding.
   */
  const forwardingChanged = (id: string, forwarding: { ipv4: boolean; ipv6: boolean }) => {
    const ns = (known() ?? discoverNamespaces()).find((n) => n.id === id);
    if (ns) emit('namespace.changed', { ...withNsids(detectOwners([{ ...ns }]))[0]!, forwarding });
  };
  /** Handles the monitor uses (it reads nsids through them); closed when a namespace goes. */
  const watched = new Map<string, ResolvedNamespace>();

  /**
   * Starts the monitor on a namespace; a namespace that appears while we watch is delivered whole
   * (replay), right after its namespace.added. False when it cannot be opened (see startWatching).
   */
  const watch = (ns: NamespaceSummary, replay = false): boolean => {
    if (watched.has(ns.id)) return true;
    const h = openSummary(ns);
    if (!h) return false;
    watched.set(h.id, h);
    monitor?.watch(h, { replay });
    return true;
  };
  /** Each namespace's nsid in the core's own namespace, as last told (the watcher knows none). */
  const nsids = new Map<string, number | null>();
  /** The summaries with their nsids filled in, asked in one batch on one socket. */
  const withNsids = (list: NamespaceSummary[]): NamespaceSummary[] => {
    const asked = list.filter((ns) => !ns.current && watched.has(ns.id));
    let found: (number | null)[] = [];
    const sock = new RouteSocket();
    try {
      found = nsidsOnSocket(sock, asked.map((ns) => watched.get(ns.id)!));
    } catch {
      // one of them went away meanwhile: its namespace.removed follows; the others are asked again then
    } finally {
      sock.close();
    }
    const byId = new Map(asked.map((ns, i) => [ns.id, found[i] ?? null]));
    return list.map((ns) => {
      const nsid = byId.get(ns.id) ?? null;
      nsids.set(ns.id, nsid);
      return { ...ns, nsid };
    });
  };
  /**
   * An nsid given or taken in the core's own namespace: say which namespaces' nsids changed. Once
   * per tick: a snapshot of a thousand namespaces gives out a thousand nsids at once.
   */
  let nsidCheck: NodeJS.Immediate | null = null;
  let ownId: string | null = null;
  const nsidChanged = (namespaceId: string) => {
    if (nsidCheck || namespaceId !== (ownId ??= ownNamespaceId())) return;
    nsidCheck = setImmediate(() => {
      nsidCheck = null;
      if (!namespaces) return;
      const list = namespaces.current();
      const before = list.map((ns) => nsids.get(ns.id));
      // A namespace.changed says the whole summary: its owner too, or the picture would lose it.
      withNsids(list).forEach((now, i) => before[i] !== undefined && now.nsid !== before[i] && emit('namespace.changed', withForwarding(detectOwners([now])[0]!)));
    });
  };
  const unwatch = (id: string) => {
    monitor?.unwatch(id);
    const h = watched.get(id);
    if (h) closeNamespace(h);
    watched.delete(id);
  };
  const startWatching = () => {
    monitor = new NetMonitor(emit, { onNsidChange: nsidChanged, onForwardingChange: forwardingChanged, receiveBuffer: opts.receiveBuffer });
    // Namespaces come and go: the monitor follows them, and lets go of a removed one at once so
    // our own socket does not keep it alive.
    namespaces = new NamespaceWatcher(({ event, payload }) => {
      // Owners from /proc only here (a few files per namespace); engines' names come with snapshots.
      if (event === 'namespace.added' || event === 'namespace.changed') detectOwners([payload]);
      // A namespace we cannot open is not told: told, it would stay empty in every picture with
      // nothing watching it. Discovery can see `ip netns add` inside its new namespace for the
      // moment between unshare and mounting it, and the process is back in its own by the time
      // we open it (e2e/live-model.e2e.test.ts found it; service.kernel.test.ts). The watcher
      // forgets it and tells it again once it is reachable (its name mounted).
      if (event === 'namespace.added' && !watch(payload, true)) {
        namespaces?.forget(payload.id);
        return;
      }
      if (event === 'namespace.stale') emit(event, payload);
      else if (event === 'namespace.removed') {
        unwatch(payload.id);
        nsids.delete(payload.id);
        emit(event, payload);
      } else {
        // A namespace that appeared was read after subscribing (monitor.watch, replay): it carries
        // its forwarding from its first event, so a lab script's `sysctl -w` right after `ip
        // netns add` draws it as a router at once.
        emit(event, withForwarding(withNsids([payload])[0]!));
      }
    });
    for (const ns of namespaces.current()) if (!watch(ns)) namespaces.forget(ns.id);
    withNsids(namespaces.current());
  };
  const stopWatching = () => {
    namespaces?.close();
    namespaces = null;
    monitor?.close();
    monitor = null;
    for (const h of watched.values()) closeNamespace(h);
    watched.clear();
    nsids.clear();
    if (nsidCheck) clearImmediate(nsidCheck);
    nsidCheck = null;
  };

  return {
    async call(method, input) {
      const handler = handlers[method] as (i: typeof input) => unknown;
      // A change that could cut this machine off asks first and rolls back unless kept (guard/).
      if (isGuardedMethod(method)) return (await guard.run(method, input as never, (plain) => handler(plain as never) as object)) as never;
      return (await handler(input)) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!monitor) startWatching();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopWatching();
      };
    },
    idle: () => guard.idle(),
    rollbackPending: (reason) => guard.rollbackAll(reason),
    close() {
      listeners.clear();
      stopWatching();
      terminals.closeAll();
    },
  };
}
