// What the guard records and the steps that bring it back, without a kernel.
import { describe, expect, it } from 'vitest';
import type { Link, Route } from '../../../shared/model';
import { captureState, describeSteps, restoreSteps } from './restore';

const link = (ifindex: number, up: boolean, addresses: string[]): Link => ({
  ifindex, name: 'eth0', kind: null, up, operstate: up ? 'up' : 'down', carrier: up, mtu: 1500, mac: null, master: null, parent: null, peer: null, addresses,
});
const route = (family: 4 | 6, destination: string, ifindex: number, gateway: string | null, protocol = 'boot', metric: number | null = null): Route => ({
  family, destination, gateway, ifindex, dev: 'eth0', table: 254, protocol, scope: 'universe', type: 'unicast', metric, prefsrc: null,
});

const before = link(2, true, ['192.0.2.10/24', '2001:db8::10/64', 'fe80::1234/64']);
const routes = [
  route(4, 'default', 2, '192.0.2.1'),
  route(6, 'default', 2, '2001:db8::1', 'boot', 1024),
  route(4, '192.0.2.0/24', 2, null, 'kernel'),
  route(4, '10.9.0.0/16', 2, '192.0.2.1', 'static', 20),
  route(4, '10.8.0.0/16', 3, '198.51.100.1'), // another interface
];

describe('the guard restores', () => {
  it('records the link, its addresses, and only the routes through it that the kernel does not make', () => {
    const prev = captureState(before, routes);
    expect(prev).toMatchObject({ ifindex: 2, name: 'eth0', up: true, addresses: before.addresses });
    expect(prev.routes.map((r) => r.destination)).toEqual(['default', 'default', '10.9.0.0/16']);
  });

  it('after a down: up, then the addresses the kernel dropped (not link-local), then every route', () => {
    const prev = captureState(before, routes);
    const steps = restoreSteps(prev, link(2, false, ['192.0.2.10/24']), []);
    expect(steps).toEqual([
      { kind: 'up' },
      { kind: 'address', cidr: '2001:db8::10/64' },
      { kind: 'route', destination: 'default', gateway: '192.0.2.1' },
      { kind: 'route', destination: '::/0', gateway: '2001:db8::1', metric: 1024 },
      { kind: 'route', destination: '10.9.0.0/16', gateway: '192.0.2.1', metric: 20 },
    ]);
    expect(describeSteps('eth0', steps, false)).toBe('eth0 up again, 1 address and 3 routes restored');
  });

  it('after a move back the link has a new index: what it has there counts', () => {
    const prev = captureState(before, routes);
    const back = link(7, false, []);
    const kept = [{ ...route(4, 'default', 7, '192.0.2.1') }];
    const steps = restoreSteps(prev, back, kept);
    expect(steps.filter((s) => s.kind === 'route')).toHaveLength(2);
    expect(steps.filter((s) => s.kind === 'address')).toHaveLength(2);
    expect(describeSteps('eth0', steps, true)).toBe('eth0 moved back, up again, 2 addresses and 2 routes restored');
  });

  it('nothing when nothing is missing', () => {
    const prev = captureState(before, routes);
    expect(restoreSteps(prev, before, routes)).toEqual([]);
    expect(describeSteps('eth0', [], false)).toBe('eth0 needed nothing restored');
  });
});
