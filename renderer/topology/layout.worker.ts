// elk runs here, off the main thread, so a big layout never freezes panning or typing.
// Interiors: each namespace's interfaces (elk layered when many are wired together, a grid
// otherwise). Top: the namespaces as boxes of those sizes, layered along the veth edges (packed
// when there are very many).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { LAYERED_TOP_LIMIT, SIZE, gridInterior, type InteriorResult, type LayoutRequest, type LayoutResponse, type Point } from './layout-memory';

const elk = new ELK();

async function interior(children: string[], edges: [string, string][]): Promise<InteriorResult> {
  if (children.length <= 6 || edges.length === 0) return gridInterior(children, edges);
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': edges.length ? 'layered' : 'rectpacking',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': String(SIZE.gap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(SIZE.gap * 2),
      'elk.aspectRatio': '1.6',
      'elk.padding': `[top=${SIZE.header},left=${SIZE.pad},bottom=${SIZE.pad},right=${SIZE.pad}]`,
    },
    children: children.map((id) => ({ id, width: SIZE.ifWidth, height: SIZE.ifHeight })),
    edges: edges.map(([s, t], i) => ({ id: `e${i}`, sources: [s], targets: [t] })),
  };
  const out = await elk.layout(graph);
  const pos: Record<string, Point> = {};
  for (const c of out.children ?? []) pos[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return { w: Math.ceil(out.width ?? 0), h: Math.ceil(out.height ?? 0), children: pos };
}

async function top(sizes: Map<string, { w: number; h: number }>, edges: [string, string][]): Promise<Record<string, Point>> {
  const seen = new Set<string>();
  const unique = edges.filter(([s, t]) => {
    const k = s < t ? `${s}~${t}` : `${t}~${s}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': sizes.size > LAYERED_TOP_LIMIT ? 'rectpacking' : 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': String(SIZE.groupGap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(SIZE.groupGap * 1.5),
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': String(SIZE.groupGap),
      'elk.aspectRatio': '1.8',
    },
    children: [...sizes].map(([id, s]) => ({ id, width: s.w, height: s.h })),
    edges: unique.map(([s, t], i) => ({ id: `g${i}`, sources: [s], targets: [t] })),
  };
  const out = await elk.layout(graph);
  const pos: Record<string, Point> = {};
  for (const c of out.children ?? []) pos[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return pos;
}

self.onmessage = async (e: MessageEvent<{ id: number; request: LayoutRequest }>) => {
  const { id, request } = e.data;
  try {
    const interiors: LayoutResponse['interiors'] = {};
    for (const g of request.groups) interiors[g.key] = await interior(g.children, g.edges);
    const response: LayoutResponse = { interiors };
    if (request.top) {
      const collapsed = new Set(request.top.collapsed);
      const sizes = new Map(
        request.top.groups.map((k) => {
          const i = interiors[k];
          const w = i?.w ?? SIZE.ifWidth + 2 * SIZE.pad;
          return [k, { w, h: collapsed.has(k) ? SIZE.collapsedHeight : (i?.h ?? SIZE.header + SIZE.pad) }] as const;
        }),
      );
      response.top = await top(sizes, request.top.edges);
    }
    self.postMessage({ id, response });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
