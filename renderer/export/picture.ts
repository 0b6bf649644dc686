// The picture as SVG (drawn from the layout, so it is exact and needs no DOM capture) and as
// PNG (that SVG painted on a canvas), plus downloads.
import type { TopologyGraph } from '../topology/graph';
import { SIZE, type LayoutMemory } from '../topology/layout-memory';

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

export function exportSvg(graph: TopologyGraph, memory: LayoutMemory, dark: boolean): { svg: string; width: number; height: number } {
  const c = dark
    ? { bg: '#16181d', box: '#1f232b', line: '#3a4150', text: '#e6e8ee', muted: '#9aa3b5', up: '#3fb950', down: '#f85149', edge: '#7c8aa5' }
    : { bg: '#ffffff', box: '#f5f7fa', line: '#c9d1de', text: '#1b1f27', muted: '#5b6475', up: '#1a7f37', down: '#cf222e', edge: '#6b7a99' };
  const abs = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const g of graph.groups) {
    const l = memory.groups.get(g.key);
    if (l) abs.set(g.key, { x: l.x, y: l.y, w: l.w, h: l.h });
  }
  for (const n of graph.interfaces) {
    const g = memory.groups.get(n.group);
    const p = g?.children.get(n.key);
    if (g && p) abs.set(n.key, { x: g.x + p.x, y: g.y + p.y, w: SIZE.ifWidth, h: SIZE.ifHeight });
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const b of abs.values()) {
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
    if (!b) continue;
    out.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="10" fill="${c.box}" stroke="${c.line}"/>`);
    out.push(`<text x="${b.x + 12}" y="${b.y + 25}" font-size="14" font-weight="600" fill="${c.text}">${esc(g.label)} (${g.upCount}/${g.linkCount})</text>`);
  }
  for (const e of graph.edges) {
    const s = abs.get(e.source), t = abs.get(e.target);
    if (!s || !t) continue;
    out.push(`<line x1="${s.x + s.w}" y1="${s.y + s.h / 2}" x2="${t.x}" y2="${t.y + t.h / 2}" stroke="${c.edge}" stroke-width="1.5"${e.kind === 'veth' ? '' : ' stroke-dasharray="5 4"'}/>`);
  }
  for (const n of graph.interfaces) {
    const b = abs.get(n.key);
    if (!b) continue;
    out.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="${c.bg}" stroke="${c.line}"/>`);
    out.push(`<circle cx="${b.x + 14}" cy="${b.y + 18}" r="5" fill="${n.link.up ? c.up : c.down}"/>`);
    out.push(`<text x="${b.x + 26}" y="${b.y + 23}" font-size="13" font-weight="600" fill="${c.text}">${esc(n.link.name)}</text>`);
    out.push(`<text x="${b.x + b.w - 10}" y="${b.y + 23}" font-size="11" text-anchor="end" fill="${c.muted}">${esc(n.link.kind ?? 'device')}</text>`);
    n.link.addresses.slice(0, 2).forEach((a, i) => out.push(`<text x="${b.x + 12}" y="${b.y + 40 + i * 14}" font-size="11" fill="${c.muted}">${esc(a)}</text>`));
  }
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

export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    // Big pictures are scaled down to what a canvas can hold.
    const scale = Math.min(2, 16000 / Math.max(width, height));
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
