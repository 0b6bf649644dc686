// Routes in the main table, default routes included; any table on request (route.list).
import { gatewayFamilyProblem } from '../../../shared/ip';
import { StudioError } from '../../../shared/result';
import { AF_UNSPEC, NLM_F_CREATE, NLM_F_EXCL, RTM_DELROUTE, RTM_GETROUTE, RTM_NEWROUTE, RTM_F_CLONED, RT_TABLE_MAIN, RT_TABLE_UNSPEC } from '../netlink/constants';
import { decodeRoute, getRouteRequest, routeRequest, type RawRoute } from '../netlink/route';
import { RouteSocket } from '../netlink/socket';
import { kernelError } from './errors';
import { dumpRawLinks, linkOf, type LinkRef } from './links';
import type { NsHandle } from './ns-handle';
import type { Route } from '../../../shared/model';

export interface RouteChange {
  destination: string; // "default" or CIDR
  gateway?: string;
  link?: LinkRef;
  metric?: number;
}

function change(op: 'route.add' | 'route.delete', ns: NsHandle, r: RouteChange): void {
  // Refused before the kernel is asked, as iproute2 does; the contract says the same to the hosts.
  const problem = gatewayFamilyProblem(r.destination, r.gateway);
  if (problem) throw new StudioError('invalid-input', problem, { field: 'gateway' });
  const sock = new RouteSocket({ nsFd: ns.fd, nsLabel: ns.label });
  try {
    let ifindex: number | undefined;
    let dev: string | undefined;
    if (r.link !== undefined) {
      const link = linkOf(sock, r.link, ns);
      ifindex = link.ifindex;
      dev = link.name;
    }
    const spec = { destination: r.destination, ...(r.gateway !== undefined ? { gateway: r.gateway } : {}), ...(ifindex !== undefined ? { ifindex } : {}), ...(r.metric !== undefined ? { metric: r.metric } : {}) };
    const subject = { what: 'route' as const, destination: r.destination, ns: ns.label, ...(r.gateway ? { gateway: r.gateway } : {}), ...(dev ? { link: dev } : {}) };
    try {
      if (op === 'route.add') sock.request(op, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, routeRequest(spec));
      else sock.request(op, RTM_DELROUTE, 0, routeRequest(spec, true));
    } catch (e) {
      throw kernelError(e, op, subject);
    }
  } finally {
    sock.close();
  }
}

/** Raw routes as the model has them, each output interface named from the links (names by ifindex). */
export function toRoutes(raw: RawRoute[], names: Map<number, string>): Route[] {
  return raw.map((r) => ({
    family: r.family,
    destination: r.destination,
    gateway: r.gateway,
    ifindex: r.ifindex,
    table: r.table,
    protocol: r.protocol,
    scope: r.scope,
    type: r.type,
    metric: r.metric,
    prefsrc: r.prefsrc,
    dev: r.ifindex !== null ? (names.get(r.ifindex) ?? null) : null,
  }));
}

/** Adds a route. Equals `ip -n NS route add DEST|default [via GW] [dev IF] [metric N]`. */
export const addRoute = (ns: NsHandle, r: RouteChange): void => change('route.add', ns, r);

/** Deletes a route. Equals `ip -n NS route del DEST|default [via GW] [dev IF] [metric N]`. */
export const deleteRoute = (ns: NsHandle, r: RouteChange): void => change('route.delete', ns, r);

/** The main-table routes of the socket's namespace, IPv4 and IPv6. Equals `ip route show; ip -6 route show`. */
export function dumpRawRoutes(sock: RouteSocket, table = RT_TABLE_MAIN): RawRoute[] {
  return sock.dump('route.dump', RTM_GETROUTE, getRouteRequest(AF_UNSPEC, table), decodeRoute).filter((r) => !(r.flags & RTM_F_CLONED));
}

/**
 * The routes of one table (a number, or "all") of a namespace, with each output interface's name.
 * Equals `ip -n NS route show table T` + `ip -n NS -6 route show table T`.
 */
export function listRoutes(ns: NsHandle, table: number | 'all'): Route[] {
  const sock = new RouteSocket({ nsFd: ns.fd, nsLabel: ns.label });
  try {
    const raw = dumpRawRoutes(sock, table === 'all' ? RT_TABLE_UNSPEC : table);
    const names = new Map(dumpRawLinks(sock).map((l) => [l.ifindex, l.name]));
    return toRoutes(raw, names);
  } catch (e) {
    throw kernelError(e, 'route.list', { what: 'namespace', ns: ns.label });
  } finally {
    sock.close();
  }
}
