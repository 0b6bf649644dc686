// Live changes: rtnetlink multicast (links, IPv4/IPv6 addresses and routes, and forwarding from
// the netconf groups) from every namespace we watch, as the contract's typed events. Each
// namespace gets a non-blocking socket joined to the groups; libuv polls it (koffi.node.poll) and
// we recv with MSG_DONTWAIT until EAGAIN, so nothing ever blocks the event loop or a thread-pool
// slot, and close() really ends it.
// Under a storm we coalesce per tick: one event per interface, address or route, the last state
// wins. When the kernel dropped messages (ENOBUFS) we say 'resync': the caller re-dumps.
import koffi from 'koffi';
import type { EventName } from '../../../shared/contract';
import type { Route } from '../../../shared/model';
import { decodeAddress, getAddressRequest } from '../netlink/address';
import * as c from '../netlink/constants';
import { decodeLink, type RawLink } from '../netlink/link';
import { splitMessages, type NlMessage } from '../netlink/message';
import { decodeNetconf } from '../netlink/netconf';
import { decodeRoute } from '../netlink/route';
import { RouteSocket } from '../netlink/socket';
import { E } from '../sys/errno';
import * as s from '../sys/socket';
import { forwardingOn, type Forwarding } from './forwarding';
import { toLink } from './link-view';
import { dumpRawLinks } from './links';
import { dumpRawRoutes } from './routes';
import { nsidsOnSocket } from './nsid';
import type { NsHandle } from './ns-handle';

type PollHandle = ReturnType<typeof koffi.node.poll>;

export type MonitorListener = (event: EventName, payload: unknown) => void;


export interface MonitorOptions {
  /** SO_RCVBUFFORCE per socket; 4 MiB holds a burst of hundreds of link creations. */
  receiveBuffer?: number;
  /** Told the id of a watched namespace in which an nsid was given or taken (RTM_NEWNSID/DELNSID). */
  onNsidChange?: (namespaceId: string) => void;
  /**
   * Told a watched namespace's forwarding when the kernel said it changed (RTM_NEWNETCONF for the
   * "all" entry), once per tick and only when it differs from what was last told or read.
   */
  onForwardingChange?: (namespaceId: string, forwarding: Forwarding) => void;
}

// RTNLGRP_NSID: an nsid given or taken in the namespace makes its cache of nsids stale.
// RTNLGRP_IPV4/IPV6_NETCONF: forwarding turned on or off, by us or by anyone (`sysctl -w`).
const GROUPS = [
  c.RTNLGRP_LINK,
  c.RTNLGRP_IPV4_IFADDR,
  c.RTNLGRP_IPV6_IFADDR,
  c.RTNLGRP_IPV4_ROUTE,
  c.RTNLGRP_IPV6_ROUTE,
  c.RTNLGRP_NSID,
  c.RTNLGRP_IPV4_NETCONF,
  c.RTNLGRP_IPV6_NETCONF,
];

interface Watched {
  handle: NsHandle;
  sock: RouteSocket;
  poll: PollHandle;
  /** nsid (as this namespace sees it) → namespace id, or null for none we watch; filled on demand. */
  nsids: Map<number, string | null>;
  /** ifindex → name, for route events' dev and removed links. */
  names: Map<number, string>;
  /** ifindex → administratively up, as last seen (see take: a link going down). */
  up: Map<number, boolean>;
  /**
   * Forwarding as the latest netconf event (or the read of a replay) says, and as last told;
   * undefined while unknown (a namespace watched from the start: its snapshot says it; after
   * events were lost), when the next event is told whatever it says.
   */
  forwarding: Forwarding | undefined;
  told: Forwarding | undefined;
}

type Pending =
  | { kind: 'link'; ns: Watched; raw: RawLink; removed: boolean; wentDown?: boolean }
  | { kind: 'address'; ns: Watched; ifindex: number; address: string; removed: boolean }
  | { kind: 'route'; ns: Watched; route: Omit<Route, 'dev'>; removed: boolean }
  | { kind: 'forwarding'; ns: Watched };

/** One queue slot per route: what tells two routes of the main table apart. */
const routeKey = (w: Watched, r: Omit<Route, 'dev'>): string => `r:${w.handle.id}:${r.family}:${r.destination}:${r.gateway}:${r.ifindex}:${r.metric}`;

export class NetMonitor {
  private readonly watched = new Map<string, Watched>();
  private readonly pending = new Map<string, Pending>();
  private flushScheduled: NodeJS.Immediate | null = null;
  private readonly buf = Buffer.alloc(256 * 1024);
  private closed = false;

  constructor(
    private readonly listener: MonitorListener,
    private readonly opts: MonitorOptions = {},
  ) {}

  /**
   * Starts listening in a namespace (again harmless). Equals `ip -n NS monitor link address route
   * netconf`. With `replay`, for a namespace that appeared while we watch others: subscribe first,
   * then read it whole (links with their addresses, main-table routes; forwarding, kept for
   * forwardingOf) and deliver that as events ahead of any later change, so no change falls
   * between the read and the subscription. Events already
   * queued on the socket are older than the read or equal to it, and come after it in order, so
   * every object ends in its latest state.
   */
  watch(handle: NsHandle, opts: { replay?: boolean } = {}): void {
    if (this.closed || this.watched.has(handle.id)) return;
    const w: Watched = {
      handle,
      sock: null as unknown as RouteSocket,
      poll: null as unknown as PollHandle,
      nsids: new Map(),
      names: new Map(),
      up: new Map(),
      forwarding: undefined,
      told: undefined,
    };
    this.subscribe(w);
    this.watched.set(handle.id, w);
    for (const other of this.watched.values()) other.nsids.clear(); // a new namespace may explain an unknown nsid
    if (opts.replay) this.replay(w);
  }

  /** A socket in the namespace joined to the groups, polled. */
  private subscribe(w: Watched): void {
    w.sock = new RouteSocket({
      nsFd: w.handle.fd,
      nsLabel: w.handle.label,
      groups: GROUPS,
      nonBlocking: true,
      receiveBuffer: this.opts.receiveBuffer ?? 4 * 1024 * 1024,
    });
    w.poll = koffi.node.poll(w.sock.fd, { readable: true }, () => this.drain(w));
  }

  /**
   * The namespace's links and routes as they are now, queued as events, and its forwarding, kept
   * for the caller's namespace.added (see watch). Read after subscribing: a `sysctl -w` just
   * before is in the read, one just after comes as an event and is told if it changed the value.
   */
  private replay(w: Watched): void {
    try {
      this.withRequestSocket(w, (sock) => {
        w.forwarding = forwardingOn(sock);
        w.told = { ...w.forwarding };
        for (const raw of dumpRawLinks(sock)) {
          w.names.set(raw.ifindex, raw.name);
          w.up.set(raw.ifindex, raw.up);
          this.queue(`l:${w.handle.id}:${raw.ifindex}`, { kind: 'link', ns: w, raw, removed: false });
        }
        for (const { flags: _flags, ...route } of dumpRawRoutes(sock)) this.queue(routeKey(w, route), { kind: 'route', ns: w, route, removed: false });
      });
    } catch (e) {
      this.listener('resync', { reason: `reading ${w.handle.label} failed: ${(e as Error).message}` });
    }
  }

  /** Stops listening in a namespace (deleted, or no longer of interest); its pending events are dropped. */
  unwatch(id: string): void {
    const w = this.watched.get(id);
    if (!w) return;
    this.watched.delete(id);
    for (const other of this.watched.values()) other.nsids.clear(); // its nsid may be given to another
    w.poll.close();
    w.sock.close();
    for (const [k, p] of this.pending) if (p.ns === w) this.pending.delete(k);
  }

  watching(): string[] {
    return [...this.watched.keys()];
  }

  /** A watched namespace's forwarding as last read or told; undefined when not known (see Watched). */
  forwardingOf(id: string): Forwarding | undefined {
    const f = this.watched.get(id)?.told;
    return f && { ...f };
  }

  /**
   * Our own sysctl.set read the namespace's forwarding right after writing it: kept as told, so
   * the kernel's event for that write, arriving later, is not told again. True when it differs
   * from what was told before (or nothing was), i.e. when the caller must tell it.
   */
  noteForwarding(id: string, forwarding: Forwarding): boolean {
    const w = this.watched.get(id);
    if (!w) return true;
    const changed = !sameForwarding(w.told, forwarding);
    w.forwarding = { ...forwarding };
    w.told = { ...forwarding };
    return changed;
  }

  /** Stops everything; the process can exit afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.watched.keys()]) this.unwatch(id);
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.pending.clear();
  }

  /** One kernel message into the coalescing queue. */
  private take(w: Watched, m: NlMessage): void {
    switch (m.type) {
      case c.RTM_NEWLINK:
      case c.RTM_DELLINK: {
        const raw = decodeLink(m);
        // A bridge reports its ports' changes as AF_BRIDGE messages too; one per link is enough.
        if (m.payload.readUInt8(0) === c.AF_BRIDGE) break;
        const removed = m.type === c.RTM_DELLINK;
        if (!removed) w.names.set(raw.ifindex, raw.name);
        // A link that goes down or away takes its IPv4 routes with it and the kernel says nothing
        // (no RTM_DELROUTE); whoever holds the routes drops them on seeing it down or removed. So
        // that moment is delivered even when the link is up again within the tick (see flush).
        const up = !removed && raw.up;
        if (!up && w.up.get(raw.ifindex) !== false) this.queue(`d:${w.handle.id}:${raw.ifindex}`, { kind: 'link', ns: w, raw, removed, wentDown: true });
        if (removed) w.up.delete(raw.ifindex);
        else w.up.set(raw.ifindex, up);
        this.queue(`l:${w.handle.id}:${raw.ifindex}`, { kind: 'link', ns: w, raw, removed });
        break;
      }
      case c.RTM_NEWADDR:
      case c.RTM_DELADDR: {
        const a = decodeAddress(m);
        this.queue(`a:${w.handle.id}:${a.ifindex}:${a.address}`, { kind: 'address', ns: w, ifindex: a.ifindex, address: a.address, removed: m.type === c.RTM_DELADDR });
        break;
      }
      case c.RTM_NEWNSID:
      case c.RTM_DELNSID:
        w.nsids.clear();
        this.opts.onNsidChange?.(w.handle.id);
        break;
      case c.RTM_NEWNETCONF: {
        // Only the "all" entry is the namespace's forwarding (net.ipv4.ip_forward and
        // net.ipv6.conf.all.forwarding); "default" and each device follow it in their own messages.
        const n = decodeNetconf(m);
        if (n.ifindex !== c.NETCONFA_IFINDEX_ALL || n.forwarding === null) break;
        // Not known yet: read both families (the other one's state is not in the message); the read
        // is as new as this event or newer, and the events queued after it end in the latest state.
        if (w.forwarding) w.forwarding = { ...w.forwarding, [n.family === 4 ? 'ipv4' : 'ipv6']: n.forwarding };
        else w.forwarding = this.withRequestSocket(w, forwardingOn);
        this.queue(`f:${w.handle.id}`, { kind: 'forwarding', ns: w });
        break;
      }
      case c.RTM_NEWROUTE:
      case c.RTM_DELROUTE: {
        const { flags, ...route } = decodeRoute(m);
        if (flags & c.RTM_F_CLONED || route.table !== c.RT_TABLE_MAIN) break; // as `ip route show`
        this.queue(routeKey(w, route), { kind: 'route', ns: w, route, removed: m.type === c.RTM_DELROUTE });
        break;
      }
    }
  }

  private drain(w: Watched): void {
    if (!this.watched.has(w.handle.id)) return;
    const sock = w.sock;
    for (;;) {
      let n: number;
      try {
        n = s.recvInto(sock.fd, this.buf, s.MSG_DONTWAIT);
      } catch (e) {
        this.listener('resync', { reason: `reading events from ${w.handle.label} failed: ${(e as Error).message}` });
        return;
      }
      if (n === -E.EAGAIN) break;
      if (n === -E.EINTR) continue;
      if (n === -E.ENOBUFS) {
        // The kernel dropped events for us. That socket is then of no more use: the kernel
        // flags ENOBUFS once and counts it congested (NETLINK_S_CONGESTED) until a read empties
        // its queue, dropping every later event meanwhile without a word; with the queue already
        // empty that read never comes and the socket stays silent for good (seen in
        // e2e/live-model.e2e.test.ts). So: a fresh socket, subscribed before the resync is said,
        // and what was still queued or pending on the old one (older than the re-read the
        // resync asks for, and it would undo it) is dropped.
        for (const [k, p] of this.pending) if (p.ns === w) this.pending.delete(k);
        // A lost netconf event would leave what we hold wrong: the next one is told whatever it says.
        w.forwarding = undefined;
        w.told = undefined;
        w.poll.close();
        sock.close();
        this.subscribe(w);
        this.listener('resync', { reason: `events from ${w.handle.label} were lost (the receive buffer overflowed)` });
        return;
      }
      for (const m of splitMessages(this.buf, n)) {
        try {
          this.take(w, m);
        } catch (e) {
          // A message the codec cannot read (malformed, or not from the kernel): never a crash of
          // the core; the picture is fetched again instead.
          this.listener('resync', { reason: `an event from ${w.handle.label} could not be read: ${(e as Error).message}` });
        }
      }
    }
  }

  private queue(key: string, p: Pending): void {
    this.pending.delete(key); // re-insert so the order of delivery follows the last change
    this.pending.set(key, p);
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = null;
    const batch = [...this.pending.values()];
    // A link that went down and is still down (or removed) at the end of the tick: its last event says so.
    const endsUp = new Set(batch.filter((p) => p.kind === 'link' && !p.wentDown && !p.removed && p.raw.up).map((p) => `${p.ns.handle.id}:${(p as { raw: RawLink }).raw.ifindex}`));
    this.pending.clear();
    const addressCache = new Map<Watched, Map<number, string[]>>();
    for (const p of batch) {
      if (this.closed || !this.watched.has(p.ns.handle.id)) continue;
      const namespace = p.ns.handle.id;
      try {
        if (p.kind === 'link') {
          if (p.wentDown && !endsUp.has(`${namespace}:${p.raw.ifindex}`)) continue;
          if (p.removed) {
            p.ns.names.delete(p.raw.ifindex);
            this.listener('link.removed', { namespace, ifindex: p.raw.ifindex, name: p.raw.name });
          } else {
            const addresses = this.addressesOf(p.ns, addressCache).get(p.raw.ifindex) ?? [];
            this.listener('link.changed', { namespace, link: toLink(p.raw, (nsid) => this.resolve(p.ns, nsid), addresses) });
          }
        } else if (p.kind === 'forwarding') {
          // On and off again within the tick, or what our own sysctl.set already told: nothing.
          const now = p.ns.forwarding;
          if (now && !sameForwarding(p.ns.told, now)) {
            p.ns.told = { ...now };
            this.opts.onForwardingChange?.(namespace, { ...now });
          }
        } else if (p.kind === 'address') {
          this.listener(p.removed ? 'address.removed' : 'address.added', { namespace, ifindex: p.ifindex, address: p.address });
        } else {
          const dev = p.route.ifindex !== null ? this.nameOf(p.ns, p.route.ifindex) : null;
          this.listener(p.removed ? 'route.removed' : 'route.added', { namespace, route: { ...p.route, dev } });
        }
      } catch (e) {
        this.listener('resync', { reason: `reading ${p.ns.handle.label} failed: ${(e as Error).message}` });
      }
    }
  }

  /** A short-lived request socket in the namespace: replies must not mix with the event stream. */
  private withRequestSocket<T>(w: Watched, fn: (sock: RouteSocket) => T): T {
    const sock = new RouteSocket({ nsFd: w.handle.fd, nsLabel: w.handle.label });
    try {
      return fn(sock);
    } finally {
      sock.close();
    }
  }

  private addressesOf(w: Watched, cache: Map<Watched, Map<number, string[]>>): Map<number, string[]> {
    let byLink = cache.get(w);
    if (byLink) return byLink;
    const map = new Map<number, string[]>();
    for (const a of this.withRequestSocket(w, (sock) => sock.dump('address.dump', c.RTM_GETADDR, getAddressRequest(), decodeAddress))) {
      const list = map.get(a.ifindex);
      if (list) list.push(a.address);
      else map.set(a.ifindex, [a.address]);
    }
    byLink = map;
    cache.set(w, byLink);
    return byLink;
  }

  /** The namespace id behind an nsid as w sees it; every watched namespace asked at once on a miss, misses kept too. */
  private resolve(w: Watched, nsid: number | null): string | null {
    if (nsid === null) return w.handle.id;
    const known = w.nsids.get(nsid);
    if (known !== undefined) return known;
    const handles = [...this.watched.values()].map((o) => o.handle);
    const nsids = this.withRequestSocket(w, (sock) => nsidsOnSocket(sock, handles));
    nsids.forEach((n, i) => n !== null && w.nsids.set(n, handles[i]!.id));
    if (!w.nsids.has(nsid)) w.nsids.set(nsid, null);
    return w.nsids.get(nsid)!;
  }

  private nameOf(w: Watched, ifindex: number): string | null {
    if (!w.names.has(ifindex)) {
      this.withRequestSocket(w, (sock) => {
        for (const l of dumpRawLinks(sock)) w.names.set(l.ifindex, l.name);
      });
    }
    return w.names.get(ifindex) ?? null;
  }
}

const sameForwarding = (a: Forwarding | undefined, b: Forwarding): boolean => !!a && a.ipv4 === b.ipv4 && a.ipv6 === b.ipv6;
