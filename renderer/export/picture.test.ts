import { describe, expect, it } from 'vitest';
import type { VpnProfile } from '../../shared/vpn';
import { buildGraph } from '../topology/graph';
import { applyLayout, emptyMemory, gridInterior, planLayout, type LayoutResponse } from '../topology/layout-memory';
import { link, namespace } from '../topology/fixtures';
import { fromSnapshot } from '../model/topology-state';
import { PNG_MAX_SIDE, exportSvg, pngScale, wrap } from './picture';
import { failureKey } from '../topology/vpn-diagram';

/** The host with a veth to "web", and a crowded namespace of 50 veth pairs (summarised). */
function world() {
  const host = namespace('1', [], [link(1, 'lo', { kind: 'loopback' }), link(2, 'web0', { kind: 'veth', peer: { namespace: '2', ifindex: 2 } }), link(3, 'tun0', { kind: 'tun', addresses: ['10.8.99.6/24'] })], { current: true });
  const web = namespace('2', ['web'], [link(1, 'lo', { kind: 'loopback' }), link(2, 'eth0', { kind: 'veth', peer: { namespace: '1', ifindex: 2 } })]);
  const crowd = namespace('3', ['crowd'], Array.from({ length: 100 }, (_, i) => link(10 + i, `a${i}`, { kind: 'veth', peer: { namespace: '3', ifindex: 10 + (i ^ 1) } })));
  const state = fromSnapshot({ namespaces: [host, web, crowd], takenAt: 0 } as never);
  const graph = buildGraph(state, { hiddenKinds: new Set(['loopback']) });
  // the layout as the worker would answer it: grids inside, the boxes side by side
  const request = planLayout(emptyMemory(), graph, true);
  const response: LayoutResponse = { interiors: {}, top: {} };
  let x = 0;
  for (const g of request.groups) {
    response.interiors[g.key] = gridInterior(g.children, g.edges);
    response.top![g.key] = { x, y: 0 };
    x += response.interiors[g.key]!.w + 120;
  }
  return { graph, memory: applyLayout(emptyMemory(), graph, response) };
}

const office: VpnProfile = {
  uuid: '00000000-0000-0000-0000-0000000000aa', name: 'office', type: 'openvpn', serviceType: 'org.freedesktop.NetworkManager.openvpn',
  remote: '172.31.250.1', remotePort: 1194, remoteProtocol: 'udp', autoconnectWith: [], path: '/p/office', lastError: null,
  active: { path: '/a/1', state: 'activated', vpnState: 'activated', reason: null, ipv4: { addresses: ['10.8.99.6/24'], gateway: null, dns: [] }, ipv6: null, banner: null, device: 'tun0' },
};
const spare: VpnProfile = { ...office, uuid: '00000000-0000-0000-0000-0000000000bb', name: 'spare', path: '/p/spare', active: null };

describe('exportSvg draws what the canvas draws', () => {
  it('has the summaries, the routed wires and the VPN gateway with its edge and the profiles group', () => {
    const { graph, memory } = world();
    expect(graph.summaries.map((s) => s.kind)).toEqual(['veth']);
    const { svg } = exportSvg(graph, memory, false, { profiles: [office, spare] });
    // the summary, as its box says it
    expect(svg).toMatch(/<g class="summary"[^>]*>[\s\S]*?100 veth<\/text>/);
    expect(svg).toContain('100 up · 0 down');
    // the veth web0 ~ eth0 along its route: straight segments and right angles, not a diagonal line
    const wire = /<path class="wire" data-kind="veth" data-routed="1" d="([^"]+)"/.exec(svg);
    expect(wire).not.toBeNull();
    const points = wire![1]!.slice(1).split(' L').map((p) => p.split(',').map(Number) as [number, number]);
    for (let i = 1; i < points.length; i++) expect(points[i]![0] === points[i - 1]![0] || points[i]![1] === points[i - 1]![1]).toBe(true);
    expect(svg).not.toContain('<line');
    // the VPN: its gateway (name, type, remote, state), the edge from tun0, the profile that is off
    expect(svg).toMatch(/<g class="vpn-gateway" data-name="office" data-phase="activated">[\s\S]*?office<\/text>[\s\S]*?remote 172\.31\.250\.1:1194 udp[\s\S]*?activated · 10\.8\.99\.6\/24/);
    expect(svg).toMatch(/<path class="vpn-edge"/);
    expect(svg).toMatch(/<g class="vpn-profiles">[\s\S]*VPN profiles \(1 off\)[\s\S]*spare/);
  });

  it('takes the gateway into the picture\'s bounds and cuts no text silently', () => {
    const { graph, memory } = world();
    // the gateway put right of the last box: the picture grows to hold it
    const right = { ...memory, groups: new Map([...memory.groups].map(([k, g]) => [k, k === 'ns:1' ? { ...g, x: 5000 } : g])) };
    const without = exportSvg(graph, right, true);
    const withVpn = exportSvg(graph, right, true, { profiles: [office] });
    expect(withVpn.width).toBeGreaterThan(without.width);
    const [vx, vy, vw, vh] = /viewBox="([^"]+)"/.exec(withVpn.svg)![1]!.split(' ').map(Number) as [number, number, number, number];
    const [, gx, gy, gw, gh] = /<g class="vpn-gateway"[^>]*>\n<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/.exec(withVpn.svg)!.map(Number) as number[];
    expect(gx! >= vx && gy! >= vy && gx! + gw! <= vx + vw && gy! + gh! <= vy + vh).toBe(true);
    // a long name is cut with an ellipsis, its full text kept as a title
    const long = { ...office, name: 'a-very-long-profile-name-for-the-office-vpn-gateway' };
    const { svg } = exportSvg(graph, memory, true, { profiles: [long] });
    expect(svg).toContain(`<title>${long.name}</title>`);
  });
});

describe('exportSvg and what the canvas hides', () => {
  it('leaves out a failure dismissed on the canvas and the rows of a folded profiles group', () => {
    const { graph, memory } = world();
    const bad: VpnProfile = { ...spare, uuid: '00000000-0000-0000-0000-0000000000cc', name: 'bad', lastError: 'the login failed' };
    expect(exportSvg(graph, memory, false, { profiles: [bad, spare] }).svg).toContain('data-name="bad"');
    const svg = exportSvg(graph, memory, false, { profiles: [bad, spare], dismissed: new Set([failureKey(bad)]), profilesOpen: false }).svg;
    expect(svg).not.toContain('data-name="bad"');
    expect(svg).toContain('▸ VPN profiles (2 off)');
    expect(svg).not.toMatch(/>spare</);
  });
});

describe('wrap', () => {
  it('breaks between words, cuts a word longer than a line, and ends in … past the last line', () => {
    expect(wrap('failed: the VPN pw ask did not come up', 16, 4)).toEqual(['failed: the VPN', 'pw ask did not', 'come up']);
    expect(wrap('abcdefghij klm', 4, 4)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
    expect(wrap('one two three four five', 5, 2)).toEqual(['one', 'two…']);
  });
});

describe('exportSvg of a big world', () => {
  it('draws the whole picture, every namespace and wire, not only the window around the view', async () => {
    const { bigWorld } = await import('../topology/big-world');
    const { graph, memory } = await bigWorld(1000);
    const { svg, width, height } = exportSvg(graph, memory, false);
    expect(svg.match(/<rect class="ns"/g)).toHaveLength(1001);
    // the host's 1000 veth ends are one summary; each namespace's veth end and bridge are drawn
    expect(svg.match(/<g class="summary"/g)).toHaveLength(1);
    expect(svg.match(/<g class="iface"/g)).toHaveLength(2000);
    expect(svg.match(/<path class="wire"/g)).toHaveLength(graph.edges.length);
    expect(graph.edges.length).toBe(2000);
    // the picture's size is the layout's: every box inside it
    const xs = [...memory.groups.values()];
    expect(width).toBeGreaterThanOrEqual(Math.max(...xs.map((g) => g.x + g.w)) - Math.min(...xs.map((g) => g.x)));
    expect(height).toBeGreaterThanOrEqual(Math.max(...xs.map((g) => g.y + g.h)) - Math.min(...xs.map((g) => g.y)));
  });

  it('makes a PNG of it no wider or taller than PNG_MAX_SIDE, and a small picture twice as sharp', async () => {
    const { bigWorld } = await import('../topology/big-world');
    const { graph, memory } = await bigWorld(1000);
    const { width, height } = exportSvg(graph, memory, false);
    expect(Math.max(width, height)).toBeGreaterThan(PNG_MAX_SIDE);
    const s = pngScale(width, height);
    expect(Math.round(Math.max(width, height) * s)).toBeLessThanOrEqual(PNG_MAX_SIDE);
    expect(pngScale(1400, 900)).toBe(2);
  });
});
