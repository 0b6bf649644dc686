// A family's per-device settings (RTM_NEWNETCONF): struct netconfmsg (one family byte, padded to
// 4) + NETCONFA_* attributes. The kernel sends one to RTNLGRP_IPV4_NETCONF / RTNLGRP_IPV6_NETCONF
// when forwarding, rp_filter and the like change, carrying only the setting that changed (a dump,
// RTM_GETNETCONF, carries them all). Equals what `ip monitor netconf` prints. Pure.
import { parseAttrs, readS32, s32, type Attr } from './attributes';
import * as c from './constants';
import type { NlMessage } from './message';

export const NETCONFMSG_LEN = 4;

export interface RawNetconf {
  family: 4 | 6;
  /** The device's ifindex, or NETCONFA_IFINDEX_ALL / NETCONFA_IFINDEX_DEFAULT. */
  ifindex: number;
  /** Forwarding on or off; null when the message does not say (another setting changed). */
  forwarding: boolean | null;
}

/** Decodes an RTM_NEWNETCONF/DELNETCONF message. */
export function decodeNetconf(msg: NlMessage): RawNetconf {
  const p = msg.payload;
  if (p.length < NETCONFMSG_LEN) throw new Error(`netconf message too short (${p.length} bytes)`);
  const attrs = parseAttrs(p, NETCONFMSG_LEN);
  const ifindex = readS32(attrs.get(c.NETCONFA_IFINDEX));
  if (ifindex === undefined) throw new Error('netconf message without NETCONFA_IFINDEX');
  const forwarding = readS32(attrs.get(c.NETCONFA_FORWARDING));
  return { family: p[0] === c.AF_INET6 ? 6 : 4, ifindex, forwarding: forwarding === undefined ? null : forwarding !== 0 };
}

/**
 * RTM_GETNETCONF for a family's "all" entry (net.ipv4.ip_forward, net.ipv6.conf.all.*), answered
 * with one RTM_NEWNETCONF carrying every setting. Equals the "all" line of `ip -4|-6 netconf show`.
 */
export function getNetconfRequest(family: 4 | 6): { fixed: Buffer; attrs: Attr[] } {
  const fixed = Buffer.alloc(NETCONFMSG_LEN);
  fixed[0] = family === 6 ? c.AF_INET6 : c.AF_INET;
  return { fixed, attrs: [s32(c.NETCONFA_IFINDEX, c.NETCONFA_IFINDEX_ALL)] };
}
