// Routes: struct rtmsg + RTA_* attributes. Pure.
import { formatIpAt, networkOf, parseCidr, parseIp } from '../../../shared/ip';
import { u32, type Attr } from './attributes';
import * as c from './constants';
import type { NlMessage } from './message';

export const RTMSG_LEN = 12;

export interface RtMsg {
  family: number;
  dstLen?: number;
  table?: number;
  protocol?: number;
  scope?: number;
  type?: number;
  flags?: number;
}

/** struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags. */
export function rtmsg(r: RtMsg): Buffer {
  const b = Buffer.alloc(RTMSG_LEN);
  b.writeUInt8(r.family, 0);
  b.writeUInt8(r.dstLen ?? 0, 1);
  b.writeUInt8(r.table ?? 0, 4);
  b.writeUInt8(r.protocol ?? 0, 5);
  b.writeUInt8(r.scope ?? 0, 6);
  b.writeUInt8(r.type ?? 0, 7);
  b.writeUInt32LE(r.flags ?? 0, 8);
  return b;
}

/** A route as decoded; dev (the interface name) is filled in later from the links. */
export interface RawRoute {
  family: 4 | 6;
  destination: string;
  gateway: string | null;
  ifindex: number | null;
  table: number;
  protocol: string;
  scope: string;
  type: string;
  metric: number | null;
  prefsrc: string | null;
  /** rtm_flags, to leave out cached routes. */
  flags: number;
}

/** Decodes an RTM_NEWROUTE/DELROUTE message, in one walk over its attributes (as decodeAddress). */
export function decodeRoute(msg: NlMessage): RawRoute {
  const p = msg.payload;
  const family = p[0] === c.AF_INET6 ? 6 : 4;
  const dstLen = p[1]!;
  let destination: string | null = null;
  let gateway: string | null = null;
  let prefsrc: string | null = null;
  let ifindex: number | null = null;
  let metric: number | null = null;
  // The table id is an 8-bit field; ids above 255 travel in RTA_TABLE.
  let table = p[4]!;
  const end = p.length;
  for (let off = RTMSG_LEN; off + 4 <= end; ) {
    const len = p.readUInt16LE(off);
    if (len < 4 || off + len > end) break;
    const v = off + 4;
    switch (p.readUInt16LE(off + 2) & c.NLA_TYPE_MASK) {
      case c.RTA_DST:
        destination = `${formatIpAt(p, v, len - 4)}/${dstLen}`;
        break;
      case c.RTA_GATEWAY:
        gateway = formatIpAt(p, v, len - 4);
        break;
      case c.RTA_PREFSRC:
        prefsrc = formatIpAt(p, v, len - 4);
        break;
      case c.RTA_OIF:
        if (len >= 8) ifindex = p.readUInt32LE(v);
        break;
      case c.RTA_PRIORITY:
        if (len >= 8) metric = p.readUInt32LE(v);
        break;
      case c.RTA_TABLE:
        if (len >= 8) table = p.readUInt32LE(v);
        break;
    }
    off += (len + 3) & ~3;
  }
  const protocol = p[5]!;
  const scope = p[6]!;
  const type = p[7]!;
  return {
    family,
    // `ip route` prints a host route without its /32 (or /128); the model keeps CIDR form always.
    destination: destination ?? (dstLen === 0 ? 'default' : `${family === 4 ? '0.0.0.0' : '::'}/${dstLen}`),
    gateway,
    ifindex,
    table,
    protocol: c.ROUTE_PROTOCOLS[protocol] ?? String(protocol),
    scope: c.ROUTE_SCOPES[scope] ?? String(scope),
    type: c.ROUTE_TYPES[type] ?? String(type),
    metric,
    prefsrc,
    flags: p.readUInt32LE(8),
  };
}

export interface RouteSpec {
  destination: string; // "default" or CIDR
  gateway?: string;
  ifindex?: number;
  metric?: number;
  table?: number;
}

/**
 * Body of RTM_NEWROUTE/DELROUTE as `ip route add|del DEST [via GW] [dev IF] [metric N]` sends it:
 * main table, protocol boot, scope link without a gateway and global with one, type unicast.
 */
export function routeRequest(spec: RouteSpec, forDelete = false): { fixed: Buffer; attrs: Attr[] } {
  const gw = spec.gateway !== undefined ? parseIp(spec.gateway) : null;
  if (spec.gateway !== undefined && !gw) throw new Error(`not an IP address: ${spec.gateway}`);
  let family: 4 | 6;
  let dst: Uint8Array | null = null;
  let dstLen = 0;
  if (spec.destination === 'default') {
    family = gw?.family ?? 4;
  } else {
    const cidr = parseCidr(spec.destination);
    if (!cidr) throw new Error(`not a destination: ${spec.destination}`);
    family = cidr.family;
    dst = networkOf(cidr);
    dstLen = cidr.prefix;
  }
  if (gw && gw.family !== family) throw new Error(`the gateway ${spec.gateway} is not of the destination's family`);
  const table = spec.table ?? c.RT_TABLE_MAIN;
  const attrs: Attr[] = [];
  if (dst) attrs.push({ type: c.RTA_DST, value: dst });
  if (gw) attrs.push({ type: c.RTA_GATEWAY, value: gw.bytes });
  if (spec.ifindex !== undefined) attrs.push(u32(c.RTA_OIF, spec.ifindex));
  if (spec.metric !== undefined) attrs.push(u32(c.RTA_PRIORITY, spec.metric));
  if (table > 255) attrs.push(u32(c.RTA_TABLE, table));
  // ip route del sends scope NOWHERE (match any) and no protocol/type, so that it matches any route.
  const fixed = forDelete
    ? rtmsg({ family: family === 4 ? c.AF_INET : c.AF_INET6, dstLen, table: table > 255 ? 0 : table, scope: 255 })
    : rtmsg({
        family: family === 4 ? c.AF_INET : c.AF_INET6,
        dstLen,
        table: table > 255 ? 0 : table,
        protocol: c.RTPROT_BOOT,
        scope: gw ? c.RT_SCOPE_UNIVERSE : c.RT_SCOPE_LINK,
        type: c.RTN_UNICAST,
      });
  return { fixed, attrs };
}

/**
 * The request to dump routes of one family (AF_UNSPEC: both) and one table: main by default, as
 * `ip route show`; RT_TABLE_UNSPEC (0) for every table, as `ip route show table all`.
 */
export function getRouteRequest(family = c.AF_UNSPEC, table = c.RT_TABLE_MAIN): { fixed: Buffer; attrs: Attr[] } {
  // With NETLINK_GET_STRICT_CHK the kernel filters on RTA_TABLE itself (no attribute: every
  // table); the 8-bit rtm_table carries ids above 255 as RT_TABLE_COMPAT, as iproute2 does.
  if (table === c.RT_TABLE_UNSPEC) return { fixed: rtmsg({ family }), attrs: [] };
  return { fixed: rtmsg({ family, table: table > 255 ? c.RT_TABLE_COMPAT : table }), attrs: [u32(c.RTA_TABLE, table)] };
}
