// Links: struct ifinfomsg + IFLA_* attributes, decoded into the facts the model shows and
// encoded for RTM_NEWLINK/SETLINK/DELLINK/GETLINK requests. Pure.
import { formatIp } from '../../../shared/ip';
import { parseAttrs, readBe16, readS32, readString, readU32, readU8, formatMac, type Attr } from './attributes';
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

/** Decodes an RTM_NEWLINK (or DELLINK) message. */
export function decodeLink(msg: NlMessage): RawLink {
  const p = msg.payload;
  const ifindex = p.readInt32LE(4);
  const flags = p.readUInt32LE(8);
  const a = parseAttrs(p, IFINFOMSG_LEN);
  let kind: string | null = null;
  const details: Record<string, string | number | boolean> = {};
  let vxlanLink: number | undefined;
  const info = a.get(c.IFLA_LINKINFO);
  if (info) {
    const li = parseAttrs(info);
    kind = readString(li.get(c.IFLA_INFO_KIND)) ?? null;
    const data = li.get(c.IFLA_INFO_DATA);
    if (data && kind === 'macvlan') {
      const mode = readU32(parseAttrs(data).get(c.IFLA_MACVLAN_MODE));
      const name = Object.entries(c.MACVLAN_MODES).find(([, v]) => v === mode)?.[0];
      if (name) details.mode = name;
    } else if (data && kind === 'vxlan') {
      const d = parseAttrs(data);
      const id = readU32(d.get(c.IFLA_VXLAN_ID));
      if (id !== undefined) details.id = id;
      const port = readBe16(d.get(c.IFLA_VXLAN_PORT));
      if (port !== undefined) details.port = port;
      const group = d.get(c.IFLA_VXLAN_GROUP) ?? d.get(c.IFLA_VXLAN_GROUP6);
      // The kernel keeps one field for group and remote: a multicast address is a group.
      if (group) {
        const ip = formatIp(group);
        const multicast = group.length === 4 ? (group[0]! & 0xf0) === 0xe0 : group[0] === 0xff;
        details[multicast ? 'group' : 'remote'] = ip;
      }
      const local = d.get(c.IFLA_VXLAN_LOCAL) ?? d.get(c.IFLA_VXLAN_LOCAL6);
      if (local) details.local = formatIp(local);
      vxlanLink = readU32(d.get(c.IFLA_VXLAN_LINK));
    }
  }
  if (kind === null && flags & c.IFF_LOOPBACK) kind = 'loopback';
  const mac = a.get(c.IFLA_ADDRESS);
  const link = readS32(a.get(c.IFLA_LINK)) || vxlanLink || null;
  const nsid = readS32(a.get(c.IFLA_LINK_NETNSID));
  return {
    ifindex,
    name: readString(a.get(c.IFLA_IFNAME)) ?? '',
    kind,
    flags,
    up: (flags & c.IFF_UP) !== 0,
    // IFF_LOWER_UP, as `ip` shows LOWER_UP: IFLA_CARRIER says "on" for a vxlan that is down.
    carrier: (flags & c.IFF_LOWER_UP) !== 0,
    operstate: c.OPERSTATES[readU8(a.get(c.IFLA_OPERSTATE)) ?? 0] ?? 'unknown',
    mtu: readU32(a.get(c.IFLA_MTU)) ?? 0,
    // Devices without a hardware address (tun, wireguard, ip tunnels) report none or zero bytes.
    mac: mac && mac.length > 0 ? formatMac(mac) : null,
    master: readU32(a.get(c.IFLA_MASTER)) || null,
    link,
    linkNetnsid: nsid === undefined || nsid < 0 ? null : nsid,
    details,
  };
}

/** The request to dump every link; targetNsid reads another namespace from this socket (needs NETLINK_GET_STRICT_CHK). */
export function getLinkRequest(targetNsid?: number): { fixed: Buffer; attrs: Attr[] } {
  const attrs: Attr[] = [{ type: c.IFLA_EXT_MASK, value: u32bytes(c.RTEXT_FILTER_VF | c.RTEXT_FILTER_SKIP_STATS) }];
  if (targetNsid !== undefined) attrs.push({ type: c.IFLA_TARGET_NETNSID, value: s32bytes(targetNsid) });
  return { fixed: ifinfomsg(), attrs };
}

function u32bytes(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0, 0);
  return b;
}
function s32bytes(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v, 0);
  return b;
}
