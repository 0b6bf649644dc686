// The picture of many namespaces at once, fast. Links and addresses are read through ONE socket
// in the core's own namespace with IFLA_TARGET_NETNSID / IFA_TARGET_NETNSID (no setns), so every
// IFLA_LINK_NETNSID in the answers is an nsid as the core's namespace sees it, and one map from
// nsid to namespace id resolves every cross-namespace pointer. Routes have no target-nsid filter
// in the kernel, so they come from a short-lived socket inside each namespace.
import type { Link, Route } from '../../../shared/model';
import * as c from '../netlink/constants';
import { decodeAddress, getAddressRequest } from '../netlink/address';
import type { RawLink } from '../netlink/link';
import type { RawRoute } from '../netlink/route';
import { RouteSocket } from '../netlink/socket';
import { kernelError } from './errors';
import { toLink } from './link-view';
import { dumpRawLinks } from './links';
import { ensureNsidOnSocket, ownNamespaceId } from './nsid';
import type { NsHandle } from './ns-handle';
import { dumpRawRoutes } from './routes';

export interface NamespaceDump {
  id: string;
  /** This namespace's nsid as the core's own namespace sees it (null for the core's own namespace when it has none). */
  nsid: number | null;
  links: Link[];
  routes: Route[];
}

function toRoutes(raw: RawRoute[], names: Map<number, string>): Route[] {
  return raw.map(({ flags: _flags, ...r }) => ({ ...r, dev: r.ifindex !== null ? (names.get(r.ifindex) ?? null) : null }));
}

/**
 * Links (with addresses) and routes of every namespace in handles. Equals, per namespace,
 * `ip -n NS -json addr show` + `ip -n NS -json route show` + `ip -n NS -6 -json route show`,
 * with veth peers and macvlan parents resolved to namespace ids.
 *
 * Namespaces without an nsid in the core's namespace get one (as `ip netns set NAME auto`): the
 * kernel names cross-namespace pointers by nsid, and assigns such ids itself whenever it reports
 * a veth peer anyway.
 */
export function dumpAll(handles: NsHandle[]): NamespaceDump[] {
  const own = ownNamespaceId();
  const root = new RouteSocket();
  try {
    const nsidToId = new Map<number, string>();
    const nsids = handles.map((h) => {
      // The core's own namespace has an nsid for itself only if someone assigned one.
      const nsid = ensureNsidOnSocket(root, h.fd, h.label);
      nsidToId.set(nsid, h.id);
      return nsid;
    });
    return handles.map((h, i) => {
      const isOwn = h.id === own;
      const target = isOwn ? undefined : nsids[i]!;
      let rawLinks: RawLink[];
      const addresses = new Map<number, string[]>();
      try {
        rawLinks = dumpRawLinks(root, target);
        root.dump('address.dump', c.RTM_GETADDR, getAddressRequest(target), (m) => {
          const a = decodeAddress(m);
          const list = addresses.get(a.ifindex);
          if (list) list.push(a.address);
          else addresses.set(a.ifindex, [a.address]);
        });
      } catch (e) {
        throw kernelError(e, 'dump', { what: 'namespace', ns: h.label });
      }
      const resolve = (nsid: number | null): string | null => (nsid === null ? h.id : (nsidToId.get(nsid) ?? null));
      const links = rawLinks.map((r) => toLink(r, resolve, addresses.get(r.ifindex) ?? []));
      const names = new Map(rawLinks.map((r) => [r.ifindex, r.name]));
      let rawRoutes: RawRoute[];
      const sock = isOwn ? root : new RouteSocket({ nsFd: h.fd, nsLabel: h.label });
      try {
        rawRoutes = dumpRawRoutes(sock);
      } catch (e) {
        throw kernelError(e, 'dump', { what: 'namespace', ns: h.label });
      } finally {
        if (sock !== root) sock.close();
      }
      return { id: h.id, nsid: nsids[i]!, links, routes: toRoutes(rawRoutes, names) };
    });
  } finally {
    root.close();
  }
}

/** One namespace, the same way. */
export const dumpNamespace = (h: NsHandle, others: NsHandle[] = []): NamespaceDump => {
  const all = dumpAll([h, ...others.filter((o) => o.id !== h.id)]);
  return all[0]!;
};
