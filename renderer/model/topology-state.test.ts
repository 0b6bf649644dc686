import { describe, expect, it } from 'vitest';
import { applyEvents, fromSnapshot, linkKey, type TopologyEvent, type TopologyState } from './topology-state';
import type { NamespaceSummary, Route } from '../../shared/model';
import { link, namespace } from '../topology/fixtures';

const world = () => fromSnapshot({ takenAt: 1, namespaces: [namespace('2', ['blue'], [link(1, 'lo', { kind: 'loopback' })])] }, 100);
const changed = (ifindex: number, name: string): TopologyEvent => ({ event: 'link.changed', payload: { namespace: '2', link: link(ifindex, name) } });

describe('applyEvents', () => {
  it('applies a batch in order and answers every key it touched, without changing the state it was given', () => {
    const before = world();
    const a = applyEvents(before, [{ e: changed(5, 'v0'), seq: 101 }, { e: changed(6, 'v1'), seq: 102 }, { e: changed(5, 'v0-renamed'), seq: 103 }]);
    expect(a.state.namespaces.get('2')!.links.map((l) => l.name)).toEqual(['lo', 'v0-renamed', 'v1']);
    expect(a.touched).toEqual([linkKey('2', 5), linkKey('2', 6), linkKey('2', 5)]);
    expect(before.namespaces.get('2')!.links.map((l) => l.name)).toEqual(['lo']);
  });
  it('copies the map of namespaces once for a batch, and never changes the state it was given or one it answered before', () => {
    const before = fromSnapshot({ takenAt: 1, namespaces: Array.from({ length: 50 }, (_, i) => namespace(String(i), [`n${i}`], [link(1, 'lo', { kind: 'loopback' })])) }, 100);
    const events = Array.from({ length: 50 }, (_, i) => ({ e: { event: 'link.changed', payload: { namespace: String(i), link: link(2, `e${i}`) } } as TopologyEvent, seq: 101 + i }));
    const first = applyEvents(before, events.slice(0, 25)).state;
    const second = applyEvents(first, events.slice(25)).state;
    expect([...before.namespaces.values()].every((ns) => ns.links.length === 1)).toBe(true);
    expect([...first.namespaces.values()].map((ns) => ns.links.length)).toEqual([...Array(25).fill(2), ...Array(25).fill(1)]);
    expect([...second.namespaces.values()].every((ns) => ns.links.length === 2)).toBe(true);
    expect(new Set([before.namespaces, first.namespaces, second.namespaces]).size).toBe(3);
  });
  it('skips events that arrived before the snapshot was asked for (already in it): nothing touched, the same state', () => {
    const before = world();
    const a = applyEvents(before, [{ e: changed(5, 'v0'), seq: 99 }]);
    expect(a.state).toBe(before);
    expect(a.touched).toEqual([]);
  });
});

const route = (ifindex: number, destination: string, family: 4 | 6 = 4): Route => ({
  family, destination, gateway: null, ifindex, dev: null, table: 254, protocol: 'boot', scope: 'link', type: 'unicast', metric: null, prefsrc: null,
});
const summary = (id: string, names: string[]): NamespaceSummary => ({ id, names, pids: [], processes: [], nsid: null, current: false });
const apply = (state: TopologyState, ...events: TopologyEvent[]) => applyEvents(state, events.map((e) => ({ e, seq: 1000 }))).state;

describe('events for a namespace not held yet', () => {
  it('wait for its namespace.added, then apply in order (a snapshot asked for earlier can answer after them)', () => {
    const s = apply(
      world(),
      { event: 'link.changed', payload: { namespace: '7', link: link(1, 'lo', { kind: 'loopback' }) } },
      { event: 'link.changed', payload: { namespace: '7', link: link(2, 'e0') } },
      { event: 'route.added', payload: { namespace: '7', route: route(2, '10.0.0.0/24') } },
      { event: 'link.changed', payload: { namespace: '7', link: link(2, 'e0-renamed') } },
    );
    expect(s.namespaces.has('7')).toBe(false);
    const after = apply(s, { event: 'namespace.added', payload: summary('7', ['late']) });
    const ns = after.namespaces.get('7')!;
    expect(ns.links.map((l) => l.name)).toEqual(['lo', 'e0-renamed']);
    expect(ns.routes.map((r) => r.destination)).toEqual(['10.0.0.0/24']);
    expect(after.waiting.size).toBe(0);
  });
  it('are dropped with a namespace that is removed before it was held', () => {
    const s = apply(world(), { event: 'link.changed', payload: { namespace: '7', link: link(2, 'e0') } }, { event: 'namespace.removed', payload: { id: '7', names: [] } });
    expect(s.waiting.size).toBe(0);
  });
  it('a link.removed for a link never held changes nothing', () => {
    const before = world();
    expect(apply(before, { event: 'link.removed', payload: { namespace: '2', ifindex: 9, name: 'x' } })).toBe(before);
  });
});

describe('routes follow their link as the kernel does', () => {
  const withRoutes = () =>
    apply(
      world(),
      { event: 'link.changed', payload: { namespace: '2', link: link(5, 'v0') } },
      { event: 'route.added', payload: { namespace: '2', route: route(5, '10.0.0.0/24') } },
      { event: 'route.added', payload: { namespace: '2', route: route(5, 'fd00::/64', 6) } },
      { event: 'route.added', payload: { namespace: '2', route: route(1, '127.1.0.0/16') } },
    );
  it('a link that goes down loses its IPv4 routes (the kernel says nothing), keeps IPv6 ones (the kernel says when)', () => {
    const s = apply(withRoutes(), { event: 'link.changed', payload: { namespace: '2', link: link(5, 'v0', { up: false }) } });
    expect(s.namespaces.get('2')!.routes.map((r) => r.destination)).toEqual(['fd00::/64', '127.1.0.0/16']);
  });
  it('a link that is removed loses every route through it', () => {
    const s = apply(withRoutes(), { event: 'link.removed', payload: { namespace: '2', ifindex: 5, name: 'v0' } });
    expect(s.namespaces.get('2')!.routes.map((r) => r.destination)).toEqual(['127.1.0.0/16']);
  });
  it('a link whose last IPv4 address is removed loses its IPv4 routes (the kernel says nothing), not before', () => {
    const addr = (event: 'address.added' | 'address.removed', address: string): TopologyEvent => ({ event, payload: { namespace: '2', ifindex: 5, address } });
    const two = apply(withRoutes(), addr('address.added', '10.9.9.1/32'), addr('address.added', '10.9.8.1/24'), addr('address.added', 'fd00::1/64'));
    const one = apply(two, addr('address.removed', '10.9.9.1/32'));
    expect(one.namespaces.get('2')!.routes.map((r) => r.destination)).toEqual(['10.0.0.0/24', 'fd00::/64', '127.1.0.0/16']);
    const none = apply(one, addr('address.removed', '10.9.8.1/24'));
    expect(none.namespaces.get('2')!.routes.map((r) => r.destination)).toEqual(['fd00::/64', '127.1.0.0/16']);
  });
});
