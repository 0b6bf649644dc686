// VPN connections on the diagram, pure: from the profiles NetworkManager reports and the boxes
// already laid out, the extra nodes and edges drawn on top of the layout. Each active, activating
// or failed VPN is a gateway node (its remote: "office · openvpn", "172.31.250.1:1194 udp") to the
// right of the namespace box that holds its tunnel, joined to the tunnel interface (tun0, wg0...);
// the profiles that are off are listed in one "VPN profiles" group. Positions come from the final
// rectangles of the boxes, never from how the layout computed them.
import type { VpnProfile } from '../../shared/vpn';

/** A namespace box as drawn (absolute position and size). */
export interface DrawnBox {
  id: string;
  nsId: string;
  current: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}
/** An interface as drawn, in absolute coordinates; `box` is the id of the namespace box holding it. */
export interface DrawnInterface {
  id: string;
  box: string;
  name: string;
  addresses: string[];
  x: number;
  y: number;
  w: number;
  h: number;
}

export type VpnPhase = 'activating' | 'activated' | 'deactivating' | 'failed' | 'off';

export interface VpnGatewayData extends Record<string, unknown> {
  profile: VpnProfile;
  phase: VpnPhase;
  /** "activating: needs a secret", "activated · 10.8.99.6/24", "failed: the login failed...". */
  stateText: string;
  /** "172.31.250.1:1194 udp", or "remote not known". */
  endpoint: string;
  /** The tunnel interface the edge starts at, by name, when it is on the diagram. */
  tunnel: string | null;
  /** The id of the node the edge starts at (the tunnel interface, or its namespace box when zoomed out). */
  from: string | null;
  /** No tunnel interface is known yet (activating, or failed): drawn apart, joined to nothing,
   * rather than to a namespace or interface guessed for it. */
  pending: boolean;
}
export interface VpnProfilesData extends Record<string, unknown> {
  profiles: VpnProfile[];
  open: boolean;
}

export interface VpnNode<T extends string = string, D extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  type: T;
  position: { x: number; y: number };
  width: number;
  height: number;
  data: D;
}
export type VpnGatewayNodeSpec = VpnNode<'vpn-gateway', VpnGatewayData>;
export type VpnProfilesNodeSpec = VpnNode<'vpn-profiles', VpnProfilesData>;
export interface VpnEdgeSpec {
  id: string;
  source: string;
  target: string;
  phase: VpnPhase;
}

export interface VpnDiagramInput {
  profiles: readonly VpnProfile[];
  boxes: readonly DrawnBox[];
  interfaces: readonly DrawnInterface[];
  /** Interfaces are not drawn (zoomed far out): edges start at the namespace boxes. */
  overview?: boolean;
  /** The "VPN profiles" group is open (its list shown) or folded to its header. */
  profilesOpen?: boolean;
  /** Failures the person dismissed (failureKey): those profiles go back to the group. */
  dismissed?: ReadonlySet<string>;
}
export interface VpnDiagram {
  gateways: VpnGatewayNodeSpec[];
  profiles: VpnProfilesNodeSpec | null;
  edges: VpnEdgeSpec[];
}

export const GATEWAY_WIDTH = 240;
export const PROFILES_WIDTH = 240;
/** Room between a box and a gateway, and around the group. */
export const GAP = 56;
const STACK_GAP = 14;
/** Lines of a failure's reason shown at most (its full text is the node's title and in its menu). */
const REASON_LINES = 4;
const REASON_CHARS_PER_LINE = 34;
export const PROFILES_HEAD = 40;
export const PROFILE_ROW = 30;

export const gatewayId = (uuid: string) => `vpn:${uuid}`;
export const gatewayEdgeId = (uuid: string) => `vpn-edge:${uuid}`;
export const PROFILES_ID = 'vpn-profiles';
/** A failure is dismissed for this profile and this reason only: the next failure shows again. */
export const failureKey = (p: VpnProfile) => `${p.uuid}\n${p.lastError ?? ''}`;

/** Where a profile is, in the words the issue and NetworkManager use. */
export function vpnPhase(p: VpnProfile): VpnPhase {
  const s = p.active?.state;
  if (s === 'activating' || s === 'unknown') return 'activating';
  if (s === 'activated') return 'activated';
  if (s === 'deactivating') return 'deactivating';
  return p.lastError ? 'failed' : 'off';
}

const addressesOf = (p: VpnProfile): string[] => [...(p.active?.ipv4?.addresses ?? []), ...(p.active?.ipv6?.addresses ?? [])];
const bare = (cidr: string) => cidr.split('/')[0]!.toLowerCase();

export function stateText(p: VpnProfile, phase: VpnPhase = vpnPhase(p)): string {
  const vs = p.active?.vpnState;
  switch (phase) {
    case 'activating':
      return vs === 'need-auth' ? 'activating: needs a secret' : vs === 'ip-config-get' ? 'activating: getting an address' : 'activating…';
    case 'activated': {
      const a = addressesOf(p)[0];
      return a ? `activated · ${a}` : 'activated';
    }
    case 'deactivating':
      return 'disconnecting…';
    case 'failed':
      return `failed: ${p.lastError ?? 'no reason given'}`;
    default:
      return 'off';
  }
}

/** "172.31.250.1:1194 udp"; an IPv6 host in brackets; WireGuard's endpoint already has its port. */
export function endpointText(p: VpnProfile): string {
  if (!p.remote) return 'remote not known';
  const host = p.remote.includes(':') && p.remotePort != null ? `[${p.remote}]` : p.remote;
  const port = p.remotePort != null ? `:${p.remotePort}` : '';
  const proto = p.remoteProtocol ?? (p.type === 'wireguard' ? 'udp' : null);
  return `${host}${port}${proto ? ` ${proto}` : ''}`;
}

/** The gateway's height: the failure's reason takes up to four lines. */
export function gatewayHeight(p: VpnProfile, phase: VpnPhase): number {
  const lines = phase === 'failed' ? Math.min(REASON_LINES, Math.ceil(stateText(p, phase).length / REASON_CHARS_PER_LINE)) : 1;
  return 66 + 16 * lines;
}

/**
 * The tunnel interface of an active connection: an interface named as NetworkManager says, the one
 * carrying the VPN's address first (NetworkManager may run in another namespace than the host's,
 * and another namespace may have a tun0 too), then one in the host namespace, then any. While the
 * VPN is activating the device may be named before its interface exists, and another namespace's
 * tun0 is not its tunnel: then only a sure answer counts (the one interface of that name, or the one
 * with the VPN's address), never a guess.
 */
export function findTunnel(p: VpnProfile, interfaces: readonly DrawnInterface[], boxes: readonly DrawnBox[]): DrawnInterface | null {
  const device = p.active?.device;
  if (!device) return null;
  const named = interfaces.filter((i) => i.name === device);
  if (named.length <= 1) return named[0] ?? null;
  const mine = new Set(addressesOf(p).map(bare));
  const byAddress = named.find((i) => i.addresses.some((a) => mine.has(bare(a))));
  if (byAddress) return byAddress;
  if (vpnPhase(p) === 'activating') return null;
  const current = new Set(boxes.filter((b) => b.current).map((b) => b.id));
  return named.find((i) => current.has(i.box)) ?? named[0]!;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
const overlaps = (a: Rect, b: Rect, margin: number) =>
  a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;

/**
 * A place for a w×h node near (x, y) that covers no box and no node placed before: past a box it
 * would cover (to its right), below a gateway it would cover. x and y only grow, so each rectangle
 * is passed at most once.
 */
function freeSpot(x: number, y: number, w: number, h: number, boxes: readonly Rect[], placed: readonly Rect[]): { x: number; y: number } {
  const at = { x, y, w, h };
  for (let guard = 0; guard <= boxes.length + placed.length; guard++) {
    const box = boxes.find((b) => overlaps(at, b, GAP / 2));
    if (box) {
      at.x = box.x + box.w + GAP;
      continue;
    }
    const node = placed.find((n) => overlaps(at, n, STACK_GAP / 2));
    if (!node) break;
    at.y = node.y + node.h + STACK_GAP;
  }
  return { x: at.x, y: at.y };
}

/** Does the segment from a to b pass through r? (Liang–Barsky clipping.) */
export function segmentCrosses(a: { x: number; y: number }, b: { x: number; y: number }, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  for (const [p, q] of [[-dx, a.x - r.x], [dx, r.x + r.w - a.x], [-dy, a.y - r.y], [dy, r.y + r.h - a.y]] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

const SLIDE = 24;
const SLIDES = 16;
/** Columns tried at most: right of the holding box, then right of each next box in the way. */
const COLUMNS = 8;

/**
 * Where a gateway goes: right of the box holding its anchor, level with it when that is free;
 * otherwise the nearest free place (slid up or down, or right of the boxes in the way) from which
 * the line to the anchor passes under no other box. When none is free of crossings, the fewest.
 */
function gatewaySpot(from: DrawnBox, anchor: { x: number; y: number }, h: number, boxes: readonly DrawnBox[], placed: readonly Rect[]): { x: number; y: number } {
  // Only boxes in the band the candidates span can be covered or crossed: the rest are skipped
  // once, so a world of 1000 namespaces costs what its neighbourhood does.
  const reach = SLIDES * SLIDE + h + GAP;
  const band = boxes.filter((b) => b.id !== from.id && b.x + b.w > from.x && b.y < anchor.y + reach && b.y + b.h > anchor.y - reach);
  const xs = [from.x + from.w + GAP, ...band.filter((b) => b.x + b.w > from.x + from.w).map((b) => b.x + b.w + GAP).sort((a, b) => a - b)].slice(0, COLUMNS);
  const right = xs[xs.length - 1]! + GATEWAY_WIDTH + GAP;
  const near = band.filter((b) => b.x < right);
  let best: { x: number; y: number; cost: number } | null = null;
  for (const x of xs) {
    for (let k = 0; k <= 2 * SLIDES; k++) {
      const dy = (k % 2 ? 1 : -1) * Math.ceil(k / 2) * SLIDE;
      const at = { x, y: anchor.y - h / 2 + dy, w: GATEWAY_WIDTH, h };
      if (overlaps(at, from, GAP / 2) || near.some((b) => overlaps(at, b, GAP / 2)) || placed.some((n) => overlaps(at, n, STACK_GAP / 2))) continue;
      const end = { x, y: at.y + h / 2 };
      const crossings = near.filter((b) => segmentCrosses(anchor, end, b)).length;
      const cost = crossings * 100_000 + (x - xs[0]!) + Math.abs(dy) * 1.5;
      if (!best || cost < best.cost) best = { x, y: at.y, cost };
    }
  }
  return best ? { x: best.x, y: best.y } : freeSpot(xs[0]!, anchor.y - h / 2, GATEWAY_WIDTH, h, boxes, placed);
}

export function vpnDiagram(input: VpnDiagramInput): VpnDiagram {
  const { boxes, interfaces } = input;
  const empty: VpnDiagram = { gateways: [], profiles: null, edges: [] };
  if (!input.profiles.length) return empty;
  const boxById = new Map(boxes.map((b) => [b.id, b]));

  const shown: { p: VpnProfile; phase: VpnPhase; tunnel: DrawnInterface | null; box: DrawnBox | null }[] = [];
  const off: VpnProfile[] = [];
  for (const p of input.profiles) {
    const phase = vpnPhase(p);
    if (phase === 'off' || (phase === 'failed' && input.dismissed?.has(failureKey(p)))) off.push(p);
    else shown.push({ p, phase, tunnel: phase === 'failed' ? null : findTunnel(p, interfaces, boxes), box: null });
  }
  // Before its tunnel exists (or after a failure) nothing says which namespace a VPN will be in:
  // it is drawn pending, right of every box and joined to none (a line to the host's box read as
  // "the tunnel is here" while it could come up in NetworkManager's namespace).
  for (const s of shown) s.box = s.tunnel ? boxById.get(s.tunnel.box) ?? null : null;

  // Top to bottom in the order of their anchors, so stacked gateways do not cross their edges;
  // the pending ones after them, by name.
  const anchorY = (s: (typeof shown)[number]) => (s.tunnel ? s.tunnel.y + s.tunnel.h / 2 : Infinity);
  shown.sort((a, b) => (anchorY(a) === anchorY(b) ? 0 : anchorY(a) - anchorY(b)) || a.p.name.localeCompare(b.p.name));

  const right = boxes.reduce((m, b) => Math.max(m, b.x + b.w), 0);
  const top = boxes.length ? Math.min(...boxes.map((b) => b.y)) : 0;
  const placed: Rect[] = [];
  const gateways: VpnGatewayNodeSpec[] = [];
  const edges: VpnEdgeSpec[] = [];
  for (const s of shown) {
    const h = gatewayHeight(s.p, s.phase);
    const at = s.tunnel && s.box ? gatewaySpot(s.box, { x: s.tunnel.x + s.tunnel.w, y: anchorY(s) }, h, boxes, placed) : freeSpot(right + GAP, top, GATEWAY_WIDTH, h, boxes, placed);
    placed.push({ ...at, w: GATEWAY_WIDTH, h });
    const from = s.tunnel ? (input.overview ? s.box?.id ?? null : s.tunnel.id) : null;
    const id = gatewayId(s.p.uuid);
    gateways.push({
      id,
      type: 'vpn-gateway',
      position: at,
      width: GATEWAY_WIDTH,
      height: h,
      data: { profile: s.p, phase: s.phase, stateText: stateText(s.p, s.phase), endpoint: endpointText(s.p), tunnel: s.tunnel?.name ?? null, from, pending: !s.tunnel },
    });
    if (from) edges.push({ id: gatewayEdgeId(s.p.uuid), source: from, target: id, phase: s.phase });
  }

  let profiles: VpnProfilesNodeSpec | null = null;
  if (off.length) {
    const open = input.profilesOpen ?? true;
    const h = PROFILES_HEAD + (open ? off.length * PROFILE_ROW + 8 : 0);
    const edge = placed.reduce((m, r) => Math.max(m, r.x + r.w), right);
    const at = freeSpot(edge + GAP, top, PROFILES_WIDTH, h, boxes, placed);
    profiles = { id: PROFILES_ID, type: 'vpn-profiles', position: at, width: PROFILES_WIDTH, height: h, data: { profiles: off, open } };
  }
  return { gateways, profiles, edges };
}
