// Addresses: struct ifaddrmsg + IFA_* attributes. Pure.
import { formatIp, parseCidr } from '../../../shared/ip';
import { parseAttrs, readU32, type Attr } from './attributes';
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

/** Decodes an RTM_NEWADDR/DELADDR message. */
export function decodeAddress(msg: NlMessage): RawAddress {
  const p = msg.payload;
  const family = p.readUInt8(0) === c.AF_INET6 ? 6 : 4;
  const a = parseAttrs(p, IFADDRMSG_LEN);
  // On point-to-point links IFA_ADDRESS is the peer and IFA_LOCAL ours; `ip` shows IFA_LOCAL first.
  const bytes = a.get(c.IFA_LOCAL) ?? a.get(c.IFA_ADDRESS);
  return {
    family,
    ifindex: p.readUInt32LE(4),
    address: bytes ? `${formatIp(bytes)}/${p.readUInt8(1)}` : '',
    scope: p.readUInt8(3),
    flags: readU32(a.get(c.IFA_FLAGS)) ?? p.readUInt8(2),
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
  if (targetNsid !== undefined) {
    const v = Buffer.alloc(4);
    v.writeInt32LE(targetNsid, 0);
    attrs.push({ type: c.IFA_TARGET_NETNSID, value: v });
  }
  return { fixed: ifaddrmsg(c.AF_UNSPEC), attrs };
}
