// The picture as SVG (drawn from the layout, so it is exact and needs no DOM capture) and as
// PNG (that SVG painted on a canvas), plus downloads. It draws what the canvas draws, from the
// same pure functions: the namespace boxes with their headers, interfaces and per-kind summaries
// (graph.ts), the wires along the routes route.ts finds (curves where the canvas has curves too),
// and the VPN gateways, their edges and the "VPN profiles" group (vpn-diagram.ts).
import { type GroupNode, type SummaryNode, type TopologyGraph } from '../topology/graph';
import { SIZE, type LayoutMemory, type Point } from '../topology/layout-memory';
import { ROUTE_LIMIT, WIRE_LIMIT, boxesOf, routeWires } from '../topology/route';
import { dotOf } from '../topology/link-state';
import { addressLines } from '../topology/address-lines';
import { vpnDiagram, type DrawnBox, type DrawnInterface, type VpnDiagram, type VpnDiagramInput, type VpnPhase } from '../topology/vpn-diagram';

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** The theme's colours (renderer/styles/theme.css), light and dark. */
const PALETTE = {
  light: { bg: '#ffffff', soft: '#f5f7fa', raised: '#ffffff', line: '#d5dbe5', text: '#1b1f27', muted: '#5b6475', accent: '#2f6fdd', ok: '#1a7f37', warn: '#9a6700', error: '#cf222e', edge: '#6b7a99', ns: 'rgba(47,111,221,0.05)', nsCurrent: 'rgba(26,127,55,0.07)', nsAnon: 'rgba(120,120,140,0.07)' },
  dark: { bg: '#16181d', soft: '#1d2027', raised: '#23272f', line: '#363c48', text: '#e6e8ee', muted: '#9aa3b5', accent: '#5b94f0', ok: '#3fb950', warn: '#d29922', error: '#f85149', edge: '#7c8aa5', ns: 'rgba(91,148,240,0.07)', nsCurrent: 'rgba(63,185,80,0.08)', nsAnon: 'rgba(160,160,180,0.07)' },
};
type Colours = (typeof PALETTE)['light'];

/** Text cut to what fits `width` px at `size` px (an estimate: SVG text has no ellipsis of its
 * own); the full text stays in a <title>, so nothing is cut silently. */
function text(x: number, y: number, s: string, o: { size: number; fill: string; width: number; weight?: number; anchor?: 'end' | 'middle'; mono?: boolean }): string {
  const per = o.size * (o.mono ? 0.62 : 0.58);
  const max = Math.max(1, Math.floor(o.width / per));
  const shown = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  const attrs = [`x="${x}"`, `y="${y}"`, `font-size="${o.size}"`, `fill="${o.fill}"`, o.weight ? `font-weight="${o.weight}"` : '', o.anchor ? `text-anchor="${o.anchor}"` : '', o.mono ? 'font-family="ui-monospace, monospace"' : '']
    .filter(Boolean)
    .join(' ');
  return `<text ${attrs}>${shown !== s ? `<title>${esc(s)}</title>` : ''}${esc(shown)}</text>`;
}

/** Words on at most `max` lines of `per` characters; the last ends in … when the text goes on. */
export function wrap(s: string, per: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    // a word longer than a line is cut into pieces, as the node's overflow-wrap: anywhere does
    for (let w = word; w; ) {
      const room = line ? per - line.length - 1 : per;
      if (w.length <= room) {
        line = line ? `${line} ${w}` : w;
        w = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(w.slice(0, per));
        w = w.slice(per);
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = `${kept[max - 1]!.slice(0, per - 1)}…`;
  return kept;
}

const dotColour = (c: Colours, dot: 'up' | 'nocarrier' | 'down') => (dot === 'up' ? c.ok : dot === 'nocarrier' ? c.warn : c.error);
const phaseColour = (c: Colours, phase: VpnPhase) => (phase === 'activated' ? c.ok : phase === 'failed' ? c.error : phase === 'off' ? c.muted : c.warn);

/** The curve React Flow draws from a right side to a left side (its getBezierPath), for wires without a route. */
export function curve(s: Point, t: Point): string {
  const off = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));
  const k = off(t.x - s.x);
  return `M${s.x},${s.y} C${s.x + k},${s.y} ${t.x - k},${t.y} ${t.x},${t.y}`;
}
const polyline = (points: Point[]) => `M${points.map((p) => `${p.x},${p.y}`).join(' L')}`;

/** The namespace boxes and the interfaces as the canvas places them, for vpn-diagram.ts. */
function drawnForVpn(graph: TopologyGraph, memory: LayoutMemory): { boxes: DrawnBox[]; interfaces: DrawnInterface[] } {
  const boxes: DrawnBox[] = [];
  for (const g of graph.groups) {
    const l = memory.groups.get(g.key);
    if (l) boxes.push({ id: g.key, nsId: g.nsId, current: g.current, x: l.x, y: l.y, w: l.w, h: l.h });
  }
  const interfaces: DrawnInterface[] = [];
  for (const n of graph.interfaces) {
    const l = memory.groups.get(n.group);
    const at = l?.children.get(n.key);
    if (l && at) interfaces.push({ id: n.key, box: n.group, name: n.link.name, addresses: n.link.addresses, x: l.x + at.x, y: l.y + at.y, w: SIZE.ifWidth, h: SIZE.ifHeight });
  }
  return { boxes, interfaces };
}

/** The wires' routes, as the canvas computes them (TopologyCanvas.tsx): none past its limits. */
function routesOf(graph: TopologyGraph, memory: LayoutMemory): Map<string, Point[]> {
  if (graph.interfaces.length > ROUTE_LIMIT || graph.edges.length > WIRE_LIMIT || memory.groups.size === 0) return new Map();
  return routeWires(boxesOf(graph, memory), graph.edges);
}

function groupSvg(g: GroupNode, b: { x: number; y: number; w: number; h: number }, c: Colours): string[] {
  const out: string[] = [];
  const fill = g.current ? c.nsCurrent : g.anonymous ? c.nsAnon : c.ns;
  out.push(`<rect class="ns" data-key="${esc(g.key)}" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="10" fill="${fill}" stroke="${c.line}" stroke-width="1.5"${g.anonymous ? ' stroke-dasharray="6 4"' : ''}/>`);
  // The header as the canvas has it: the name, ⇄ for a router, the lo chip, the counts.
  const count = `${g.upCount}/${g.linkCount}`;
  let right = b.x + b.w - 8;
  out.push(text(right, b.y + 23, count, { size: 12, fill: c.muted, width: 60, anchor: 'end' }));
  right -= count.length * 7 + 8;
  if (g.lo) {
    const w = 14 + g.lo.name.length * 7 + 10;
    right -= w;
    out.push(`<rect x="${right}" y="${b.y + 9}" width="${w}" height="18" rx="9" fill="none" stroke="${c.line}"/>`);
    out.push(`<circle cx="${right + 10}" cy="${b.y + 18}" r="4" fill="${dotColour(c, dotOf(g.lo))}"/>`);
    out.push(text(right + 18, b.y + 22, g.lo.name, { size: 11, fill: c.muted, width: w }));
    right -= 6;
  }
  if (g.router) {
    right -= 22;
    out.push(`<text x="${right + 10}" y="${b.y + 22}" font-size="11" text-anchor="middle" fill="${c.text}">⇄</text>`);
  }
  out.push(text(b.x + 12, b.y + 23, g.label, { size: 14, weight: 600, fill: c.text, width: Math.max(40, right - b.x - 16) }));
  return out;
}

function summarySvg(s: SummaryNode, b: { x: number; y: number; w: number; h: number }, c: Colours): string[] {
  const where = s.peerNamespaces ? ` → ${s.peerNamespaces} namespace${s.peerNamespaces === 1 ? '' : 's'}` : '';
  return [
    `<g class="summary" data-key="${esc(s.key)}">`,
    `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${c.soft}" stroke="${c.line}" stroke-width="2"/>`,
    text(b.x + 10, b.y + 22, `${s.count} ${s.kind}${where}`, { size: 13, weight: 600, fill: c.text, width: b.w - 20 }),
    text(b.x + 10, b.y + 40, `${s.upCount} up · ${s.count - s.upCount} down`, { size: 11, fill: c.muted, width: b.w - 20, mono: true }),
    '</g>',
  ];
}

function vpnSvg(d: VpnDiagram, c: Colours, boxes: ReadonlyMap<string, { x: number; y: number; w: number; h: number }>): string[] {
  const out: string[] = [];
  for (const e of d.edges) {
    const s = boxes.get(e.source);
    const g = d.gateways.find((n) => n.id === e.target);
    if (!s || !g) continue;
    const dash = e.phase === 'activated' ? '' : e.phase === 'failed' ? ' stroke-dasharray="3 4"' : ' stroke-dasharray="6 4"';
    out.push(`<path class="vpn-edge" d="${curve({ x: s.x + s.w, y: s.y + s.h / 2 }, { x: g.position.x, y: g.position.y + g.height / 2 })}" fill="none" stroke="${phaseColour(c, e.phase)}" stroke-width="2.5"${dash}/>`);
  }
  for (const g of d.gateways) {
    const { x, y } = g.position;
    const col = phaseColour(c, g.data.phase);
    const p = g.data.profile;
    const dash = g.data.phase === 'activating' || g.data.phase === 'deactivating' ? ' stroke-dasharray="6 4"' : '';
    out.push(`<g class="vpn-gateway" data-name="${esc(p.name)}" data-phase="${g.data.phase}">`);
    out.push(`<rect x="${x}" y="${y}" width="${g.width}" height="${g.height}" rx="10" fill="${c.raised}" stroke="${col}" stroke-width="1.5"${dash}/>`);
    out.push(`<rect x="${x}" y="${y + 4}" width="5" height="${g.height - 8}" rx="2" fill="${col}"/>`);
    // the shield of the node's icon
    out.push(`<path d="M${x + 17} ${y + 9.2} l5.6 2.1 v4.3 c0 3.3-2.3 6-5.6 7.2 c-3.3-1.2-5.6-3.9-5.6-7.2 v-4.3 z" fill="none" stroke="${g.data.phase === 'activated' ? c.ok : c.muted}" stroke-width="1.5" stroke-linejoin="round"/>`);
    const kindW = p.type.length * 6.6 + 8;
    out.push(`<rect x="${x + g.width - 10 - kindW}" y="${y + 9}" width="${kindW}" height="16" rx="4" fill="none" stroke="${c.line}"/>`);
    out.push(text(x + g.width - 10 - kindW / 2, y + 21, p.type, { size: 11, fill: c.muted, width: kindW, anchor: 'middle' }));
    out.push(text(x + 30, y + 22, p.name, { size: 14, weight: 600, fill: c.text, width: g.width - 48 - kindW }));
    out.push(text(x + 12, y + 42, `remote ${g.data.endpoint}`, { size: 12, fill: c.muted, width: g.width - 20, mono: true }));
    out.push(`<circle cx="${x + 16}" cy="${y + 57}" r="4" fill="${col}"/>`);
    // the failure's reason on up to four lines, as the node shows it
    const said = g.data.stateText;
    const lines = wrap(said, Math.floor((g.width - 40) / 6.9), Math.max(1, Math.round((g.height - 66) / 16)));
    lines.forEach((line, i) => out.push(text(x + 26, y + 61 + i * 16, line, { size: 12, fill: col, width: g.width })));
    out.push(`<title>${esc(`${p.name} (${p.type}) to ${g.data.endpoint}\n${said}`)}</title>`);
    out.push('</g>');
  }
  if (d.profiles) {
    const n = d.profiles;
    const { x, y } = n.position;
    out.push(`<g class="vpn-profiles">`);
    out.push(`<rect x="${x}" y="${y}" width="${n.width}" height="${n.height}" rx="10" fill="${c.soft}" stroke="${c.line}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    out.push(text(x + 10, y + 25, `${n.data.open ? '▾' : '▸'} VPN profiles (${n.data.profiles.length} off)`, { size: 14, weight: 600, fill: c.text, width: n.width - 20 }));
    if (n.data.open) n.data.profiles.forEach((p, i) => {
      const ry = y + 40 + i * 30;
      out.push(`<rect x="${x + 6}" y="${ry}" width="${n.width - 12}" height="30" fill="${c.raised}" stroke="${c.line}"/>`);
      out.push(`<circle cx="${x + 18}" cy="${ry + 15}" r="4" fill="none" stroke="${c.muted}" stroke-width="1.5"/>`);
      out.push(text(x + 28, ry + 19, p.name, { size: 13, fill: c.text, width: n.width - 100 }));
      out.push(text(x + n.width - 14, ry + 19, p.type, { size: 11, fill: c.muted, width: 70, anchor: 'end' }));
    });
    out.push('</g>');
  }
  return out;
}

/** The VPNs as the canvas shows them: NetworkManager's profiles, the failures dismissed, the
 * profiles group open or folded (vpn-layer.tsx vpnView). */
export type VpnView = Pick<VpnDiagramInput, 'profiles' | 'dismissed' | 'profilesOpen'>;

/** The picture as SVG: what the canvas shows, from the layout, the VPNs placed as the canvas places them. */
export function exportSvg(graph: TopologyGraph, memory: LayoutMemory, dark: boolean, vpnView: VpnView = { profiles: [] }): { svg: string; width: number; height: number } {
  const c = dark ? PALETTE.dark : PALETTE.light;
  const abs = boxesOf(graph, memory);
  const drawn = drawnForVpn(graph, memory);
  const vpn = vpnView.profiles.length ? vpnDiagram({ ...vpnView, boxes: drawn.boxes, interfaces: drawn.interfaces }) : null;
  const extra = vpn ? [...vpn.gateways, ...(vpn.profiles ? [vpn.profiles] : [])].map((n) => ({ x: n.position.x, y: n.position.y, w: n.width, h: n.height })) : [];

  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const b of [...abs.values(), ...extra]) {
    minX = Math.min(minX, b.x); minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w); maxY = Math.max(maxY, b.y + b.h);
  }
  if (!isFinite(minX)) { minX = minY = 0; maxX = maxY = 100; }
  const m = 20;
  const width = Math.ceil(maxX - minX + 2 * m);
  const height = Math.ceil(maxY - minY + 2 * m);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX - m} ${minY - m} ${width} ${height}" font-family="system-ui, sans-serif">`);
  out.push(`<rect x="${minX - m}" y="${minY - m}" width="${width}" height="${height}" fill="${c.bg}"/>`);
  for (const g of graph.groups) {
    const b = abs.get(g.key);
    if (b) out.push(...groupSvg(g, b, c));
  }
  // Wires under the interface boxes, as on the canvas: routed, or a curve between the sides.
  const routes = routesOf(graph, memory);
  for (const e of graph.edges) {
    const s = abs.get(e.source), t = abs.get(e.target);
    if (!s || !t) continue;
    const points = routes.get(e.key);
    const d = points ? polyline(points) : curve({ x: s.x + s.w, y: s.y + s.h / 2 }, { x: t.x, y: t.y + t.h / 2 });
    out.push(`<path class="wire" data-kind="${e.kind}" data-routed="${points ? 1 : 0}" d="${d}" fill="none" stroke="${c.edge}" stroke-width="${e.kind === 'veth' ? 2 : 1.5}"${e.kind === 'veth' ? '' : ' stroke-dasharray="5 4"'}/>`);
  }
  for (const n of graph.interfaces) {
    const b = abs.get(n.key);
    if (!b) continue;
    const l = n.link;
    const kind = l.kind ?? 'device';
    const kindW = kind.length * 6.6 + 8;
    out.push(`<g class="iface" data-key="${esc(n.key)}">`);
    out.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${c.raised}" stroke="${c.line}"${l.up ? '' : ' stroke-dasharray="4 3"'}/>`);
    out.push(`<circle cx="${b.x + 14}" cy="${b.y + 17}" r="5" fill="${dotColour(c, dotOf(l))}"/>`);
    out.push(text(b.x + 25, b.y + 22, l.name, { size: 14, weight: 600, fill: c.text, width: b.w - 40 - kindW }));
    out.push(`<rect x="${b.x + b.w - 9 - kindW}" y="${b.y + 9}" width="${kindW}" height="16" rx="4" fill="none" stroke="${c.line}"/>`);
    out.push(text(b.x + b.w - 9 - kindW / 2, b.y + 21, kind, { size: 11, fill: c.muted, width: kindW, anchor: 'middle' }));
    const { shown, rest } = addressLines(l.addresses);
    const lines = shown.length ? shown : ['no address'];
    lines.forEach((a, i) => out.push(text(b.x + 10, b.y + 41 + i * 15, a, { size: 11, fill: c.muted, width: b.w - 20, mono: true })));
    if (rest.length) out.push(text(b.x + 10, b.y + 56, `+${rest.length} more`, { size: 11, fill: c.accent, width: b.w - 20, mono: true }));
    out.push(`<title>${esc([`${l.name} (${kind})`, ...l.addresses].join('\n'))}</title>`);
    out.push('</g>');
  }
  for (const s of graph.summaries) {
    const b = abs.get(s.key);
    if (b) out.push(...summarySvg(s, b, c));
  }
  if (vpn) out.push(...vpnSvg(vpn, c, abs));
  out.push('</svg>');
  return { svg: out.join('\n'), width, height };
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A PNG's longest side at most (px). The picture of 1000 namespaces at the 16 000 px of before
 * was a 16000×10261 PNG of 48–51 MB, and painting and encoding it took 5 s in Chromium (the SVG's
 * decoding 1.4 s more); at 8192 px 1.8 s and 19 MB, and its interface names are still ~9 px high. */
export const PNG_MAX_SIDE = 8192;

/** How much the SVG is scaled for its PNG: twice, for a sharp small picture, or down to PNG_MAX_SIDE. */
export const pngScale = (width: number, height: number): number => Math.min(2, PNG_MAX_SIDE / Math.max(width, height, 1));

export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const scale = pngScale(width, height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture is too large for a PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
