// Links: struct ifinfomsg + IFLA_* attributes, decoded into the facts the model shows and
// encoded for RTM_NEWLINK/SETLINK/DELLINK/GETLINK requests. Pure.
import { formatIp } from '../../../shared/ip';
import { parseAttrs, readBe16, readString, readU32, formatMac, s32, u32, type Attr } from './attributes';
import * as c from './constants';
import type { NlMessage } from './message';

export const IFINFOMSG_LEN = 16;

export interface IfInfo {
  family?: number;
  /** ARPHRD_* device type. */
  type?: number;
  index?: number;
  flags?: number;
  change?: number;
}

/** struct ifinfomsg: family, pad, type, index, flags, change. */
export function ifinfomsg(i: IfInfo = {}): Buffer {
  const b = Buffer.alloc(IFINFOMSG_LEN);
  b.writeUInt8(i.family ?? c.AF_UNSPEC, 0);
  b.writeUInt16LE(i.type ?? 0, 2);
  b.writeInt32LE(i.index ?? 0, 4);
  b.writeUInt32LE((i.flags ?? 0) >>> 0, 8);
  b.writeUInt32LE((i.change ?? 0) >>> 0, 12);
  return b;
}

/** A link as the kernel reports it, pointers still as raw (nsid, ifindex) pairs. */
export interface RawLink {
  ifindex: number;
  name: string;
  kind: string | null;
  flags: number;
  up: boolean;
  carrier: boolean;
  operstate: string;
  mtu: number;
  mac: string | null;
  master: number | null;
  /** IFLA_LINK: a veth's peer, a macvlan's parent (0 or absent: none). */
  link: number | null;
  /** IFLA_LINK_NETNSID: the namespace `link` lives in, as an nsid seen by the reporting namespace; null = the same one. */
  linkNetnsid: number | null;
  details: Record<string, string | number | boolean>;
}

/**
 * Decodes an RTM_NEWLINK (or DELLINK) message. A link message carries ~60 attributes; this walks
 * them once and reads only the dozen we show, without making a view of each (that cost most of a
 * 1000-namespace dump's time).
 */
export function decodeLink(msg: NlMessage): RawLink {
  const p = msg.payload;
  const ifindex = p.readInt32LE(4);
  const flags = p.readUInt32LE(8);
  let name = '';
  let mtu = 0;
  let master: number | null = null;
  let link: number | null = null;
  let nsid: number | null = null;
  let operstate = 0;
  let mac: string | null = null;
  let info: Buffer | undefined;
  const end = p.length;
  for (let off = IFINFOMSG_LEN; off + 4 <= end; ) {
    const len = p.readUInt16LE(off);
    if (len < 4 || off + len > end) break;
    const v = off + 4;
    switch (p.readUInt16LE(off + 2) & c.NLA_TYPE_MASK) {
      case c.IFLA_IFNAME: {
        const nul = p.indexOf(0, v);
        name = p.toString('utf8', v, nul < 0 || nul > off + len ? off + len : nul);
        break;
      }
      case c.IFLA_MTU:
        if (len >= 8) mtu = p.readUInt32LE(v);
        break;
      case c.IFLA_MASTER:
        if (len >= 8) master = p.readUInt32LE(v) || null;
        break;
      case c.IFLA_LINK:
        if (len >= 8) link = p.readInt32LE(v) || null;
        break;
      case c.IFLA_LINK_NETNSID:
        if (len >= 8) nsid = p.readInt32LE(v) < 0 ? null : p.readInt32LE(v);
        break;
      case c.IFLA_OPERSTATE:
        if (len >= 5) operstate = p[v]!;
        break;
      case c.IFLA_ADDRESS:
        // Devices without a hardware address (tun, wireguard, ip tunnels) report none or zero bytes.
        if (len > 4) mac = formatMac(p.subarray(v, off + len));
        break;
      case c.IFLA_LINKINFO:
        info = p.subarray(v, off + len);
        break;
    }
    off += (len + 3) & ~3;
  }
  let kind: string | null = null;
  const details: Record<string, string | number | boolean> = {};
  if (info) {
    const li = parseAttrs(info);
    kind = readString(li.get(c.IFLA_INFO_KIND)) ?? null;
    const data = li.get(c.IFLA_INFO_DATA);
    if (data && kind === 'macvlan') {
      const mode = readU32(parseAttrs(data).get(c.IFLA_MACVLAN_MODE));
      const modeName = Object.entries(c.MACVLAN_MODES).find(([, m]) => m === mode)?.[0];
      if (modeName) details.mode = modeName;
    } else if (data && kind === 'vxlan') {
      const d = parseAttrs(data);
      const id = readU32(d.get(c.IFLA_VXLAN_ID));
      if (id !== undefined) details.id = id;
      const port = readBe16(d.get(c.IFLA_VXLAN_PORT));
      if (port !== undefined) details.port = port;
      const group = d.get(c.IFLA_VXLAN_GROUP) ?? d.get(c.IFLA_VXLAN_GROUP6);
      // The kernel keeps one field for group and remote: a multicast address is a group.
      if (group) {
        const multicast = group.length === 4 ? (group[0]! & 0xf0) === 0xe0 : group[0] === 0xff;
        details[multicast ? 'group' : 'remote'] = formatIp(group);
      }
      const local = d.get(c.IFLA_VXLAN_LOCAL) ?? d.get(c.IFLA_VXLAN_LOCAL6);
      if (local) details.local = formatIp(local);
      // A vxlan's underlay device is not IFLA_LINK but IFLA_VXLAN_LINK.
      if (link === null) link = readU32(d.get(c.IFLA_VXLAN_LINK)) || null;
    }
  }
  if (kind === null && flags & c.IFF_LOOPBACK) kind = 'loopback';
  return {
    ifindex,
    name,
    kind,
    flags,
    up: (flags & c.IFF_UP) !== 0,
    // IFF_LOWER_UP, as `ip` shows LOWER_UP: IFLA_CARRIER says "on" for a vxlan that is down.
    carrier: (flags & c.IFF_LOWER_UP) !== 0,
    operstate: c.OPERSTATES[operstate] ?? 'unknown',
    mtu,
    mac,
    master,
    link,
    linkNetnsid: nsid,
    details,
  };
}

/** The request to dump every link; targetNsid reads another namespace from this socket (needs NETLINK_GET_STRICT_CHK). */
export function getLinkRequest(targetNsid?: number): { fixed: Buffer; attrs: Attr[] } {
  const attrs: Attr[] = [u32(c.IFLA_EXT_MASK, c.RTEXT_FILTER_VF | c.RTEXT_FILTER_SKIP_STATS)];
  if (targetNsid !== undefined) attrs.push(s32(c.IFLA_TARGET_NETNSID, targetNsid));
  return { fixed: ifinfomsg(), attrs };
}
