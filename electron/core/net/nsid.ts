// Namespace ids: how one namespace names another in IFLA_LINK_NETNSID. Per observer, and maybe
// unassigned until someone sets one (the kernel also assigns them itself when it must report a
// cross-namespace link, e.g. a veth peer).
import { statSync } from 'node:fs';
import { RTM_GETNSID, RTM_NEWNSID } from '../netlink/constants';
import { decodeNsid, getNsidByFd, newNsid } from '../netlink/nsid';
import type { RouteSocket } from '../netlink/socket';
import { RouteSocket as Socket } from '../netlink/socket';
import { E, hasErrno } from '../sys/errno';
import { kernelError, refuse } from './errors';
import type { NsHandle } from './ns-handle';

/** The nsid the socket's namespace knows the namespace behind fd by, or null if none is assigned. */
export function nsidOnSocket(sock: RouteSocket, fd: number, label: string): number | null {
  try {
    return sock.get('nsid.get', RTM_GETNSID, getNsidByFd(fd), decodeNsid);
  } catch (e) {
    throw kernelError(e, 'nsid.get', { what: 'namespace', ns: label });
  }
}

/**
 * The nsids the socket's namespace knows each of `handles` by (null where none is assigned), in
 * their order. Asked in batches (~16 datagrams for a thousand namespaces instead of one request
 * each); if a batch is refused, each is asked again alone, so the error names the namespace.
 * Equals `ip -n NS netns list-id` looked up for each.
 */
export function nsidsOnSocket(sock: RouteSocket, handles: readonly NsHandle[]): (number | null)[] {
  try {
    return sock.getMany('nsid.get', RTM_GETNSID, handles.map((h) => getNsidByFd(h.fd)), decodeNsid);
  } catch {
    return handles.map((h) => nsidOnSocket(sock, h.fd, h.label));
  }
}

/** Gives the namespace behind fd an nsid in the socket's namespace if it has none; returns it. */
export function ensureNsidOnSocket(sock: RouteSocket, fd: number, label: string): number {
  const have = nsidOnSocket(sock, fd, label);
  if (have !== null) return have;
  try {
    sock.request('nsid.set', RTM_NEWNSID, 0, newNsid(fd));
  } catch (e) {
    // EEXIST: another process assigned one meanwhile; read it below.
    if (!hasErrno(e, E.EEXIST)) throw kernelError(e, 'nsid.set', { what: 'namespace', ns: label });
  }
  const got = nsidOnSocket(sock, fd, label);
  if (got === null) throw refuse('nsid.set', E.ENOENT, { what: 'namespace', ns: label });
  return got;
}

/**
 * The nsid `observer` knows `target` by, or null when unassigned. Equals `ip -n OBSERVER netns
 * list-id` looked up for TARGET (iproute2 asks RTM_GETNSID with NETNSA_FD, as we do).
 */
export function nsidOf(observer: NsHandle | null, target: NsHandle, assign = false): number | null {
  const sock = new Socket(observer ? { nsFd: observer.fd, nsLabel: observer.label } : {});
  try {
    return assign ? ensureNsidOnSocket(sock, target.fd, target.label) : nsidOnSocket(sock, target.fd, target.label);
  } finally {
    sock.close();
  }
}

/** The inode of the namespace the core runs in, as a decimal id. */
export function ownNamespaceId(): string {
  return String(statSync('/proc/thread-self/ns/net').ino);
}
