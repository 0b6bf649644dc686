// Interfaces: create, delete, move, change, read. Every function opens a socket in the namespace
// it acts on and closes it again, so no socket of ours keeps a deleted namespace alive.
import type { Link } from '../../../shared/model';
import { parseIp } from '../../../shared/ip';
import { be16, bytes, encodeAttrs, nest, str, u32, s32, type Attr } from '../netlink/attributes';
import * as c from '../netlink/constants';
import { decodeAddress, getAddressRequest } from '../netlink/address';
import { decodeLink, getLinkRequest, ifinfomsg, type RawLink } from '../netlink/link';
import { RouteSocket } from '../netlink/socket';
import { E, hasErrno } from '../sys/errno';
import { kernelError, notFound, refuse, type Subject } from './errors';
import { toLink } from './link-view';
import { nsidsOnSocket } from './nsid';
import type { NsHandle } from './ns-handle';

/** An interface by name or ifindex, as the contract's linkRef. */
export type LinkRef = string | number;

function withSocket<T>(h: NsHandle, fn: (s: RouteSocket) => T): T {
  const sock = new RouteSocket({ nsFd: h.fd, nsLabel: h.label });
  try {
    return fn(sock);
  } finally {
    sock.close();
  }
}

function refText(ref: LinkRef): string {
  return typeof ref === 'number' ? `with index ${ref}` : `named ${ref}`;
}

/** RTM_GETLINK for one interface by name or index; null when there is none. */
function getRaw(sock: RouteSocket, ref: LinkRef, label: string): RawLink | null {
  const attrs: Attr[] = [u32(c.IFLA_EXT_MASK, c.RTEXT_FILTER_VF)];
  if (typeof ref === 'string') attrs.push(str(c.IFLA_IFNAME, ref));
  try {
    return sock.get('link.get', c.RTM_GETLINK, { fixed: ifinfomsg({ index: typeof ref === 'number' ? ref : 0 }), attrs }, decodeLink);
  } catch (e) {
    if (hasErrno(e, E.ENODEV)) return null; // only ENODEV means "there is none"; the rest are errors
    throw kernelError(e, 'link.get', { what: 'link', name: String(ref), ns: label });
  }
}

/**
 * The one lookup of an interface by name or index, for every operation that names one: throws
 * "no interface named x in namespace red" when the kernel says ENODEV, any other refusal in words.
 * Equals `ip -n NS link show dev IF`.
 */
export function linkOf(sock: RouteSocket, ref: LinkRef, h: NsHandle): RawLink {
  const raw = getRaw(sock, ref, h.label);
  if (!raw) throw notFound(`no interface ${refText(ref)} in ${h.label}`);
  return raw;
}

/**
 * One interface in the model's shape, its peer/parent namespace found among `candidates` (and h
 * itself); null when it is none of them. Equals `ip -n NS -json addr show dev IF`.
 */
export function readLink(h: NsHandle, ref: LinkRef, candidates: NsHandle[] = []): Link {
  return withSocket(h, (sock) => {
    const raw = linkOf(sock, ref, h);
    const addresses = sock
      .dump('address.dump', c.RTM_GETADDR, getAddressRequest(), decodeAddress)
      .filter((a) => a.ifindex === raw.ifindex)
      .map((a) => a.address);
    let byNsid: Map<number, string> | null = null;
    const resolve = (nsid: number | null): string | null => {
      if (nsid === null) return h.id;
      // How h knows each candidate, asked once, in batches (a candidate may be every namespace).
      byNsid ??= nsidsSeenFrom(sock, candidates.filter((cand) => cand.id !== h.id));
      return byNsid.get(nsid) ?? null;
    };
    return toLink(raw, resolve, addresses);
  });
}

/** nsid → namespace id for those of `handles` that the socket's namespace has an nsid for. */
function nsidsSeenFrom(sock: RouteSocket, handles: NsHandle[]): Map<number, string> {
  const out = new Map<number, string>();
  nsidsOnSocket(sock, handles).forEach((n, i) => n !== null && out.set(n, handles[i]!.id));
  return out;
}

/** Whether an interface of that name exists in h (for clear errors before creating). */
export function linkExists(h: NsHandle, name: string): boolean {
  return withSocket(h, (sock) => getRaw(sock, name, h.label) !== null);
}

function refuseIfTaken(h: NsHandle, name: string): void {
  if (linkExists(h, name)) throw refuse('link.add', E.EEXIST, { what: 'link', name, ns: h.label });
}

function create(h: NsHandle, op: string, subject: Subject, attrs: Attr[]): void {
  withSocket(h, (sock) => {
    try {
      sock.request(op, c.RTM_NEWLINK, c.NLM_F_CREATE | c.NLM_F_EXCL, { fixed: ifinfomsg(), attrs });
    } catch (e) {
      throw kernelError(e, op, subject);
    }
  });
}

/**
 * A veth pair, each end in any namespace. Equals
 * `ip -n NS link add NAME type veth peer name PEER netns PEERNS`.
 */
export function addVeth(ns: NsHandle, name: string, peerNs: NsHandle, peerName: string): { link: Link; peer: Link } {
  if (ns.id === peerNs.id && name === peerName) {
    throw refuse('link.add', E.EEXIST, { what: 'link', name, ns: ns.label });
  }
  const peerAttrs: Attr[] = [str(c.IFLA_IFNAME, peerName)];
  if (peerNs.id !== ns.id) peerAttrs.push(s32(c.IFLA_NET_NS_FD, peerNs.fd));
  // VETH_INFO_PEER holds a whole ifinfomsg followed by the peer's attributes.
  const peerInfo = Buffer.concat([ifinfomsg(), encodeAttrs(peerAttrs)]);
  withSocket(ns, (sock) => {
    try {
      sock.request('link.addVeth', c.RTM_NEWLINK, c.NLM_F_CREATE | c.NLM_F_EXCL, {
        fixed: ifinfomsg(),
        attrs: [str(c.IFLA_IFNAME, name), nest(c.IFLA_LINKINFO, [str(c.IFLA_INFO_KIND, 'veth'), nest(c.IFLA_INFO_DATA, [bytes(c.VETH_INFO_PEER, peerInfo)])])],
      });
    } catch (e) {
      // The kernel makes the pair whole or not at all, and says only EEXIST, whichever end's
      // name was taken: the peer is registered first, so look there first, and name that one.
      const peerTaken = hasErrno(e, E.EEXIST) && linkExists(peerNs, peerName);
      throw kernelError(e, 'link.addVeth', peerTaken ? { what: 'link', name: peerName, ns: peerNs.label } : { what: 'link', name, ns: ns.label });
    }
  });
  return { link: readLink(ns, name, [peerNs]), peer: readLink(peerNs, peerName, [ns]) };
}

/** A bridge. Equals `ip -n NS link add NAME type bridge`. */
export function addBridge(ns: NsHandle, name: string): Link {
  refuseIfTaken(ns, name);
  create(ns, 'link.addBridge', { what: 'link', name, ns: ns.label }, [str(c.IFLA_IFNAME, name), nest(c.IFLA_LINKINFO, [str(c.IFLA_INFO_KIND, 'bridge')])]);
  return readLink(ns, name);
}

/**
 * A macvlan on a parent that may live in another namespace: made in the parent's namespace and
 * handed to ns in the same request. Equals
 * `ip -n PARENTNS link add link PARENT name NAME netns NS type macvlan mode MODE`.
 */
export function addMacvlan(ns: NsHandle, name: string, parentNs: NsHandle, parent: LinkRef, mode = 'bridge'): Link {
  refuseIfTaken(ns, name);
  const modeValue = c.MACVLAN_MODES[mode];
  if (modeValue === undefined) throw refuse('link.addMacvlan', E.EINVAL, { what: 'link', name, ns: ns.label });
  const parentIndex = withSocket(parentNs, (sock) => linkOf(sock, parent, parentNs).ifindex);
  const attrs: Attr[] = [
    str(c.IFLA_IFNAME, name),
    u32(c.IFLA_LINK, parentIndex),
    nest(c.IFLA_LINKINFO, [str(c.IFLA_INFO_KIND, 'macvlan'), nest(c.IFLA_INFO_DATA, [u32(c.IFLA_MACVLAN_MODE, modeValue)])]),
  ];
  if (parentNs.id !== ns.id) attrs.push(s32(c.IFLA_NET_NS_FD, ns.fd));
  create(parentNs, 'link.addMacvlan', { what: 'parent', link: String(parent), ns: parentNs.label }, attrs);
  return readLink(ns, name, [parentNs]);
}

export interface VxlanSpec {
  vni: number;
  remote?: string;
  local?: string;
  group?: string;
  dev?: LinkRef;
  port?: number;
}

/**
 * A VXLAN interface. Equals `ip -n NS link add NAME type vxlan id VNI [remote|group IP]
 * [local IP] [dev IF] dstport PORT`.
 */
export function addVxlan(ns: NsHandle, name: string, spec: VxlanSpec): Link {
  refuseIfTaken(ns, name);
  const data: Attr[] = [u32(c.IFLA_VXLAN_ID, spec.vni)];
  const ipAttr = (v4: number, v6: number, text: string): Attr => {
    const ip = parseIp(text);
    if (!ip) throw refuse('link.addVxlan', E.EINVAL, { what: 'link', name, ns: ns.label });
    return bytes(ip.family === 4 ? v4 : v6, ip.bytes);
  };
  // The kernel keeps remote and group in one field (IFLA_VXLAN_GROUP): a unicast address is a remote.
  const peer = spec.remote ?? spec.group;
  if (peer) data.push(ipAttr(c.IFLA_VXLAN_GROUP, c.IFLA_VXLAN_GROUP6, peer));
  if (spec.local) data.push(ipAttr(c.IFLA_VXLAN_LOCAL, c.IFLA_VXLAN_LOCAL6, spec.local));
  if (spec.dev !== undefined) {
    const dev = spec.dev;
    data.push(u32(c.IFLA_VXLAN_LINK, withSocket(ns, (sock) => linkOf(sock, dev, ns).ifindex)));
  }
  data.push(be16(c.IFLA_VXLAN_PORT, spec.port ?? 4789));
  create(ns, 'link.addVxlan', { what: 'link', name, ns: ns.label }, [str(c.IFLA_IFNAME, name), nest(c.IFLA_LINKINFO, [str(c.IFLA_INFO_KIND, 'vxlan'), nest(c.IFLA_INFO_DATA, data)])]);
  return readLink(ns, name);
}

/** Deletes an interface (a veth takes its peer along). Equals `ip -n NS link del IF`. */
export function deleteLink(ns: NsHandle, ref: LinkRef): void {
  withSocket(ns, (sock) => {
    const raw = linkOf(sock, ref, ns);
    try {
      sock.request('link.delete', c.RTM_DELLINK, 0, { fixed: ifinfomsg({ index: raw.ifindex }) });
    } catch (e) {
      throw kernelError(e, 'link.delete', { what: 'link', name: raw.name, ns: ns.label });
    }
  });
}

/**
 * Moves an interface into another namespace by fd; it keeps its ifindex when that index is free
 * there. Equals `ip -n NS link set IF netns TO`. Slow in the kernel (~15-20 ms inside send), so it
 * runs on the thread pool. We never rename in the same request: the kernel answers EEXIST to
 * move + rename onto an existing name yet moves the link anyway.
 */
export async function moveLink(ns: NsHandle, ref: LinkRef, to: NsHandle): Promise<Link> {
  const sock = new RouteSocket({ nsFd: ns.fd, nsLabel: ns.label });
  try {
    const raw = linkOf(sock, ref, ns);
    if (to.id === ns.id) return readLink(ns, raw.ifindex);
    if (linkExists(to, raw.name)) {
      throw refuse('link.move', E.EEXIST, { what: 'move', link: raw.name, from: ns.label, to: to.label });
    }
    try {
      await sock.requestAsync('link.move', c.RTM_NEWLINK, 0, { fixed: ifinfomsg({ index: raw.ifindex }), attrs: [s32(c.IFLA_NET_NS_FD, to.fd)] });
    } catch (e) {
      throw kernelError(e, 'link.move', { what: 'move', link: raw.name, from: ns.label, to: to.label });
    }
    return readLink(to, raw.name, [ns]);
  } finally {
    sock.close();
  }
}

export interface LinkChange {
  up?: boolean;
  mtu?: number;
  name?: string;
  /** A bridge in the same namespace; null: nomaster. */
  master?: LinkRef | null;
}

/**
 * Changes an interface, one request per change so a refusal names what failed: master first,
 * then MTU, then up/down, then the name. Equals `ip -n NS link set IF [master BR|nomaster]
 * [mtu N] [up|down] [name NEW]`.
 */
export function setLink(ns: NsHandle, ref: LinkRef, change: LinkChange): Link {
  withSocket(ns, (sock) => {
    const raw = linkOf(sock, ref, ns);
    const index = raw.ifindex;
    if (change.name !== undefined && change.name !== raw.name && getRaw(sock, change.name, ns.label)) {
      throw refuse('link.set', E.EEXIST, { what: 'link', name: change.name, ns: ns.label });
    }
    let masterIndex: number | undefined;
    if (change.master !== undefined) {
      masterIndex = change.master === null ? 0 : linkOf(sock, change.master, ns).ifindex;
    }
    const send = (op: string, subject: Subject, fixed: Buffer, attrs: Attr[] = []): void => {
      try {
        sock.request(op, c.RTM_NEWLINK, 0, { fixed, attrs });
      } catch (e) {
        throw kernelError(e, op, subject);
      }
    };
    const linkSubject: Subject = { what: 'link', name: raw.name, ns: ns.label };
    if (masterIndex !== undefined) {
      send('link.setMaster', { what: 'master', link: raw.name, master: String(change.master ?? ''), ns: ns.label }, ifinfomsg({ index }), [u32(c.IFLA_MASTER, masterIndex)]);
    }
    if (change.mtu !== undefined) send('link.setMtu', linkSubject, ifinfomsg({ index }), [u32(c.IFLA_MTU, change.mtu)]);
    if (change.up !== undefined) send('link.setUp', linkSubject, ifinfomsg({ index, flags: change.up ? c.IFF_UP : 0, change: c.IFF_UP }));
    if (change.name !== undefined && change.name !== raw.name) send('link.rename', linkSubject, ifinfomsg({ index }), [str(c.IFLA_IFNAME, change.name)]);
  });
  return readLink(ns, typeof ref === 'number' ? ref : (change.name ?? ref));
}

/** Every link of h, raw (for dumps that resolve pointers themselves). Equals `ip -n NS -json link`. */
export function dumpRawLinks(sock: RouteSocket, targetNsid?: number): RawLink[] {
  return sock.dump('link.dump', c.RTM_GETLINK, getLinkRequest(targetNsid), decodeLink);
}
