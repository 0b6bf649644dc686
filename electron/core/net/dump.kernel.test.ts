import { afterAll, describe, expect, it } from 'vitest';
import { addAddress, deleteAddress } from './addresses';
import { dumpAll } from './dump';
import { addVeth, setLink } from './links';
import { nsidOf } from './nsid';
import { addRoute, deleteRoute } from './routes';
import { closeSync, openSync } from 'node:fs';
import * as c from '../netlink/constants';
import { decodeNsid, getNsidByFd } from '../netlink/nsid';
import { RouteSocket } from '../netlink/socket';
import { methods } from '../../../shared/contract';
import { StudioError, toErrorInfo } from '../../../shared/result';
import { cleanup, freshNamespace, inSandbox, ip, ipRefusal, ipJson, ipLinks, ownNamespace } from './test/kernel-fixture';

interface IpRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  metric?: number;
  protocol?: string;
  scope?: string;
}

describe.skipIf(!inSandbox)('addresses, routes and dumpAll against the real kernel', () => {
  afterAll(cleanup);

  it('adds and deletes IPv4 and IPv6 addresses as ip addr shows them', () => {
    const a = freshNamespace('ad');
    addVeth(a, 'a0', a, 'a1');
    addAddress(a, 'a0', '10.1.0.1/24');
    addAddress(a, 'a0', '2001:db8::1/64');
    const seen = ipLinks(a.name).find((l) => l.ifname === 'a0')!.addr_info!.map((x) => `${x.local}/${x.prefixlen}`);
    expect(seen).toEqual(expect.arrayContaining(['10.1.0.1/24', '2001:db8::1/64']));
    expect(() => addAddress(a, 'a0', '10.1.0.1/24')).toThrow(`address 10.1.0.1/24 is already on a0 in namespace ${a.name}`);
    deleteAddress(a, 'a0', '10.1.0.1/24');
    const after = ipLinks(a.name).find((l) => l.ifname === 'a0')!.addr_info!.map((x) => x.local);
    expect(after).not.toContain('10.1.0.1');
    expect(() => deleteAddress(a, 'a0', '10.1.0.1/24')).toThrow(`address 10.1.0.1/24 is not on a0 in namespace ${a.name}`);
  });

  it('adds and deletes a default route via a gateway and a metric route on a device', () => {
    const a = freshNamespace('rt');
    addVeth(a, 'r0', a, 'r1');
    setLink(a, 'r0', { up: true });
    setLink(a, 'r1', { up: true });
    addAddress(a, 'r0', '10.2.0.1/24');
    addRoute(a, { destination: 'default', gateway: '10.2.0.254' });
    addRoute(a, { destination: '198.51.100.0/24', link: 'r0', metric: 50 });
    const routes = ipJson<IpRoute[]>('-n', a.name, 'route', 'show');
    expect(routes).toContainEqual(expect.objectContaining({ dst: 'default', gateway: '10.2.0.254', dev: 'r0' }));
    expect(routes).toContainEqual(expect.objectContaining({ dst: '198.51.100.0/24', dev: 'r0', metric: 50 }));
    expect(() => addRoute(a, { destination: 'default', gateway: '10.2.0.254' })).toThrow(`a default route already exists in namespace ${a.name}`);
    expect(() => addRoute(a, { destination: '203.0.113.0/24', gateway: '192.0.2.9' })).toThrow('cannot be reached');
    deleteRoute(a, { destination: 'default' });
    deleteRoute(a, { destination: '198.51.100.0/24', link: 'r0', metric: 50 });
    const after = ipJson<IpRoute[]>('-n', a.name, 'route', 'show');
    expect(after.some((r) => r.dst === 'default' || r.dst === '198.51.100.0/24')).toBe(false);
    expect(() => deleteRoute(a, { destination: 'default' })).toThrow(`there is no default route like that in namespace ${a.name}`);
  });

  it('refuses an IPv6 gateway on an IPv4 route as invalid input on the gateway, as ip route add does, and adds nothing', () => {
    const a = freshNamespace('gw');
    addVeth(a, 'g0', a, 'g1');
    setLink(a, 'g0', { up: true });
    addAddress(a, 'g0', 'fd00::2/64');
    const before = ipJson<IpRoute[]>('-n', a.name, 'route', 'show');
    // iproute2 refuses it ("inet address is expected rather than ...")...
    expect(ipRefusal('-n', a.name, 'route', 'add', '10.9.0.0/24', 'via', 'fd00::1', 'dev', 'g0')).toMatch(/inet address is expected/);
    // ...and so do the core and the contract, naming the field.
    let err: unknown;
    try {
      addRoute(a, { destination: '10.9.0.0/24', gateway: 'fd00::1', link: 'g0' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StudioError);
    expect(toErrorInfo(err)).toMatchObject({ code: 'invalid-input', field: 'gateway', message: expect.stringContaining('fd00::1 is IPv6') });
    expect(() => deleteRoute(a, { destination: '10.9.0.0/24', gateway: 'fd00::1' })).toThrow(StudioError);
    const refused = methods['route.add'].input.safeParse({ namespace: a.name, destination: '10.9.0.0/24', gateway: 'fd00::1' });
    expect(refused.success ? null : refused.error.issues[0]?.path).toEqual(['gateway']);
    expect(ipJson<IpRoute[]>('-n', a.name, 'route', 'show')).toEqual(before);
  });

  it('adds and deletes an IPv6 default route via a gateway on the link', () => {
    const a = freshNamespace('r6');
    addVeth(a, 's0', a, 's1');
    setLink(a, 's0', { up: true });
    setLink(a, 's1', { up: true });
    addAddress(a, 's0', '2001:db8:5::1/64');
    addRoute(a, { destination: 'default', gateway: '2001:db8:5::fe', link: 's0' });
    expect(ipJson<IpRoute[]>('-n', a.name, '-6', 'route', 'show')).toContainEqual(expect.objectContaining({ dst: 'default', gateway: '2001:db8:5::fe', dev: 's0' }));
    const d = dumpAll([a])[0]!;
    expect(d.routes).toContainEqual(expect.objectContaining({ family: 6, destination: 'default', gateway: '2001:db8:5::fe', dev: 's0' }));
    deleteRoute(a, { destination: 'default', gateway: '2001:db8:5::fe' });
    expect(ipJson<IpRoute[]>('-n', a.name, '-6', 'route', 'show').some((r) => r.dst === 'default')).toBe(false);
  });

  it('dumps many namespaces at once with veth peers resolved across namespaces, as ip reports them', () => {
    const own = ownNamespace();
    const spokes = [freshNamespace('d'), freshNamespace('d'), freshNamespace('d')];
    spokes.forEach((s, i) => {
      ip('link', 'add', `hub${process.pid % 1000}x${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', s.name);
      ip('-n', s.name, 'addr', 'add', `10.9.${i}.2/24`, 'dev', 'eth0');
      ip('-n', s.name, 'link', 'set', 'eth0', 'up');
      ip('-n', s.name, 'route', 'add', 'default', 'via', `10.9.${i}.1`);
    });
    const dumps = dumpAll([own, ...spokes]);
    const ownDump = dumps[0]!;
    spokes.forEach((s, i) => {
      const d = dumps[i + 1]!;
      expect(d.id).toBe(s.id);
      const fromIp = ipLinks(s.name);
      expect(d.links.map((l) => [l.ifindex, l.name, l.mtu, l.mac]).sort()).toEqual(fromIp.map((l) => [l.ifindex, l.ifname, l.mtu, l.address ?? null]).sort());
      const eth0 = d.links.find((l) => l.name === 'eth0')!;
      expect(eth0.addresses).toContain(`10.9.${i}.2/24`);
      expect(eth0.up).toBe(true);
      const hub = ownDump.links.find((l) => l.name === `hub${process.pid % 1000}x${i}`)!;
      expect(eth0.peer).toEqual({ namespace: own.id, ifindex: hub.ifindex });
      expect(hub.peer).toEqual({ namespace: s.id, ifindex: eth0.ifindex });
      expect(d.routes).toContainEqual(expect.objectContaining({ destination: 'default', gateway: `10.9.${i}.1`, dev: 'eth0', family: 4, table: 254 }));
      expect(d.routes).toContainEqual(expect.objectContaining({ destination: `10.9.${i}.0/24`, dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: `10.9.${i}.2` }));
      expect(d.nsid).toBe(nsidOf(null, s));
      // ip netns list shows the same nsid the dump reports.
      expect(ip('netns', 'list')).toContain(`${s.name} (id: ${d.nsid})`);
    });
  });

  it("resolves a macvlan's parent in the core's namespace, which no veth vouches for", () => {
    const own = ownNamespace();
    const a = freshNamespace('mp');
    const parent = `mvp${process.pid % 1000}`;
    ip('link', 'add', parent, 'type', 'veth', 'peer', 'name', `${parent}b`);
    ip('link', 'add', 'mv0', 'link', parent, 'type', 'macvlan', 'mode', 'bridge');
    ip('link', 'set', 'mv0', 'netns', a.name);
    const [dOwn, da] = dumpAll([own, a]);
    const mv = da!.links.find((l) => l.name === 'mv0')!;
    expect(mv.parent).toEqual({ namespace: own.id, ifindex: dOwn!.links.find((l) => l.name === parent)!.ifindex });
    expect(ipLinks(a.name).find((l) => l.ifname === 'mv0')!.link_index).toBe(mv.parent!.ifindex);
    ip('link', 'del', parent);
  });

  it('asks the kernel for many nsids in one datagram, each answered in order', () => {
    const spokes = [freshNamespace('g'), freshNamespace('g'), freshNamespace('g')];
    for (const s of spokes) nsidOf(null, s, true);
    const sock = new RouteSocket();
    try {
      const got = sock.getMany('nsid.get', c.RTM_GETNSID, [...spokes, spokes[0]!].map((s) => getNsidByFd(s.fd)), decodeNsid);
      expect(got).toEqual([...spokes, spokes[0]!].map((s) => nsidOf(null, s)));
      expect(new Set(got).size).toBe(3);
      // An fd that is no namespace: the kernel refuses that one, with its reason.
      const notNs = openSync('/dev/null', 'r');
      try {
        expect(() => sock.getMany('nsid.get', c.RTM_GETNSID, [getNsidByFd(spokes[0]!.fd), getNsidByFd(notNs)], decodeNsid)).toThrow(/^nsid\.get \(kernel: Peer netns reference is invalid\.?\): .+ \(EINVAL\)$/);
      } finally {
        closeSync(notNs);
      }
      // The socket still answers afterwards: nothing of the refused batch is left to confuse it.
      expect(sock.getMany('nsid.get', c.RTM_GETNSID, [getNsidByFd(spokes[1]!.fd)], decodeNsid)).toEqual([nsidOf(null, spokes[1]!)]);
    } finally {
      sock.close();
    }
  });

  it("resolves a veth peer between two namespaces that are neither the core's own", () => {
    const own = ownNamespace();
    const a = freshNamespace('pa');
    const b = freshNamespace('pb');
    ip('-n', a.name, 'link', 'add', 'left', 'type', 'veth', 'peer', 'name', 'right', 'netns', b.name);
    const [, da, db] = dumpAll([own, a, b]);
    const left = da!.links.find((l) => l.name === 'left')!;
    const right = db!.links.find((l) => l.name === 'right')!;
    expect(left.peer).toEqual({ namespace: b.id, ifindex: ipLinks(b.name).find((l) => l.ifname === 'right')!.ifindex });
    expect(right.peer).toEqual({ namespace: a.id, ifindex: left.ifindex });
  });
});
