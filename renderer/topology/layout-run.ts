// What the layout worker computes for one request, apart from the worker's messaging, so unit
// tests and benchmarks can run the same code in Node.
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import { packAroundHubs } from './pack';
import { LAYERED_TOP_LIMIT, SIZE, gridInterior, orientAroundHubs, type LayoutRequest, type LayoutResponse, type Point } from './layout-memory';

/**
 * elk, loaded on the first layered layout: its bundle is 1.5 MB, and a big picture is packed by
 * pack.ts without it, so the worker that places 1000 namespaces answers without loading it first.
 */
let elk: Promise<{ layout: (graph: ElkNode) => Promise<ElkNode> }> | null = null;
const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

/**
 * Places the namespaces. Layered (up to LAYERED_TOP_LIMIT): each wire leaves its namespace box
 * from a port at its interface's height, on the side facing the other end, so elk orders the
 * neighbours as the interfaces are ordered and the wires do not cross (three hosts on a switch
 * sit in the order of its ports).
 */
async function top(
  sizes: Map<string, { w: number; h: number }>,
  edges: [string, string][],
  interiors: LayoutResponse['interiors'],
  hub?: string,
  wires: [string, string, string, string][] = [],
): Promise<Record<string, Point>> {
  const unique = orientAroundHubs([...sizes.keys()], edges, hub);
  const forward = new Set(unique.map(([s, t]) => `${s}~${t}`));
  const ports = new Map<string, ElkPort[]>();
  const portEdges: ElkExtendedEdge[] = [];
  const seen = new Set<string>();
  const port = (group: string, end: string, side: 'EAST' | 'WEST'): string => {
    const id = `${end}@${side}`;
    const list = ports.get(group) ?? ports.set(group, []).get(group)!;
    if (!list.some((p) => p.id === id)) {
      const size = sizes.get(group)!;
      const at = interiors[group]?.children[end];
      const y = at ? at.y + SIZE.ifHeight / 2 : size.h / 2;
      list.push({ id, x: side === 'EAST' ? size.w : 0, y, width: 1, height: 1, layoutOptions: { 'elk.port.side': side } });
    }
    return id;
  };
  for (const [gs, gt, es, et] of wires) {
    const [g1, g2, e1, e2] = forward.has(`${gs}~${gt}`) ? [gs, gt, es, et] : [gt, gs, et, es];
    if (!sizes.has(g1) || !sizes.has(g2) || !forward.has(`${g1}~${g2}`)) continue;
    const id = `${e1}~${e2}`;
    if (seen.has(id)) continue;
    seen.add(id);
    portEdges.push({ id: `w${portEdges.length}`, sources: [port(g1, e1, 'EAST')], targets: [port(g2, e2, 'WEST')] });
  }
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': String(SIZE.groupGap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(SIZE.groupGap * 1.5),
      'elk.separateConnectedComponents': 'true',
      'elk.spacing.componentComponent': String(SIZE.groupGap),
      'elk.aspectRatio': '1.8',
    },
    children: [...sizes].map(([id, s]) => {
      const own = ports.get(id);
      return own ? { id, width: s.w, height: s.h, ports: own, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } } : { id, width: s.w, height: s.h };
    }),
    edges: portEdges.length ? portEdges : unique.map(([s, t], i) => ({ id: `g${i}`, sources: [s], targets: [t] })),
  };
  const out = await (await loadElk()).layout(graph);
  const pos: Record<string, Point> = {};
  for (const c of out.children ?? []) pos[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return pos;
}

/** Interiors: each namespace's interfaces in a grid (layout-memory.ts gridInterior). Top: the
 * namespaces as boxes of those sizes, layered along the veth edges around the host as the hub;
 * above LAYERED_TOP_LIMIT, around their hubs by pack.ts (elk's rectpacking took seconds). */
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
    response.top =
      request.top.groups.length <= LAYERED_TOP_LIMIT
        ? await top(sizes, request.top.edges, interiors, request.top.hub, request.top.wires)
        : packAroundHubs(sizes, request.top.edges, request.top.hub);
  }
  return response;
}
