// The picture: namespaces as groups, interfaces inside, edges between. Node objects are cached
// by key and reused while nothing about them changed, so an event for one interface re-renders
// that interface only.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow, useStore,
  type Edge, type NodeChange, type NodeMouseHandler, type OnNodeDrag,
} from '@xyflow/react';
import type { Link } from '../../shared/model';
import { overviewEdges, type GroupNode, type TopologyGraph } from './graph';
import type { LayoutMemory, Point } from './layout-memory';
import { InterfaceNode, type InterfaceFlowNode } from './InterfaceNode';
import { NamespaceNode, type NamespaceFlowNode } from './NamespaceNode';
import { RoutedEdge } from './RoutedEdge';
import { SummaryNode, sameSummary, type SummaryFlowNode } from './SummaryNode';
import { ROUTE_LIMIT, WIRE_LIMIT, boxesOf, routeWires } from './route';
import type { VpnProfile } from '../../shared/vpn';
import { useVpnLayer, vpnNodeTypes, type VpnFlowNode } from './vpn-layer';

const nodeTypes = { iface: InterfaceNode, namespace: NamespaceNode, summary: SummaryNode, ...vpnNodeTypes };
const edgeTypes = { routed: RoutedEdge };

/**
 * Below this zoom an interface is a box a few pixels wide, its text unreadable: the picture then
 * shows the namespaces only, joined by one edge per pair (graph.ts overviewEdges). Drawing every
 * interface of 1000 namespaces there cost seconds of style and layout in the browser.
 */
export const OVERVIEW_ZOOM = 0.2;
type FlowNode = InterfaceFlowNode | NamespaceFlowNode | SummaryFlowNode | VpnFlowNode;

export type Selection = { type: 'namespace'; nsId: string } | { type: 'interface'; nsId: string; ifindex: number } | null;

/** What a namespace node shows and is used for: comparing these, not the whole group (its list of
 * every interface), keeps a rebuild of 1000 namespaces cheap. */
const sameGroupView = (a: GroupNode, b: GroupNode): boolean =>
  a.nsId === b.nsId && a.label === b.label && a.current === b.current && a.anonymous === b.anonymous &&
  a.collapsed === b.collapsed && a.linkCount === b.linkCount && a.upCount === b.upCount && a.lo === b.lo &&
  a.crowded === b.crowded && a.expanded === b.expanded;

export interface DropTarget {
  kind: 'namespace' | 'bridge';
  nsId: string;
  ifindex?: number;
}

interface Props {
  graph: TopologyGraph;
  memory: LayoutMemory;
  recent: ReadonlySet<string>;
  hits: ReadonlySet<string>;
  /** Search hits folded into a summary, by summary (search.ts). */
  hitsInside?: ReadonlyMap<string, readonly string[]>;
  focus: { keys: string[]; token: number };
  onSelect: (s: Selection) => void;
  onToggle: (nsId: string) => void;
  /** Shows a crowded namespace interface by interface, or summarised again. */
  onExpand: (nsId: string) => void;
  onDrop: (from: { nsId: string; link: Link }, to: DropTarget) => void;
  onGroupMoved: (key: string, x: number, y: number) => void;
  /** NetworkManager's VPN profiles: drawn on top of the layout (vpn-layer.tsx). */
  vpnProfiles?: readonly VpnProfile[];
  /** Whether the minimap is shown (View menu). Off, it is not mounted at all: xyflow's minimap
   * subscribes to its store once per node, so a hidden one still cost every store update a walk
   * of 5000 selectors at 1000 namespaces (docs/PERFORMANCE.md). */
  minimap?: boolean;
}

export function TopologyCanvas(p: Props) {
  const flow = useReactFlow<FlowNode, Edge>();
  const cache = useRef(new Map<string, FlowNode>());
  const edgeCache = useRef(new Map<string, Edge>());
  const edgesShown = useRef<Edge[]>([]);

  const base = useMemo(() => {
    const out: FlowNode[] = [];
    const next = new Map<string, FlowNode>();
    // A node object is made only when its view changed: the rest are the cached objects, so a
    // change to one interface allocates one node, not 5000 (garbage collection was a third of it).
    const keep = <T extends FlowNode>(id: string, same: (old: T) => boolean, make: () => T): T => {
      const old = cache.current.get(id) as T | undefined;
      const v = old && same(old) ? old : make();
      next.set(id, v);
      return v;
    };
    for (const g of p.graph.groups) {
      const l = p.memory.groups.get(g.key);
      if (!l) continue;
      const flash = p.recent.has(g.key);
      const hit = p.hits.has(g.key);
      out.push(
        keep<NamespaceFlowNode>(
          g.key,
          (o) => o.position.x === l.x && o.position.y === l.y && o.width === l.w && o.height === l.h &&
            o.data.flash === flash && o.data.hit === hit && o.data.onToggle === p.onToggle && o.data.onExpand === p.onExpand &&
            sameGroupView(o.data.group, g),
          () => ({
            id: g.key, type: 'namespace', position: { x: l.x, y: l.y }, width: l.w, height: l.h, style: { width: l.w, height: l.h }, measured: { width: l.w, height: l.h },
            data: { group: g, flash, hit, onToggle: p.onToggle, onExpand: p.onExpand }, dragHandle: '.nsbox-head', selectable: true,
          }),
        ),
      );
    }
    const dimOthers = p.hits.size > 0;
    for (const n of p.graph.interfaces) {
      const at = p.memory.groups.get(n.group)?.children.get(n.key);
      if (!at) continue;
      const flash = p.recent.has(n.key);
      const hit = p.hits.has(n.key);
      const dim = dimOthers && !hit;
      out.push(
        keep<InterfaceFlowNode>(
          n.key,
          (o) => o.position.x === at.x && o.position.y === at.y && o.data.link === n.link && o.data.flash === flash && o.data.hit === hit && o.data.dim === dim,
          () => ({ id: n.key, type: 'iface', parentId: n.group, position: at, data: { link: n.link, nsId: n.nsId, flash, hit, dim }, width: 196, height: 64, measured: { width: 196, height: 64 } }),
        ),
      );
    }
    for (const n of p.graph.summaries) {
      const at = p.memory.groups.get(n.group)?.children.get(n.key);
      if (!at) continue;
      const hit = p.hits.has(n.key);
      const found = p.hitsInside?.get(n.key);
      out.push(
        keep<SummaryFlowNode>(
          n.key,
          (o) => o.position.x === at.x && o.position.y === at.y && o.data.onExpand === p.onExpand && sameSummary(o.data.summary, n) && o.data.hit === hit && o.data.found === found,
          () => ({ id: n.key, type: 'summary', parentId: n.group, position: at, data: { summary: n, onExpand: p.onExpand, hit, found }, draggable: false, width: 196, height: 64, measured: { width: 196, height: 64 } }),
        ),
      );
    }
    cache.current = next;
    return out;
  }, [p.graph, p.memory, p.recent, p.hits, p.hitsInside, p.onToggle, p.onExpand]);

  const zoom = useStore((s) => s.transform[2]);
  const overview = zoom < OVERVIEW_ZOOM;
  // Wires around the boxes (route.ts), recomputed when a place or a wire changes (not when a
  // link goes up or down: the memory is then the same object); a world with more interfaces than
  // ROUTE_LIMIT or more wires than WIRE_LIMIT keeps plain curves (docs/PERFORMANCE.md has the costs).
  const routing = useMemo(() => {
    if (p.graph.interfaces.length > ROUTE_LIMIT || p.graph.edges.length > WIRE_LIMIT || p.memory.groups.size === 0) return { routes: new Map<string, Point[]>(), ms: 0 };
    const t0 = performance.now();
    const routes = routeWires(boxesOf(p.graph, p.memory), p.graph.edges);
    return { routes, ms: Math.round(performance.now() - t0) };
  }, [p.graph, p.memory]);
  const edges = useMemo(() => {
    const next = new Map<string, Edge>();
    let same = true;
    const before = edgesShown.current;
    const out = (overview ? overviewEdges(p.graph) : p.graph.edges).map((e, i) => {
      const old = edgeCache.current.get(e.key);
      const points = overview ? undefined : routing.routes.get(e.key);
      const v =
        old && old.source === e.source && old.target === e.target && old.data?.points === points
          ? old
          : { id: e.key, source: e.source, target: e.target, className: `edge-${e.kind}`, type: 'routed', data: { points }, focusable: false };
      next.set(e.key, v);
      if (before[i] !== v) same = false;
      return v;
    });
    edgeCache.current = next;
    // The same edges as before: the same array, so xyflow does not adopt every edge again (it
    // rebuilds its whole connection lookup for a new array, 2000 edges at 1000 namespaces).
    if (same && out.length === before.length) return before;
    edgesShown.current = out;
    return out;
  }, [p.graph, overview, routing]);

  // Nodes follow the layout, and drags move them until they are dropped.
  const [nodes, setNodes] = useState<FlowNode[]>(base);
  // Nodes carry their known size (measured): without it xyflow forgets a node's measurements when
  // we hand it a new copy, and re-renders every node, off screen too, on each live update.
  // Taken while rendering, not in an effect: an effect drew the whole canvas once with the old
  // nodes and then once more with the new ones, for every change.
  const [nodesOf, setNodesOf] = useState(base);
  if (nodesOf !== base) {
    setNodesOf(base);
    setNodes(base);
  }
  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const shown = useMemo(() => (overview ? nodes.filter((n) => n.type === 'namespace') : nodes), [nodes, overview]);
  // Extra nodes and edges drawn on top of the layout, placed from the drawn boxes: the VPNs.
  const vpn = useVpnLayer(p.vpnProfiles ?? noProfiles, nodes, overview);
  const allNodes = useMemo(() => (vpn.nodes.length ? [...shown, ...vpn.nodes] : shown), [shown, vpn.nodes]);
  const allEdges = useMemo(() => (vpn.edges.length ? [...edges, ...vpn.edges] : edges), [edges, vpn.edges]);

  const fitted = useRef(false);
  /** The view shows the whole picture (Fit View, or the first one) and nobody has moved it since. */
  const wholeInView = useRef(false);
  useEffect(() => {
    if (!fitted.current && base.length) {
      fitted.current = true;
      wholeInView.current = true;
      requestAnimationFrame(() => void flow.fitView({ padding: 0.1 }));
    }
  }, [base.length, flow]);
  useEffect(() => {
    if (!p.focus.keys.length) return;
    wholeInView.current = false;
    void flow.fitView({ nodes: p.focus.keys.map((id) => ({ id })), duration: 400, padding: 0.3, maxZoom: 1.2 });
  }, [p.focus, flow]);
  // When the canvas narrows or widens (the details panel opens, the window is resized), the whole
  // picture stays whole if it was, and otherwise what was in the middle stays in the middle:
  // React Flow alone keeps the top left corner, and the panel then covered the right of the lab.
  const width = useStore((s) => s.width);
  const lastWidth = useRef(width);
  useEffect(() => {
    const before = lastWidth.current;
    lastWidth.current = width;
    if (!before || !width || before === width) return;
    if (wholeInView.current) void flow.fitView({ padding: 0.1 });
    else {
      const v = flow.getViewport();
      void flow.setViewport({ ...v, x: v.x + (width - before) / 2 });
    }
  }, [width, flow]);

  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback(
    (_e, n) => {
      if (n.type === 'iface') p.onSelect({ type: 'interface', nsId: n.data.nsId, ifindex: n.data.link.ifindex });
      else if (n.type === 'summary') p.onSelect({ type: 'namespace', nsId: n.data.summary.nsId });
      else if (n.type === 'namespace') p.onSelect({ type: 'namespace', nsId: n.data.group.nsId });
    },
    [p],
  );

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(
    (_e, node) => {
      if (node.type === 'summary') return;
      if (node.type === 'namespace') {
        p.onGroupMoved(node.id, node.position.x, node.position.y);
        return;
      }
      const me = node as InterfaceFlowNode;
      const under = flow.getIntersectingNodes(node).filter((n) => n.id !== node.id) as FlowNode[];
      const bridge = under.find((n): n is InterfaceFlowNode => n.type === 'iface' && n.data.link.kind === 'bridge' && n.data.nsId === me.data.nsId);
      const group = under.find((n): n is NamespaceFlowNode => n.type === 'namespace' && n.data.group.nsId !== me.data.nsId);
      setNodes(base); // back to its place: the kernel's events will say where it really is
      if (bridge) p.onDrop({ nsId: me.data.nsId, link: me.data.link }, { kind: 'bridge', nsId: bridge.data.nsId, ifindex: bridge.data.link.ifindex });
      else if (group) p.onDrop({ nsId: me.data.nsId, link: me.data.link }, { kind: 'namespace', nsId: group.data.group.nsId });
    },
    [base, flow, p],
  );

  return vpn.wrap(
    <ReactFlow<FlowNode, Edge>
      className={overview ? 'overview' : undefined}
      nodes={allNodes}
      edges={allEdges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDragStop={onNodeDragStop}
      onPaneClick={() => p.onSelect(null)}
      onMoveStart={(e) => {
        // a pan or zoom by the user (programmatic moves come without an event)
        if (e) wholeInView.current = false;
      }}
      nodesConnectable={false}
      onlyRenderVisibleElements
      minZoom={0.05}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
      aria-label="Network namespaces"
    >
      <div hidden data-testid="route-stats" data-route-ms={routing.ms} data-routed={routing.routes.size} />
      <Background gap={24} />
      <Controls showInteractive={false} onFitView={() => (wholeInView.current = true)} />
      {p.minimap !== false && <MiniMap pannable zoomable bgColor="var(--bg-soft)" maskColor="var(--minimap-mask)" nodeColor="var(--line)" nodeClassName={(n) => (n.type === 'namespace' ? 'mini-ns' : 'mini-if')} />}
    </ReactFlow>,
  );
}
const noProfiles: readonly VpnProfile[] = [];
