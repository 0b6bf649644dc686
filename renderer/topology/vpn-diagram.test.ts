import { describe, expect, it } from 'vitest';
import type { VpnActive, VpnProfile } from '../../shared/vpn';
import { endpointText, failureKey, findTunnel, GAP, segmentCrosses, stateText, vpnDiagram, vpnPhase, type DrawnBox, type DrawnInterface } from './vpn-diagram';

const profile = (name: string, extra: Partial<VpnProfile> = {}): VpnProfile => ({
  uuid: `00000000-0000-0000-0000-${[...name].map((c) => c.charCodeAt(0).toString(16)).join('').padEnd(12, '0').slice(0, 12)}`,
  name, type: 'openvpn', serviceType: 'org.freedesktop.NetworkManager.openvpn', remote: '172.31.250.1', remotePort: 1194, remoteProtocol: 'udp',
  autoconnectWith: [], path: `/p/${name}`, active: null, lastError: null, ...extra,
});
const active = (extra: Partial<VpnActive> = {}): VpnActive => ({
  path: '/a/1', state: 'activated', vpnState: 'activated', reason: null, ipv4: { addresses: ['10.8.99.6/24'], gateway: null, dns: [] }, ipv6: null, banner: null, device: 'tun0', ...extra,
});

// The host at the left, NetworkManager's namespace in the middle, a server namespace at the right.
const boxes: DrawnBox[] = [
  { id: 'ns:1', nsId: '1', current: true, x: 0, y: 0, w: 300, h: 200 },
  { id: 'ns:2', nsId: '2', current: false, x: 400, y: 0, w: 300, h: 200 },
  { id: 'ns:3', nsId: '3', current: false, x: 0, y: 400, w: 300, h: 120 },
];
const ifaces: DrawnInterface[] = [
  { id: 'if:1:9', box: 'ns:1', name: 'tun0', addresses: ['10.9.0.2/24'], x: 20, y: 50, w: 196, h: 64 },
  { id: 'if:2:7', box: 'ns:2', name: 'tun0', addresses: ['10.8.99.6/24'], x: 420, y: 120, w: 196, h: 64 },
  { id: 'if:2:8', box: 'ns:2', name: 'eth0', addresses: ['172.31.250.2/24'], x: 420, y: 40, w: 196, h: 64 },
];
const rectsOverlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('vpnPhase and the words on the node', () => {
  it('says activating (and why it waits), activated with the address, failed with the reason', () => {
    expect(vpnPhase(profile('a'))).toBe('off');
    expect(stateText(profile('a', { active: active({ state: 'activating', vpnState: 'need-auth', ipv4: null, device: null }) }))).toBe('activating: needs a secret');
    expect(stateText(profile('a', { active: active({ state: 'activating', vpnState: 'connect', ipv4: null, device: null }) }))).toBe('activating…');
    expect(stateText(profile('a', { active: active() }))).toBe('activated · 10.8.99.6/24');
    expect(stateText(profile('a', { active: active({ state: 'deactivating' }) }))).toBe('disconnecting…');
    const failed = profile('a', { lastError: 'the VPN a did not come up: the login failed' });
    expect(vpnPhase(failed)).toBe('failed');
    expect(stateText(failed)).toBe('failed: the VPN a did not come up: the login failed');
    // a new attempt is no longer the old failure
    expect(vpnPhase({ ...failed, active: active({ state: 'activating' }) })).toBe('activating');
  });

  it('writes the remote as host:port protocol', () => {
    expect(endpointText(profile('a'))).toBe('172.31.250.1:1194 udp');
    expect(endpointText(profile('a', { remote: '2001:db8::1', remotePort: 443, remoteProtocol: 'tcp' }))).toBe('[2001:db8::1]:443 tcp');
    expect(endpointText(profile('w', { type: 'wireguard', serviceType: null, remote: 'wg.example:51820', remotePort: null, remoteProtocol: null }))).toBe('wg.example:51820 udp');
    expect(endpointText(profile('a', { remote: null }))).toBe('remote not known');
  });
});

describe('findTunnel', () => {
  it('takes the interface carrying the VPN address when two namespaces have a tun0', () => {
    expect(findTunnel(profile('a', { active: active() }), ifaces, boxes)?.id).toBe('if:2:7');
  });
  it('otherwise the one in the host namespace, and none before NetworkManager names a device', () => {
    expect(findTunnel(profile('a', { active: active({ ipv4: { addresses: ['10.1.1.1/24'], gateway: null, dns: [] } }) }), ifaces, boxes)?.id).toBe('if:1:9');
    expect(findTunnel(profile('a', { active: active({ device: null }) }), ifaces, boxes)).toBeNull();
    expect(findTunnel(profile('a', { active: active({ device: 'wg0' }) }), ifaces, boxes)).toBeNull();
  });
});

describe('segmentCrosses', () => {
  const r = { x: 10, y: 10, w: 10, h: 10 };
  it('tells a line through a box from one beside it', () => {
    expect(segmentCrosses({ x: 0, y: 15 }, { x: 30, y: 15 }, r)).toBe(true);
    expect(segmentCrosses({ x: 0, y: 0 }, { x: 30, y: 30 }, r)).toBe(true);
    expect(segmentCrosses({ x: 0, y: 25 }, { x: 30, y: 25 }, r)).toBe(false);
    expect(segmentCrosses({ x: 0, y: 0 }, { x: 8, y: 30 }, r)).toBe(false);
    expect(segmentCrosses({ x: 0, y: 15 }, { x: 5, y: 15 }, r)).toBe(false);
  });
});

describe('vpnDiagram', () => {
  it('draws nothing without profiles', () => {
    expect(vpnDiagram({ profiles: [], boxes, interfaces: ifaces })).toEqual({ gateways: [], profiles: null, edges: [] });
  });

  it('joins an active VPN from its tunnel to a gateway right of the box holding it, covering no box', () => {
    const d = vpnDiagram({ profiles: [profile('office', { active: active() })], boxes, interfaces: ifaces });
    expect(d.edges).toEqual([{ id: expect.stringMatching(/^vpn-edge:/), source: 'if:2:7', target: d.gateways[0]!.id, phase: 'activated' }]);
    const g = d.gateways[0]!;
    expect(g.data).toMatchObject({ phase: 'activated', stateText: 'activated · 10.8.99.6/24', endpoint: '172.31.250.1:1194 udp', tunnel: 'tun0', from: 'if:2:7' });
    expect(g.position.x).toBe(400 + 300 + GAP);
    // level with its tunnel
    expect(g.position.y + g.height / 2).toBe(120 + 32);
    for (const b of boxes) expect(rectsOverlap({ ...g.position, w: g.width, h: g.height }, b)).toBe(false);
    expect(d.profiles).toBeNull();
  });

  it('draws an activating VPN pending until its tunnel is known: joined to nothing, right of every box', () => {
    const p = profile('office', { active: active({ state: 'activating', vpnState: 'connect', ipv4: null, device: null }) });
    const d = vpnDiagram({ profiles: [p], boxes, interfaces: ifaces });
    expect(d.edges).toEqual([]);
    const g = d.gateways[0]!;
    expect(g.data).toMatchObject({ phase: 'activating', tunnel: null, from: null, pending: true });
    expect(g.position.x).toBeGreaterThanOrEqual(700 + GAP);
    for (const b of boxes) expect(rectsOverlap({ ...g.position, w: g.width, h: g.height }, b)).toBe(false);
    // zoomed out too: no namespace box is guessed for it
    expect(vpnDiagram({ profiles: [p], boxes, interfaces: ifaces, overview: true }).edges).toEqual([]);
  });

  it('does not take another namespace\'s tun0 for the tunnel of a VPN still activating', () => {
    // NetworkManager has named the device, the interface is not there yet: the two tun0 drawn belong to others
    const p = profile('lab', { active: active({ state: 'activating', vpnState: 'ip-config-get', ipv4: null, device: 'tun0' }) });
    expect(findTunnel(p, ifaces, boxes)).toBeNull();
    const d = vpnDiagram({ profiles: [p], boxes, interfaces: ifaces });
    expect(d.edges).toEqual([]);
    expect(d.gateways[0]!.data).toMatchObject({ pending: true, from: null });
    // the one interface of that name is sure: joined to it (and to its box when zoomed out)
    const only = ifaces.filter((i) => i.id !== 'if:1:9');
    expect(vpnDiagram({ profiles: [p], boxes, interfaces: only }).edges[0]).toMatchObject({ source: 'if:2:7', phase: 'activating' });
    expect(vpnDiagram({ profiles: [p], boxes, interfaces: only, overview: true }).edges[0]!.source).toBe('ns:2');
    // and so is the one carrying the VPN's address
    const addressed = { ...p, active: { ...p.active!, ipv4: { addresses: ['10.8.99.6/24'], gateway: null, dns: [] } } };
    expect(vpnDiagram({ profiles: [addressed], boxes, interfaces: ifaces }).edges[0]!.source).toBe('if:2:7');
  });

  it('keeps a VPN without its tunnel pending beside an active one, without guessing its namespace', () => {
    const ps = [profile('office', { active: active() }), profile('lab', { active: active({ state: 'activating', device: null, ipv4: null }) })];
    const d = vpnDiagram({ profiles: ps, boxes, interfaces: ifaces });
    expect(d.edges.map((e) => e.source)).toEqual(['if:2:7']);
    expect(d.gateways.find((g) => g.data.profile.name === 'lab')!.data.pending).toBe(true);
    expect(d.gateways.find((g) => g.data.profile.name === 'office')!.data.pending).toBe(false);
  });

  it('moves aside from a box in the way, to a place whose line to the tunnel passes under no box', () => {
    // the host's tunnel: its box's right side is where ns:2 stands, 100 px away
    const p = profile('home', { active: active({ ipv4: { addresses: ['10.9.0.2/24'], gateway: null, dns: [] } }) });
    const g = vpnDiagram({ profiles: [p], boxes, interfaces: ifaces }).gateways[0]!;
    const rect = { ...g.position, w: g.width, h: g.height };
    for (const b of boxes) expect(rectsOverlap(rect, b)).toBe(false);
    expect(g.position.x).toBeGreaterThanOrEqual(300 + GAP);
    const from = { x: 20 + 196, y: 50 + 32 };
    const to = { x: g.position.x, y: g.position.y + g.height / 2 };
    for (const b of boxes.slice(1)) expect(segmentCrosses(from, to, b), b.id).toBe(false);
  });

  it('goes past boxes when every place beside its own box is taken', () => {
    // a wall of boxes right of the host, from far above to far below
    const wall: DrawnBox[] = [boxes[0]!, { id: 'ns:w', nsId: 'w', current: false, x: 340, y: -2000, w: 200, h: 4000 }];
    const p = profile('home', { active: active({ ipv4: { addresses: ['10.9.0.2/24'], gateway: null, dns: [] } }) });
    const g = vpnDiagram({ profiles: [p], boxes: wall, interfaces: ifaces }).gateways[0]!;
    expect(g.position.x).toBe(540 + GAP);
  });

  it('stacks gateways of one box without overlap, and shows a failure with its reason until dismissed', () => {
    const failed = profile('bad', { lastError: 'the VPN bad did not come up: the login failed: the server refused the user name, password or certificate' });
    const ps = [profile('office', { active: active() }), profile('lab', { active: active({ state: 'activating', device: null, ipv4: null }) }), failed];
    const d = vpnDiagram({ profiles: ps, boxes, interfaces: ifaces });
    expect(d.gateways.map((g) => g.data.profile.name).sort()).toEqual(['bad', 'lab', 'office']);
    const rects = d.gateways.map((g) => ({ ...g.position, w: g.width, h: g.height }));
    for (const [i, a] of rects.entries()) {
      for (const b of rects.slice(i + 1)) expect(rectsOverlap(a, b)).toBe(false);
      for (const b of boxes) expect(rectsOverlap(a, b)).toBe(false);
    }
    const bad = d.gateways.find((g) => g.data.profile.name === 'bad')!;
    expect(bad.data.stateText).toMatch(/^failed: .*the login failed/);
    expect(bad.height).toBeGreaterThan(d.gateways.find((g) => g.data.profile.name === 'office')!.height);
    const dismissed = vpnDiagram({ profiles: ps, boxes, interfaces: ifaces, dismissed: new Set([failureKey(failed)]) });
    expect(dismissed.gateways.map((g) => g.data.profile.name).sort()).toEqual(['lab', 'office']);
    expect(dismissed.profiles?.data.profiles.map((p) => p.name)).toEqual(['bad']);
  });

  it('lists the profiles that are off in one group right of everything, folded to its header on request', () => {
    const ps = [profile('office', { active: active() }), profile('home'), profile('lab')];
    const d = vpnDiagram({ profiles: ps, boxes, interfaces: ifaces });
    const g = d.profiles!;
    expect(g.data.profiles.map((p) => p.name)).toEqual(['home', 'lab']);
    const gateway = d.gateways[0]!;
    expect(g.position.x).toBeGreaterThanOrEqual(gateway.position.x + gateway.width);
    const folded = vpnDiagram({ profiles: ps, boxes, interfaces: ifaces, profilesOpen: false }).profiles!;
    expect(folded.height).toBeLessThan(g.height);
    expect(folded.data.open).toBe(false);
  });
});
