// What the layout worker computes for one request, apart from the worker's messaging, so unit
// tests and benchmarks can run the same code in Node.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { LAYERED_TOP_LIMIT, SIZE, gridInterior, orientAroundHubs, type LayoutRequest, type LayoutResponse, type Point } from './layout-memory';

const elk = new ELK();

async function top(sizes: Map<string, { w: number; h: number }>, edges: [string, string][], hub?: string): Promise<Record<string, Point>> {
  const unique = orientAroundHubs([...sizes.keys()], edges, hub);
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

/** Interiors: each namespace's interfaces in a grid (layout-memory.ts gridInterior). Top: the
 * namespaces as boxes of those sizes, layered along the veth edges around the host as the hub
 * (packed when there are very many). */
export async function layoutRequest(request: LayoutRequest): Promise<LayoutResponse> {
  const interiors: LayoutResponse['interiors'] = {};
  for (const g of request.groups) interiors[g.key] = gridInterior(g.children, g.edges);
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
    response.top = await top(sizes, request.top.edges, request.top.hub);
  }
  return response;
}
