import { describe, expect, it } from 'vitest';
import { buildGraph, graphStats, overviewEdges, searchGraph } from './graph';
import { fromSnapshot, applyEvent, namespaceLabel } from '../model/topology-state';
import { link, namespace } from './fixtures';

const world = () =>
  fromSnapshot({
    takenAt: 1,
    namespaces: [
      namespace('1', [], [link(1, 'lo', { kind: 'loopback' }), link(2, 'eth0', { addresses: ['192.168.1.5/24'] })], { current: true }),
      namespace('2', ['blue'], [
        link(5, 'v0', { kind: 'veth', peer: { namespace: '3', ifindex: 9 }, master: 6 }),
        link(6, 'br0', { kind: 'bridge' }),
        link(7, 'mv0', { kind: 'macvlan', parent: { namespace: '1', ifindex: 2 }, up: false }),
      ]),
      namespace('3', [], [link(9, 'v1', { kind: 'veth', peer: { namespace: '2', ifindex: 5 } })], {
        pids: [812], processes: [{ pid: 812, command: 'nginx' }],
      }),
    ],
  });

describe('buildGraph', () => {
  it('draws one edge per veth pair, bridge ports to their bridge and a macvlan to its parent', () => {
    const g = buildGraph(world());
    expect(g.edges.map((e) => `${e.kind} ${e.source} ${e.target}`).sort()).toEqual([
      'parent if:2:7 if:1:2',
      'port if:2:5 if:2:6',
      'veth if:2:5 if:3:9',
    ]);
  });
  it('names the namespaces as host, by name and by their main process', () => {
    expect(buildGraph(world()).groups.map((g) => g.label)).toEqual(['host', 'blue', 'pid 812 · nginx']);
    expect(namespaceLabel(namespace('9', [], []))).toBe('namespace 9');
  });
  it('draws a collapsed namespace alone and reroutes its edges to it', () => {
    const g = buildGraph(world(), { collapsed: new Set(['3']) });
    expect(g.interfaces.some((n) => n.nsId === '3')).toBe(false);
    expect(g.edges.find((e) => e.kind === 'veth')).toMatchObject({ source: 'if:2:5', target: 'ns:3' });
  });
  it('filters by kind and by state and drops edges to what is hidden', () => {
    const g = buildGraph(world(), { hiddenKinds: new Set(['bridge']), state: 'up' });
    expect(g.interfaces.map((n) => n.link.name).sort()).toEqual(['eth0', 'lo', 'v0', 'v1']);
    expect(g.edges.map((e) => e.kind)).toEqual(['veth']);
  });
  it('finds interfaces by address and namespaces by process', () => {
    const s = world();
    expect(searchGraph(s.namespaces.values(), '192.168.1')).toEqual(['if:1:2']);
    expect(searchGraph(s.namespaces.values(), 'nginx')).toEqual(['ns:3']);
  });
});

describe('owners', () => {
  const ID = '1f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778';
  const docker = (name: string | null) => ({ kind: 'docker' as const, name, id: ID, detail: (name ? { image: 'nginx:1.27' } : {}) as Record<string, string>, source: 'cgroup' });
  it('labels a container\'s namespace by its owner, a named one by name and kind, an unknown one by process', () => {
    expect(namespaceLabel(namespace('4', [], [], { pids: [5], owner: docker('web-1') }))).toBe('web-1 · docker');
    expect(namespaceLabel(namespace('4', [], [], { pids: [5], owner: docker(null) }))).toBe('1f2e3d4c5b6a · docker');
    expect(namespaceLabel(namespace('4', ['blue'], [], { owner: docker('web-1') }))).toBe('blue · docker');
    expect(namespaceLabel(namespace('4', ['blue'], [], { owner: { kind: 'netns', name: 'blue', id: null, detail: {}, source: 'ip netns' } }))).toBe('blue');
    const unknown = { kind: 'unknown' as const, name: null, id: null, detail: {}, source: 'none' };
    expect(namespaceLabel(namespace('4', [], [], { pids: [5], processes: [{ pid: 5, command: 'sleep' }], owner: unknown }))).toBe('pid 5 · sleep');
  });
  it('finds a namespace by its owner\'s kind, name, id and image', () => {
    const ns = [namespace('4', [], [], { pids: [5], owner: docker('web-1') })];
    for (const q of ['docker', 'web-1', ID.slice(0, 12), 'nginx:1.27']) expect(searchGraph(ns, q)).toEqual(['ns:4']);
  });
  it('draws a forwarding namespace as a router, and keeps that through events that do not say', () => {
    const s = fromSnapshot({ takenAt: 1, namespaces: [namespace('4', ['r1'], [], { forwarding: { ipv4: true, ipv6: false } }), namespace('5', ['h1'], [], { forwarding: { ipv4: false, ipv6: false } })] });
    expect(buildGraph(s).groups.map((g) => [g.label, g.router])).toEqual([['r1', true], ['h1', false]]);
    const { state } = applyEvent(s, { event: 'namespace.changed', payload: { id: '4', names: ['r1'], pids: [9], processes: [], nsid: null, current: false } });
    expect(buildGraph(state).groups[0]!.router).toBe(true);
  });
  it('keeps an engine\'s name when an event tells the same container from /proc only', () => {
    const s = fromSnapshot({ takenAt: 1, namespaces: [namespace('4', [], [], { pids: [5], owner: docker('web-1') })] });
    const { state } = applyEvent(s, { event: 'namespace.changed', payload: { id: '4', names: [], pids: [5, 6], processes: [], nsid: null, current: false, owner: docker(null) } });
    expect(namespaceLabel(state.namespaces.get('4')!)).toBe('web-1 · docker');
  });
});

describe('applyEvent', () => {
  it('replaces only the namespace an event touches', () => {
    const before = world();
    const { state, touched } = applyEvent(before, { event: 'address.added', payload: { namespace: '3', ifindex: 9, address: '10.0.0.2/24' } });
    expect(state.namespaces.get('3')!.links[0]!.addresses).toEqual(['10.0.0.2/24']);
    expect(state.namespaces.get('2')).toBe(before.namespaces.get('2'));
    expect(touched).toEqual(['if:3:9']);
  });
  it('removes a vanished namespace; events for unknown ones change no namespace (they wait for it)', () => {
    const { state } = applyEvent(world(), { event: 'namespace.removed', payload: { id: '3', names: [] } });
    expect([...state.namespaces.keys()]).toEqual(['1', '2']);
    const same = applyEvent(state, { event: 'link.removed', payload: { namespace: '42', ifindex: 1, name: 'x' } });
    expect(same.state.namespaces).toBe(state.namespaces);
    expect(same.touched).toEqual([]);
  });
  it('adds a new link, then updates it in place by ifindex', () => {
    let s = applyEvent(world(), { event: 'link.changed', payload: { namespace: 'blue', link: link(11, 'v9') } }).state;
    s = applyEvent(s, { event: 'link.changed', payload: { namespace: '2', link: link(11, 'renamed', { up: false }) } }).state;
    const blue = s.namespaces.get('2')!;
    expect(blue.links.map((l) => l.name)).toEqual(['v0', 'br0', 'mv0', 'renamed']);
  });
});

describe('overviewEdges', () => {
  it('joins namespaces once per pair, between their boxes, leaving out what stays inside one', () => {
    const state = applyEvent(world(), {
      event: 'link.changed',
      payload: { namespace: '2', link: link(8, 'v2', { kind: 'veth', peer: { namespace: '3', ifindex: 10 } }) },
    }).state;
    const withSecondPair = applyEvent(state, {
      event: 'link.changed',
      payload: { namespace: '3', link: link(10, 'v3', { kind: 'veth', peer: { namespace: '2', ifindex: 8 } }) },
    }).state;
    const g = buildGraph(withSecondPair);
    expect(g.edges.filter((e) => e.kind === 'veth')).toHaveLength(2);
    expect(overviewEdges(g).map((e) => `${e.kind} ${e.source} ${e.target}`).sort()).toEqual(['parent ns:1 ns:2', 'veth ns:2 ns:3']);
  });
});

describe('crowded namespaces', () => {
  // A container host: 50 veth ends on the host, each peer alone in its own namespace; a bridge.
  const host = () =>
    fromSnapshot({
      takenAt: 1,
      namespaces: [
        namespace('1', [], [
          link(1, 'lo', { kind: 'loopback' }),
          link(2, 'br0', { kind: 'bridge' }),
          ...Array.from({ length: 50 }, (_, i) => link(10 + i, `veth${i}`, { kind: 'veth', master: 2, peer: { namespace: String(100 + i), ifindex: 1 } })),
        ], { current: true }),
        ...Array.from({ length: 50 }, (_, i) => namespace(String(100 + i), [`c${i}`], [link(1, 'eth0', { kind: 'veth', peer: { namespace: '1', ifindex: 10 + i } })])),
      ],
    });
  it('draws 50 veth ends as one box "50 veth → 50 namespaces", wires ending at it, small kinds one by one', () => {
    const g = buildGraph(host(), { hiddenKinds: new Set(['loopback']) });
    expect(g.summaries).toEqual([{ key: 'sum:1:veth', group: 'ns:1', nsId: '1', kind: 'veth', count: 50, upCount: 50, peerNamespaces: 50 }]);
    expect(g.interfaces.filter((n) => n.nsId === '1').map((n) => n.link.name)).toEqual(['br0']);
    expect(g.edges.filter((e) => e.kind === 'veth').every((e) => e.target === 'sum:1:veth' || e.source === 'sum:1:veth')).toBe(true);
    expect(g.edges.filter((e) => e.kind === 'port')).toEqual([{ key: 'port:if:1:10~if:1:2', kind: 'port', source: 'sum:1:veth', target: 'if:1:2' }]);
    expect(g.groups[0]).toMatchObject({ crowded: true, expanded: false });
  });
  it('draws every interface of a crowded namespace once it is expanded', () => {
    const g = buildGraph(host(), { hiddenKinds: new Set(['loopback']), expanded: new Set(['1']) });
    expect(g.summaries).toEqual([]);
    expect(g.interfaces.filter((n) => n.nsId === '1')).toHaveLength(51);
    expect(g.groups[0]).toMatchObject({ crowded: true, expanded: true });
  });
});

describe('one event, one namespace rebuilt', () => {
  it('hands back the same box and interface objects for every namespace the event did not touch', () => {
    const before = world();
    const g1 = buildGraph(before);
    const after = applyEvent(before, { event: 'link.changed', payload: { namespace: '2', link: link(6, 'br0', { kind: 'bridge', up: false }) } }).state;
    const g2 = buildGraph(after);
    expect(g2.groups[0]).toBe(g1.groups[0]);
    expect(g2.groups[2]).toBe(g1.groups[2]);
    expect(g2.groups[1]).not.toBe(g1.groups[1]);
    expect(g2.interfaces.find((n) => n.key === 'if:1:2')).toBe(g1.interfaces.find((n) => n.key === 'if:1:2'));
    // a new filter is a new picture
    expect(buildGraph(after, { hiddenKinds: new Set(['macvlan']) }).groups[0]).not.toBe(g2.groups[0]);
  });

  it('an interface going down or getting an address changes no wire: the same edge array, no pass over every wire', () => {
    const before = world();
    const g1 = buildGraph(before);
    const passes = graphStats.edgePasses;
    const down = applyEvent(before, { event: 'link.changed', payload: { namespace: '2', link: link(5, 'v0', { kind: 'veth', peer: { namespace: '3', ifindex: 9 }, master: 6, up: false }) } }).state;
    const g2 = buildGraph(down);
    const addr = applyEvent(down, { event: 'address.added', payload: { namespace: '3', ifindex: 9, address: '10.0.0.1/24' } }).state;
    const g3 = buildGraph(addr);
    expect(g2.edges).toBe(g1.edges);
    expect(g3.edges).toBe(g1.edges);
    expect(graphStats.edgePasses).toBe(passes);
    // the interface itself is new; another namespace's node, and a neighbour's link, are not
    expect(g2.interfaces.find((n) => n.key === 'if:2:5')!.link.up).toBe(false);
    expect(g2.interfaces.find((n) => n.key === 'if:3:9')).toBe(g1.interfaces.find((n) => n.key === 'if:3:9'));
    expect(g2.interfaces.find((n) => n.key === 'if:2:6')!.link).toBe(g1.interfaces.find((n) => n.key === 'if:2:6')!.link);
  });

  it('builds the edges again when a wire changes', () => {
    const before = world();
    const g1 = buildGraph(before);
    const released = applyEvent(before, { event: 'link.changed', payload: { namespace: '2', link: link(5, 'v0', { kind: 'veth', peer: { namespace: '3', ifindex: 9 } }) } }).state;
    const g2 = buildGraph(released);
    expect(g2.edges).not.toBe(g1.edges);
    expect(g2.edges.map((e) => e.key).sort()).toEqual(['parent:if:2:7~if:1:2', 'veth:if:2:5~if:3:9']);
    // and back: the same wires as at first, the same edges
    expect(buildGraph(before).edges.map((e) => e.key)).toEqual(g1.edges.map((e) => e.key));
  });
});
