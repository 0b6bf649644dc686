// Namespace ids (RTM_GETNSID/NEWNSID): struct rtgenmsg + NETNSA_* attributes. An nsid is how one
// namespace names another in IFLA_LINK_NETNSID; it is per observer and may be unassigned. Pure.
import { parseAttrs, readS32, s32, type Attr } from './attributes';
import { AF_UNSPEC, NETNSA_FD, NETNSA_NSID, NETNSA_TARGET_NSID, NSID_NOT_ASSIGNED } from './constants';
import type { NlMessage } from './message';

/** struct rtgenmsg: one family byte (padded to 4 by the header's alignment). */
const rtgenmsg = (): Buffer => Buffer.from([AF_UNSPEC, 0, 0, 0]);

/** RTM_GETNSID body: "what nsid does the namespace behind fd have here?" */
export const getNsidByFd = (fd: number): { fixed: Buffer; attrs: Attr[] } => ({ fixed: rtgenmsg(), attrs: [s32(NETNSA_FD, fd)] });

/**
 * RTM_GETNSID body translating an nsid between observers: "the namespace you call `nsid`, what
 * does the namespace you call `viaNsid` call it?" (the kernel looks nsid up in the socket's
 * namespace and answers peernet2id(target, peer)).
 */
export const translateNsid = (nsid: number, viaNsid: number): { fixed: Buffer; attrs: Attr[] } => ({
  fixed: rtgenmsg(),
  attrs: [s32(NETNSA_NSID, nsid), s32(NETNSA_TARGET_NSID, viaNsid)],
});

/** RTM_NEWNSID body: give the namespace behind fd an nsid here (-1: the kernel picks one), as `ip netns set NAME auto`. */
export const newNsid = (fd: number, nsid = NSID_NOT_ASSIGNED): { fixed: Buffer; attrs: Attr[] } => ({
  fixed: rtgenmsg(),
  attrs: [s32(NETNSA_FD, fd), s32(NETNSA_NSID, nsid)],
});

/** The nsid in an RTM_NEWNSID answer; null when the kernel has none assigned. */
export function decodeNsid(msg: NlMessage): number | null {
  const v = readS32(parseAttrs(msg.payload, 4).get(NETNSA_NSID));
  return v === undefined || v < 0 ? null : v;
}
