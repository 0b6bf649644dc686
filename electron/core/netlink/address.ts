// Addresses: struct ifaddrmsg + IFA_* attributes. Pure.
import { formatIpAt, parseCidr } from '../../../shared/ip';
import { s32, type Attr } from './attributes';
import * as c from './constants';
import type { NlMessage } from './message';

export const IFADDRMSG_LEN = 8;

/** struct ifaddrmsg: family, prefixlen, flags, scope, index. */
export function ifaddrmsg(family: number, prefixlen = 0, index = 0, scope = 0): Buffer {
  const b = Buffer.alloc(IFADDRMSG_LEN);
  b.writeUInt8(family, 0);
  b.writeUInt8(prefixlen, 1);
  b.writeUInt8(scope, 3);
  b.writeUInt32LE(index, 4);
  return b;
}

export interface RawAddress {
  family: 4 | 6;
  ifindex: number;
  /** ADDRESS/PREFIX as `ip addr` prints it. */
  address: string;
  scope: number;
  flags: number;
}

/**
 * Decodes an RTM_NEWADDR/DELADDR message, in one walk over its attributes that reads only the
 * ones we show (a snapshot decodes thousands of these).
 */
export function decodeAddress(msg: NlMessage): RawAddress {
  const p = msg.payload;
  const family = p[0] === c.AF_INET6 ? 6 : 4;
  let local = -1;
  let address = -1;
  let length = 0;
  let flags = p[2]!;
  const end = p.length;
  for (let off = IFADDRMSG_LEN; off + 4 <= end; ) {
    const len = p.readUInt16LE(off);
    if (len < 4 || off + len > end) break;
    const type = p.readUInt16LE(off + 2) & c.NLA_TYPE_MASK;
    // On point-to-point links IFA_ADDRESS is the peer and IFA_LOCAL ours; `ip` shows IFA_LOCAL first.
    if (type === c.IFA_LOCAL) {
      local = off + 4;
      length = len - 4;
    } else if (type === c.IFA_ADDRESS && local < 0) {
      address = off + 4;
      length = len - 4;
    } else if (type === c.IFA_FLAGS && len >= 8) flags = p.readUInt32LE(off + 4);
    off += (len + 3) & ~3;
  }
  const at = local >= 0 ? local : address;
  return {
    family,
    ifindex: p.readUInt32LE(4),
    address: at >= 0 ? `${formatIpAt(p, at, length)}/${p[1]}` : '',
    scope: p[3]!,
    flags,
  };
}

/** Body of an RTM_NEWADDR/DELADDR for CIDR on ifindex, as `ip addr add CIDR dev IF` sends it. */
export function addressRequest(cidr: string, ifindex: number): { fixed: Buffer; attrs: Attr[] } {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new Error(`not an address with a prefix: ${cidr}`);
  const family = parsed.family === 4 ? c.AF_INET : c.AF_INET6;
  const attrs: Attr[] = [{ type: c.IFA_LOCAL, value: parsed.bytes }, { type: c.IFA_ADDRESS, value: parsed.bytes }];
  return { fixed: ifaddrmsg(family, parsed.prefix, ifindex), attrs };
}

/** The request to dump addresses of every family, optionally of another namespace by nsid. */
export function getAddressRequest(targetNsid?: number): { fixed: Buffer; attrs: Attr[] } {
  const attrs: Attr[] = [];
  if (targetNsid !== undefined) attrs.push(s32(c.IFA_TARGET_NETNSID, targetNsid));
  return { fixed: ifaddrmsg(c.AF_UNSPEC), attrs };
}
