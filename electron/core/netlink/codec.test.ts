import { describe, expect, it } from 'vitest';
import { encodeAttrs, nest, parseAttrs, readString, readU32, str, u32, be16, readBe16, formatMac } from './attributes';
import { addressRequest, decodeAddress, getAddressRequest, ifaddrmsg } from './address';
import * as c from './constants';
import { decodeLink, getLinkRequest, ifinfomsg } from './link';
import { decodeAck, encodeMessage, splitMessages } from './message';
import { decodeNetconf, getNetconfRequest } from './netconf';
import { decodeNsid, newNsid } from './nsid';
import { decodeRoute, routeRequest } from './route';
import { fixtures } from './test/fixtures';
import { parseIp } from '../../../shared/ip';

const one = (hex: string) => {
  const msgs = splitMessages(Buffer.from(hex, 'hex'));
  expect(msgs).toHaveLength(1);
  return msgs[0]!;
};

describe('decoding what the kernel sent', () => {
  it('reads loopback as kind loopback, up with carrier, without IFLA_LINKINFO', () => {
    const m = one(fixtures.link_lo);
    expect(m.type).toBe(c.RTM_NEWLINK);
    expect(m.flags & c.NLM_F_MULTI).toBeTruthy();
    expect(decodeLink(m)).toMatchObject({ ifindex: 1, name: 'lo', kind: 'loopback', up: true, carrier: true, operstate: 'unknown', mtu: 65536, mac: '00:00:00:00:00:00', master: null, link: null });
  });

  it('reads a veth end with its peer as (nsid, ifindex) in another namespace', () => {
    expect(decodeLink(one(fixtures.link_v0))).toMatchObject({ ifindex: 2, name: 'v0', kind: 'veth', up: true, carrier: false, operstate: 'down', mac: '02:00:00:00:00:01', link: 2, linkNetnsid: 0 });
  });

  it('reads a macvlan with its mode and its parent in the same namespace', () => {
    expect(decodeLink(one(fixtures.link_mv0))).toMatchObject({ ifindex: 3, kind: 'macvlan', up: false, link: 2, linkNetnsid: null, details: { mode: 'private' } });
  });

  it('reads a vxlan id, remote, local and port as ip -d shows them', () => {
    const l = decodeLink(one(fixtures.link_vx0));
    expect(l).toMatchObject({ ifindex: 4, kind: 'vxlan', carrier: false, mac: '02:00:00:00:00:04' });
    expect(l.details).toEqual({ id: 42, remote: '192.0.2.2', local: '192.0.2.1', port: 4789 });
  });

  it('reads IPv4 and IPv6 addresses with their prefixes', () => {
    expect([fixtures.addr0, fixtures.addr1, fixtures.addr2, fixtures.addr3].map((h) => decodeAddress(one(h))).map((a) => [a.family, a.ifindex, a.address])).toEqual([
      [4, 1, '127.0.0.1/8'],
      [4, 2, '10.0.0.1/24'],
      [6, 1, '::1/128'],
      [6, 2, '2001:db8::1/64'],
    ]);
  });

  it('reads a default route with gateway and metric, and kernel routes with scope and source', () => {
    expect(decodeRoute(one(fixtures.route0))).toMatchObject({ family: 4, destination: 'default', gateway: '10.0.0.254', ifindex: 2, table: 254, protocol: 'boot', scope: 'global', type: 'unicast', metric: 100 });
    expect(decodeRoute(one(fixtures.route1))).toMatchObject({ destination: '10.0.0.0/24', gateway: null, protocol: 'kernel', scope: 'link', prefsrc: '10.0.0.1', metric: null });
    expect(decodeRoute(one(fixtures.route2))).toMatchObject({ family: 6, destination: '2001:db8::/64', metric: 256 });
  });

  it("reads an error ack with the kernel's extended-ack words", () => {
    const m = one(fixtures.errorAck);
    expect(m.type).toBe(c.NLMSG_ERROR);
    expect(decodeAck(m)).toEqual({ errno: 95, requestType: c.RTM_NEWLINK, requestSeq: 77, message: 'Unknown device type' });
  });

  it('reads a plain ack as errno 0', () => {
    expect(decodeAck(one(fixtures.okAck))).toMatchObject({ errno: 0, requestSeq: 78 });
  });

  it('splits a datagram holding several messages and stops at a truncated one', () => {
    const two = Buffer.concat([Buffer.from(fixtures.addr0, 'hex'), Buffer.from(fixtures.addr1, 'hex')]);
    expect(splitMessages(two).map((m) => decodeAddress(m).address)).toEqual(['127.0.0.1/8', '10.0.0.1/24']);
    expect(splitMessages(two, two.length - 3)).toHaveLength(1);
  });

  it('reads netconf events: forwarding of the "all" entry, "default" and a device, per family', () => {
    const on = one(fixtures.netconfV4AllOn);
    expect(on.type).toBe(c.RTM_NEWNETCONF);
    expect(decodeNetconf(on)).toEqual({ family: 4, ifindex: c.NETCONFA_IFINDEX_ALL, forwarding: true });
    expect(decodeNetconf(one(fixtures.netconfV4AllOff))).toEqual({ family: 4, ifindex: c.NETCONFA_IFINDEX_ALL, forwarding: false });
    // the question for the "all" entry: netconfmsg (family, 3 pad bytes), NETCONFA_IFINDEX = -1
    expect([...encodeAttrs(getNetconfRequest(6).attrs)]).toEqual([8, 0, c.NETCONFA_IFINDEX, 0, 0xff, 0xff, 0xff, 0xff]);
    expect([...getNetconfRequest(6).fixed]).toEqual([c.AF_INET6, 0, 0, 0]);
    expect([...getNetconfRequest(4).fixed]).toEqual([c.AF_INET, 0, 0, 0]);
    expect(decodeNetconf(one(fixtures.netconfV4DefaultOn))).toEqual({ family: 4, ifindex: c.NETCONFA_IFINDEX_DEFAULT, forwarding: true });
    expect(decodeNetconf(one(fixtures.netconfV4LoOn))).toEqual({ family: 4, ifindex: 1, forwarding: true });
    expect(decodeNetconf(one(fixtures.netconfV6AllOn))).toEqual({ family: 6, ifindex: c.NETCONFA_IFINDEX_ALL, forwarding: true });
  });

  it('reads a netconf event that is not about forwarding as saying nothing of it, and a dump entry with every setting', () => {
    expect(decodeNetconf(one(fixtures.netconfRpFilterAll))).toEqual({ family: 4, ifindex: c.NETCONFA_IFINDEX_ALL, forwarding: null });
    const dumped = one(fixtures.netconfDumpAll);
    expect(dumped.flags & c.NLM_F_MULTI).toBeTruthy();
    expect(decodeNetconf(dumped)).toEqual({ family: 4, ifindex: c.NETCONFA_IFINDEX_ALL, forwarding: true });
  });

  it('refuses a netconf message without its ifindex, naming what is missing', () => {
    expect(() => decodeNetconf(one('1c000000500000000000000000000000020000000800020001000000'))).toThrow(/without NETCONFA_IFINDEX/);
    expect(() => decodeNetconf(one('1200000050000000000000000000000002000000'))).toThrow(/too short/);
  });
});

describe('encoding and decoding round trips', () => {
  it('nests attributes with 4-byte padding and reads them back', () => {
    const bytes = encodeAttrs([str(c.IFLA_IFNAME, 'abcde'), nest(c.IFLA_LINKINFO, [str(c.IFLA_INFO_KIND, 'veth')]), u32(c.IFLA_MTU, 9000), be16(7, 4789)]);
    // "abcde\0" is 6 bytes: 4 + 6 = 10, padded to 12.
    expect(bytes.readUInt16LE(0)).toBe(10);
    const a = parseAttrs(bytes);
    expect(readString(a.get(c.IFLA_IFNAME))).toBe('abcde');
    expect(readString(parseAttrs(a.get(c.IFLA_LINKINFO)!).get(c.IFLA_INFO_KIND))).toBe('veth');
    expect(readU32(a.get(c.IFLA_MTU))).toBe(9000);
    expect(readBe16(a.get(7))).toBe(4789);
  });

  it('encodes a link request whose header length covers every attribute', () => {
    const m = encodeMessage(c.RTM_NEWLINK, c.NLM_F_REQUEST | c.NLM_F_ACK, 9, ifinfomsg({ index: 5, flags: c.IFF_UP, change: c.IFF_UP }), [str(c.IFLA_IFNAME, 'v0')]);
    expect(m.readUInt32LE(0)).toBe(m.length);
    const back = splitMessages(m)[0]!;
    expect(back).toMatchObject({ type: c.RTM_NEWLINK, seq: 9 });
    expect(decodeLink(back)).toMatchObject({ ifindex: 5, name: 'v0', up: true });
  });

  it('encodes an address request both ways round (v4 and v6)', () => {
    for (const cidr of ['192.0.2.7/24', 'fd00::7/64']) {
      const { fixed, attrs } = addressRequest(cidr, 3);
      expect(decodeAddress(splitMessages(encodeMessage(c.RTM_NEWADDR, 0, 1, fixed, attrs))[0]!)).toMatchObject({ ifindex: 3, address: cidr });
    }
  });

  it('encodes routes as ip route add does: network address, scope link without a gateway', () => {
    const dev = routeRequest({ destination: '198.51.100.9/24', ifindex: 4, metric: 7 });
    expect(decodeRoute(splitMessages(encodeMessage(c.RTM_NEWROUTE, 0, 1, dev.fixed, dev.attrs))[0]!)).toMatchObject({ destination: '198.51.100.0/24', ifindex: 4, metric: 7, scope: 'link', protocol: 'boot', table: 254 });
    const def = routeRequest({ destination: 'default', gateway: 'fe80::1', ifindex: 2 });
    expect(decodeRoute(splitMessages(encodeMessage(c.RTM_NEWROUTE, 0, 1, def.fixed, def.attrs))[0]!)).toMatchObject({ family: 6, destination: 'default', gateway: 'fe80::1', scope: 'global' });
    expect(() => routeRequest({ destination: '10.0.0.0/8', gateway: 'fe80::1' })).toThrow('family');
    // A table above 255 travels in RTA_TABLE, the header's byte says 0.
    const big = routeRequest({ destination: '203.0.113.0/24', ifindex: 4, table: 1000 });
    expect(decodeRoute(splitMessages(encodeMessage(c.RTM_NEWROUTE, 0, 1, big.fixed, big.attrs))[0]!)).toMatchObject({ table: 1000, destination: '203.0.113.0/24' });
  });

  it("decodes a point-to-point address as ip shows it: IFA_LOCAL, whatever the order; IFA_FLAGS over the header's byte", () => {
    const peer = parseIp('10.8.0.1')!.bytes;
    const local = parseIp('10.8.0.2')!.bytes;
    const flags = Buffer.alloc(4);
    flags.writeUInt32LE(0x300, 0); // IFA_F_NOPREFIXROUTE | IFA_F_MANAGETEMPADDR: beyond the 8-bit field
    for (const order of [[c.IFA_ADDRESS, c.IFA_LOCAL], [c.IFA_LOCAL, c.IFA_ADDRESS]]) {
      const attrs = order.map((type) => ({ type, value: type === c.IFA_LOCAL ? local : peer }));
      const m = splitMessages(encodeMessage(c.RTM_NEWADDR, 0, 1, ifaddrmsg(c.AF_INET, 32, 7), [...attrs, { type: c.IFA_FLAGS, value: flags }]))[0]!;
      expect(decodeAddress(m)).toMatchObject({ family: 4, ifindex: 7, address: '10.8.0.2/32', flags: 0x300 });
    }
    const onlyPeer = splitMessages(encodeMessage(c.RTM_NEWADDR, 0, 1, ifaddrmsg(c.AF_INET6, 64, 7), [{ type: c.IFA_ADDRESS, value: parseIp('fd00::9')!.bytes }]))[0]!;
    expect(decodeAddress(onlyPeer)).toMatchObject({ family: 6, address: 'fd00::9/64', flags: 0 });
  });

  it('encodes RTM_NEWNSID with the fd and -1 (let the kernel choose)', () => {
    const { fixed, attrs } = newNsid(12);
    const m = splitMessages(encodeMessage(c.RTM_NEWNSID, 0, 1, fixed, attrs))[0]!;
    const a = parseAttrs(m.payload, 4);
    expect(a.get(c.NETNSA_FD)!.readInt32LE(0)).toBe(12);
    expect(decodeNsid(m)).toBeNull();
  });

  it('encodes dump filters with the one u32/s32 helper pair: link mask and target nsid, address target nsid', () => {
    const link = getLinkRequest(7);
    const la = parseAttrs(splitMessages(encodeMessage(c.RTM_GETLINK, 0, 1, link.fixed, link.attrs))[0]!.payload, 16);
    expect(readU32(la.get(c.IFLA_EXT_MASK))).toBe(c.RTEXT_FILTER_VF | c.RTEXT_FILTER_SKIP_STATS);
    expect(la.get(c.IFLA_TARGET_NETNSID)!.readInt32LE(0)).toBe(7);
    const addr = getAddressRequest(3);
    const aa = parseAttrs(splitMessages(encodeMessage(c.RTM_GETADDR, 0, 1, addr.fixed, addr.attrs))[0]!.payload, 8);
    expect(aa.get(c.IFA_TARGET_NETNSID)!.readInt32LE(0)).toBe(3);
  });

  it('formats hardware addresses as ip does', () => {
    expect(formatMac(Buffer.from([2, 0, 0xab, 0, 0, 1]))).toBe('02:00:ab:00:00:01');
  });
});
