// The guard's decision, without a kernel: which calls in the core's own namespace ask first.
import { describe, expect, it } from 'vitest';
import type { Link, Route } from '../../../shared/model';
import { assessRisk, canonicalIp } from './risk';

const link = (ifindex: number, name: string, addresses: string[], extra: Partial<Link> = {}): Link => ({
  ifindex, name, kind: null, up: true, operstate: 'up', carrier: true, mtu: 1500, mac: null, master: null, parent: null, peer: null, addresses, ...extra,
});
const route = (family: 4 | 6, destination: string, ifindex: number, gateway: string | null = null): Route => ({
  family, destination, gateway, ifindex, dev: null, table: 254, protocol: 'boot', scope: 'universe', type: 'unicast', metric: null, prefsrc: null,
});

const links = [
  link(1, 'lo', ['127.0.0.1/8', '::1/128'], { kind: 'loopback' }),
  link(2, 'eth0', ['192.0.2.10/24', '2001:db8::10/64']),
  link(3, 'eth1', ['198.51.100.5/24']),
  link(4, 'dummy0', ['203.0.113.1/24']),
];
const routes = [route(4, 'default', 2, '192.0.2.1'), route(6, 'default', 2, '2001:db8::1'), route(4, '192.0.2.0/24', 2)];

describe('the guard decides', () => {
  it('that taking down the default-route interface asks, naming it and the risk', () => {
    const r = assessRisk({ method: 'link.set', input: { link: 'eth0', up: false } }, links, routes);
    expect(r).toMatchObject({ ifindex: 2, link: 'eth0', field: 'input.up', canRollBack: true });
    expect(r!.sentence).toBe('eth0 carries the default routes (IPv4 and IPv6); taking it down may cut this machine off the network and end this session');
  });

  it('that the interface is found by index too, and an IPv4-only default is "the default route"', () => {
    const r = assessRisk({ method: 'link.set', input: { link: 2, up: false } }, links, routes.filter((x) => x.family === 4));
    expect(r!.sentence).toMatch(/^eth0 carries the default route; taking it down/);
  });

  it('that bringing it up, or changing its MTU, does not ask', () => {
    expect(assessRisk({ method: 'link.set', input: { link: 'eth0', up: true } }, links, routes)).toBe(null);
    expect(assessRisk({ method: 'link.set', input: { link: 'eth0' } }, links, routes)).toBe(null);
  });

  it('that other interfaces do not ask, unless the page is served over them', () => {
    expect(assessRisk({ method: 'link.set', input: { link: 'eth1', up: false } }, links, routes)).toBe(null);
    const r = assessRisk({ method: 'link.set', input: { link: 'eth1', up: false } }, links, routes, '198.51.100.5');
    expect(r!.sentence).toBe("eth1 carries this page's connection (198.51.100.5); taking it down may cut this machine off the network and end this session");
  });

  it('that a page served over loopback (ssh -L) protects lo, and an IPv4-mapped address is its IPv4 one', () => {
    expect(assessRisk({ method: 'link.set', input: { link: 'lo', up: false } }, links, routes, '127.0.0.1')?.link).toBe('lo');
    expect(assessRisk({ method: 'link.set', input: { link: 'eth1', up: false } }, links, routes, '::ffff:198.51.100.5')?.link).toBe('eth1');
    expect(canonicalIp('2001:DB8:0:0::10')).toBe('2001:db8::10');
  });

  it('that both reasons are named when one interface has both', () => {
    const r = assessRisk({ method: 'link.move', input: { link: 'eth0', to: 'blue' } }, links, routes.slice(0, 1), '192.0.2.10');
    expect(r).toMatchObject({ field: 'input.to', canRollBack: true });
    expect(r!.sentence).toBe("eth0 carries the default route and this page's connection (192.0.2.10); moving it to another namespace may cut this machine off the network and end this session");
  });

  it('that deleting asks and says it cannot be rolled back', () => {
    const r = assessRisk({ method: 'link.delete', input: { link: 'eth0' } }, links, routes);
    expect(r).toMatchObject({ field: 'input.link', canRollBack: false });
    expect(r!.sentence).toContain('deleting it (this cannot be rolled back)');
  });

  it('that removing an address of the default-route interface asks; one it does not have does not', () => {
    const r = assessRisk({ method: 'address.delete', input: { link: 'eth0', address: '192.0.2.10/24' } }, links, routes);
    expect(r).toMatchObject({ field: 'input.address' });
    expect(r!.sentence).toContain('removing 192.0.2.10/24 from it');
    expect(assessRisk({ method: 'address.delete', input: { link: 'eth0', address: '192.0.2.99/24' } }, links, routes)).toBe(null);
    expect(assessRisk({ method: 'address.delete', input: { link: 'dummy0', address: '203.0.113.1/24' } }, links, routes)).toBe(null);
  });

  it('that an interface that is not there is left to the call itself (it fails with not-found)', () => {
    expect(assessRisk({ method: 'link.set', input: { link: 'nope', up: false } }, links, routes)).toBe(null);
  });
});
