// The picture: namespaces as groups, interfaces inside, edges between. Node objects are cached
// by key and reused while nothing about them changed, so an event for one interface re-renders
// that interface only.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  Background, ControlButton, Controls, MiniMap, ReactFlow, applyNodeChanges, useReactFlow, useStore, useStoreApi,
  Position, type Edge, type NodeChange, type NodeHandle, type NodeMouseHandler, type OnNodeDrag, type ReactFlowState,
} from '@xyflow/react';
import type { Link } from '../../shared/model';
import { overviewEdges, type GraphEdge, type GroupNode, type TopologyGraph } from './graph';
import type { LayoutMemory, Point } from './layout-memory';
import { InterfaceNode, type InterfaceFlowNode } from './InterfaceNode';
import { NamespaceNode, type NamespaceFlowNode } from './NamespaceNode';
import { RoutedEdge } from './RoutedEdge';
import { SummaryNode, sameSummary, type SummaryFlowNode } from './SummaryNode';
import { ROUTE_LIMIT, WIRE_LIMIT, boxesOf, routeWires } from './route';
import type { VpnProfile } from '../../shared/vpn';
import { useVpnLayer, vpnNodeTypes, type VpnFlowNode } from './vpn-layer';
import { OverviewLayer } from './OverviewLayer';
import { MINIMAP_CORNER, MINIMAP_SIZE, WorldMiniMap } from './WorldMiniMap';
import { fitViewport, sameViewport, type Viewport } from './fit';
import { nodesNear } from './window-nodes';
import { CULL_ABOVE, boundsOf, groupsIn, parseWindow, windowKey, type Rect } from './view-window';

const nodeTypes = { iface: InterfaceNode, namespace: NamespaceNode, summary: SummaryNode, ...vpnNodeTypes };
const edgeTypes = { routed: RoutedEdge };

/**
 * Below this zoom an interface is a box a few pixels wide, its text unreadable: the picture then
 * shows the namespaces only, joined by one line per pair (graph.ts overviewEdges), drawn by
 * OverviewLayer outside React Flow. Drawing every interface of 1000 namespaces there cost
 * seconds of style and layout in the browser, and 1000 namespace nodes seconds in xyflow.
 */
export const OVERVIEW_ZOOM = 0.2;
/**
 * In a big picture (more nodes than CULL_ABOVE) the overview lasts up to this zoom: below it an
 * interface's name is under 6 px high, and drawing hundreds of interfaces nobody can read cost
 * every frame and every change their style, layout and paint.
 */
export const BIG_OVERVIEW_ZOOM = 0.45;
const overviewOf = (s: ReactFlowState) => s.transform[2] < OVERVIEW_ZOOM;
const bigOverviewOf = (s: ReactFlowState) => s.transform[2] < BIG_OVERVIEW_ZOOM;
const windowOf = (s: ReactFlowState) => windowKey(s.transform, s.width, s.height);
type FlowNode = InterfaceFlowNode | NamespaceFlowNode | SummaryFlowNode | VpnFlowNode;

/**
 * Where a node's two handles are (xyflow's 6 px handles, centred on the left and right sides).
 * Known up front, xyflow need not draw a node it has not seen yet just to measure them: it draws
 * every node without measured handles, off screen too (getNodesInside's forceInitialRender),
 * which made zooming into a big picture mount hundreds of nodes at once.
 */
const sideHandles = (w: number, h: number): NodeHandle[] => [
  { type: 'target', position: Position.Left, x: -3, y: h / 2 - 3, width: 6, height: 6 },
  { type: 'source', position: Position.Right, x: w - 3, y: h / 2 - 3, width: 6, height: 6 },
];
const ifaceHandles = sideHandles(196, 64);

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
            id: g.key, type: 'namespace', position: { x: l.x, y: l.y }, width: l.w, height: l.h, style: { width: l.w, height: l.h }, measured: { width: l.w, height: l.h }, handles: sideHandles(l.w, l.h),
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
          () => ({ id: n.key, type: 'iface', parentId: n.group, position: at, data: { link: n.link, nsId: n.nsId, flash, hit, dim }, width: 196, height: 64, measured: { width: 196, height: 64 }, handles: ifaceHandles }),
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
          () => ({ id: n.key, type: 'summary', parentId: n.group, position: at, data: { summary: n, onExpand: p.onExpand, hit, found }, draggable: false, width: 196, height: 64, measured: { width: 196, height: 64 }, handles: ifaceHandles }),
        ),
      );
    }
    cache.current = next;
    return out;
  }, [p.graph, p.memory, p.recent, p.hits, p.hitsInside, p.onToggle, p.onExpand]);

  // Wires around the boxes (route.ts), recomputed when a place or a wire changes (not when a
  // link goes up or down: the memory is then the same object); a world with more interfaces than
  // ROUTE_LIMIT or more wires than WIRE_LIMIT keeps plain curves (docs/PERFORMANCE.md has the costs).
  const routing = useMemo(() => {
    if (p.graph.interfaces.length > ROUTE_LIMIT || p.graph.edges.length > WIRE_LIMIT || p.memory.groups.size === 0) return { routes: new Map<string, Point[]>(), ms: 0 };
    const t0 = performance.now();
    const routes = routeWires(boxesOf(p.graph, p.memory), p.graph.edges);
    return { routes, ms: Math.round(performance.now() - t0) };
  }, [p.graph, p.memory]);
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

  // What React Flow is given: nothing of the layout in the overview (OverviewLayer draws it);
  // in a big picture, the namespaces in and around the view and the other ends of their
  // wires, a hub's only inside the window (window-nodes.ts); in a small one, everything.
  const cull = base.length > CULL_ABOVE;
  const overview = useStore(cull ? bigOverviewOf : overviewOf);
  const windowKeyNow = useStore(cull ? windowOf : noWindow);
  const win = useMemo(() => parseWindow(windowKeyNow), [windowKeyNow]);
  const near = useMemo(() => (cull && win ? groupsIn(p.memory, win) : null), [cull, win, p.memory]);
  const shownBefore = useRef<FlowNode[]>([]);
  const [fitDone, setFitDone] = useState(false);
  const shown = useMemo(() => {
    // Nothing before the first view is fitted: React Flow would draw the top left corner of a
    // big picture at zoom 1 first (hundreds of nodes mounted, then dropped for the overview).
    if (overview || !fitDone) return noNodes;
    if (!near) return nodes;
    // A hub's wires only to the namespaces in the window (window-nodes.ts).
    const out = nodesNear(nodes, near, p.graph.edges);
    // The same nodes as before: the same array, so xyflow does not adopt them again.
    const before = shownBefore.current;
    if (out.length === before.length && out.every((n, i) => n === before[i])) return before;
    shownBefore.current = out;
    return out;
  }, [nodes, overview, near, p.graph.edges, fitDone]);
  const overviewLines = useMemo(() => (overview ? overviewEdges(p.graph) : noEdges), [overview, p.graph]);

  const edges = useMemo(() => {
    const next = new Map<string, Edge>();
    let same = true;
    const before = edgesShown.current;
    const there = shown === nodes ? null : new Set(shown.map((n) => n.id));
    const out = (overview ? noEdges : there ? p.graph.edges.filter((e) => there.has(e.source) && there.has(e.target)) : p.graph.edges).map((e, i) => {
      const old = edgeCache.current.get(e.key);
      const points = routing.routes.get(e.key);
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
  }, [p.graph, overview, routing, shown, nodes]);

  // Extra nodes and edges drawn on top of the layout, placed from the drawn boxes: the VPNs. In
  // the overview, the namespace boxes their lines start from are given to React Flow too.
  const vpn = useVpnLayer(p.vpnProfiles ?? noProfiles, nodes, overview);
  const allNodes = useMemo(() => {
    if (!vpn.nodes.length) return shown;
    if (!overview) return [...shown, ...vpn.nodes];
    const ends = new Set(vpn.edges.flatMap((e) => [e.source, e.target]));
    return [...nodes.filter((n) => n.type === 'namespace' && ends.has(n.id)), ...vpn.nodes];
  }, [shown, vpn.nodes, vpn.edges, overview, nodes]);
  const allEdges = useMemo(() => (vpn.edges.length ? [...edges, ...vpn.edges] : edges), [edges, vpn.edges]);

  // Views are fitted from the layout memory, not from React Flow's nodes: in a big picture it
  // holds only those near the view, and in the overview none.
  const store = useStoreApi<FlowNode, Edge>();
  const memoryNow = useRef(p.memory);
  memoryNow.current = p.memory;
  const minimapNow = useRef(p.minimap !== false);
  minimapNow.current = p.minimap !== false;
  /** Where the view was last sent (fitTo), to tell a resize that asks for the same from one that does not. */
  const target = useRef<Viewport | null>(null);
  /**
   * Sends the view to show `r` whole, out of the minimap's corner when it is shown (what is in
   * `boxes` never under it). The canvas's size is read from the page, not from React Flow's
   * store: the store learns a new size a frame later (a ResizeObserver), and a pick in the side
   * list opens the details panel in the same render as it asks for the move, so a fit for the
   * store's size was made for the canvas before the panel (issue 14).
   */
  const fitTo = useCallback(
    (r: Rect | null, o: { padding: number; maxZoom?: number; duration?: number; refit?: boolean }, boxes: Iterable<Rect> = r ? [r] : []) => {
      const { domNode, width: storeWidth, height: storeHeight, minZoom, maxZoom } = store.getState();
      const width = domNode?.offsetWidth || storeWidth;
      const height = domNode?.offsetHeight || storeHeight;
      if (!r || !width || !height) return false;
      const v = fitViewport(r, { width, height }, { padding: o.padding, minZoom, maxZoom: Math.min(maxZoom, o.maxZoom ?? maxZoom) }, minimapNow.current ? { corner: MINIMAP_CORNER, boxes } : undefined);
      // A refit to where the view already goes: the move under way goes on (setting it again
      // without a duration would end it where it is).
      if (o.refit && target.current && sameViewport(v, target.current)) return true;
      void flow.setViewport(v, { duration: o.duration });
      target.current = v;
      return true;
    },
    [flow, store],
  );
  const vpnNow = useRef(vpn.nodes);
  vpnNow.current = vpn.nodes;
  /** What the view frames, refitted when the canvas changes size or the minimap comes or goes:
   * the whole picture (Fit View, the first view), the keys of a focus, or nothing (the person
   * moved it since). */
  const framing = useRef<'whole' | readonly string[] | null>(null);
  /** The whole picture: every namespace and the VPN nodes drawn beside them. */
  const fitWhole = useCallback((refit = false) => {
    const boxes: Rect[] = [...memoryNow.current.groups.values()].map((g) => ({ x: g.x, y: g.y, width: g.w, height: g.h }));
    for (const n of vpnNow.current) boxes.push({ x: n.position.x, y: n.position.y, width: n.width ?? 0, height: n.height ?? 0 });
    const r = boundsOf(memoryNow.current);
    for (const n of vpnNow.current) {
      if (!r) break;
      const [x1, y1] = [Math.min(r.x, n.position.x), Math.min(r.y, n.position.y)];
      const x2 = Math.max(r.x + r.width, n.position.x + (n.width ?? 0));
      const y2 = Math.max(r.y + r.height, n.position.y + (n.height ?? 0));
      Object.assign(r, { x: x1, y: y1, width: x2 - x1, height: y2 - y1 });
    }
    if (!fitTo(r, { padding: 0.1, refit }, boxes)) return false;
    framing.current = 'whole';
    return true;
  }, [fitTo]);
  /** What a focus names brought into view: moved there in 400 ms, or at once when refitted. */
  const fitFocus = useCallback((keys: readonly string[], refit = false) => {
    if (!fitTo(boundsOf(memoryNow.current, keys), { padding: 0.3, maxZoom: 1.2, duration: refit ? undefined : 400, refit })) return false;
    framing.current = keys;
    return true;
  }, [fitTo]);

  const fitted = useRef(false);
  // Before the first paint with a layout: the first picture is the whole one, not a corner of
  // it at zoom 1 drawn first.
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useLayoutEffect(() => {
    if (!fitted.current && p.memory.groups.size && fitWhole()) {
      fitted.current = true;
      setFitDone(true);
    }
  }, [p.memory, fitWhole, width]);
  // A focus waits until what it names is placed: a namespace that just appeared is picked in
  // the side list before the worker has laid it out.
  const focusDone = useRef<Props['focus'] | null>(null);
  useEffect(() => {
    if (!p.focus.keys.length || focusDone.current === p.focus) return;
    if (!fitFocus(p.focus.keys)) return;
    focusDone.current = p.focus;
  }, [p.focus, p.memory, fitFocus]);
  // When the canvas changes size (the details panel opens, the window is resized, the bottom
  // panel opens) or the minimap comes or goes, what the view framed stays framed: the whole
  // picture, or what a focus brought into view (a move under way to the same place goes on). A
  // view the person moved keeps what was in its middle across in the middle: React Flow alone
  // keeps the top left corner, and the details panel then covered the right of the lab.
  const lastSize = useRef({ width, height, minimap: p.minimap !== false });
  useEffect(() => {
    const before = lastSize.current;
    const minimap = p.minimap !== false;
    lastSize.current = { width, height, minimap };
    if (!before.width || !width || (before.width === width && before.height === height && before.minimap === minimap)) return;
    const f = framing.current;
    if (f === 'whole' ? fitWhole(true) : f ? fitFocus(f, true) : false) return;
    // (a focus on what is gone frames nothing)
    framing.current = null;
    // across only: the bottom panel opening under a view the person placed leaves its top where it was
    if (before.width !== width) {
      const v = flow.getViewport();
      void flow.setViewport({ ...v, x: v.x + (width - before.width) / 2 });
    }
  }, [width, height, p.minimap, flow, fitWhole, fitFocus]);
  /** The person moved the view (a drag, the wheel, the zoom buttons, the minimap) or a box: nothing is framed any more. */
  const movedByHand = useCallback(() => {
    framing.current = null;
    target.current = null;
  }, []);
  // The whole picture stays whole as it grows or shrinks (a namespace appears, a VPN's gateway is
  // drawn beside its tunnel, a failed one goes) until the person moves the view or a box: the
  // first view and Fit View show everything, and a gateway half off the canvas said otherwise.
  // (A refit to the same view does nothing: most events change no outline.)
  useEffect(() => {
    if (fitted.current && framing.current === 'whole') fitWhole(true);
  }, [p.memory, vpn.nodes, fitWhole]);

  // Every handler given to React Flow is the same function from render to render, reading the
  // latest props through a ref: React Flow copies each changed prop into its store, and every
  // store update runs every drawn node's selector (hundreds), so a new arrow function per render
  // cost each live change a walk over all drawn nodes per handler.
  const latest = useRef({ p, base });
  latest.current = { p, base };
  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback((_e, n) => {
    const { p } = latest.current;
    if (n.type === 'iface') p.onSelect({ type: 'interface', nsId: n.data.nsId, ifindex: n.data.link.ifindex });
    else if (n.type === 'summary') p.onSelect({ type: 'namespace', nsId: n.data.summary.nsId });
    else if (n.type === 'namespace') p.onSelect({ type: 'namespace', nsId: n.data.group.nsId });
  }, []);
  const pickNamespace = useCallback((nsId: string) => latest.current.p.onSelect({ type: 'namespace', nsId }), []);
  const onPaneClick = useCallback(() => latest.current.p.onSelect(null), []);
  const onMoveStart = useCallback((e: MouseEvent | TouchEvent | null) => {
    // a pan or zoom by the user (programmatic moves come without an event)
    if (e) movedByHand();
  }, [movedByHand]);

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(
    (_e, node) => {
      const { p, base } = latest.current;
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
    [flow],
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
      onNodeDragStart={movedByHand}
      onNodeDragStop={onNodeDragStop}
      onPaneClick={onPaneClick}
      onMoveStart={onMoveStart}
      nodesConnectable={false}
      onlyRenderVisibleElements
      minZoom={0.05}
      maxZoom={2}
      proOptions={proOptions}
      aria-label="Network namespaces"
    >
      <div hidden data-testid="route-stats" data-route-ms={routing.ms} data-routed={routing.routes.size} />
      <Background gap={24} />
      {/* Fit View from the layout (see fitTo), in the place and with the name of xyflow's own. */}
      <Controls showInteractive={false} showFitView={false} onZoomIn={movedByHand} onZoomOut={movedByHand}>
        <ControlButton className="react-flow__controls-fitview" onClick={() => void fitWhole()} title="Fit View" aria-label="Fit View">
          <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden>
            <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
          </svg>
        </ControlButton>
      </Controls>
      {overview && <OverviewLayer groups={p.graph.groups} layout={p.memory.groups} edges={overviewLines} recent={p.recent} hits={p.hits} onPick={pickNamespace} />}
      {/* A big picture's React Flow holds only the window around the view: its map is drawn from the layout. */}
      {/* Fits keep their content out of its corner (MINIMAP_CORNER); moving the view with it frees the view from what was framed. */}
      {p.minimap !== false && cull && <WorldMiniMap groups={p.graph.groups} memory={p.memory} onMove={movedByHand} />}
      {p.minimap !== false && !cull && (
        <div onPointerDownCapture={movedByHand} onWheelCapture={movedByHand}>
          <MiniMap pannable zoomable style={MINIMAP_SIZE} bgColor="var(--bg-soft)" maskColor="var(--minimap-mask)" nodeColor="var(--line)" nodeClassName={(n) => (n.type === 'namespace' ? 'mini-ns' : 'mini-if')} />
        </div>
      )}
    </ReactFlow>,
  );
}
const noProfiles: readonly VpnProfile[] = [];
const noNodes: FlowNode[] = [];
const proOptions = { hideAttribution: true };
const noEdges: GraphEdge[] = [];
const noWindow = () => '';
