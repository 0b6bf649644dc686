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
import type { LayoutMemory } from './layout-memory';
import { InterfaceNode, type InterfaceFlowNode } from './InterfaceNode';
import { NamespaceNode, type NamespaceFlowNode } from './NamespaceNode';
import type { VpnProfile } from '../../shared/vpn';
import { useVpnLayer, vpnNodeTypes, type VpnFlowNode } from './vpn-layer';

const nodeTypes = { iface: InterfaceNode, namespace: NamespaceNode, ...vpnNodeTypes };

/**
 * Below this zoom an interface is a box a few pixels wide, its text unreadable: the picture then
 * shows the namespaces only, joined by one edge per pair (graph.ts overviewEdges). Drawing every
 * interface of 1000 namespaces there cost seconds of style and layout in the browser.
 */
export const OVERVIEW_ZOOM = 0.2;
type FlowNode = InterfaceFlowNode | NamespaceFlowNode | VpnFlowNode;

export type Selection = { type: 'namespace'; nsId: string } | { type: 'interface'; nsId: string; ifindex: number } | null;

/** What a namespace node shows and is used for: comparing these, not the whole group (its list of
 * every interface), keeps a rebuild of 1000 namespaces cheap. */
const sameGroupView = (a: GroupNode, b: GroupNode): boolean =>
  a.nsId === b.nsId && a.label === b.label && a.current === b.current && a.anonymous === b.anonymous &&
  a.collapsed === b.collapsed && a.linkCount === b.linkCount && a.upCount === b.upCount && a.lo === b.lo;

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
  focus: { keys: string[]; token: number };
  onSelect: (s: Selection) => void;
  onToggle: (nsId: string) => void;
  onDrop: (from: { nsId: string; link: Link }, to: DropTarget) => void;
  onGroupMoved: (key: string, x: number, y: number) => void;
  /** NetworkManager's VPN profiles: drawn on top of the layout (vpn-layer.tsx). */
  vpnProfiles?: readonly VpnProfile[];
}

export function TopologyCanvas(p: Props) {
  const flow = useReactFlow<FlowNode, Edge>();
  const cache = useRef(new Map<string, FlowNode>());
  const edgeCache = useRef(new Map<string, Edge>());

  const base = useMemo(() => {
    const out: FlowNode[] = [];
    const next = new Map<string, FlowNode>();
    const keep = <T extends FlowNode>(n: T, same: (old: T) => boolean): T => {
      const old = cache.current.get(n.id) as T | undefined;
      const v = old && same(old) ? old : n;
      next.set(n.id, v);
      return v;
    };
    for (const g of p.graph.groups) {
      const l = p.memory.groups.get(g.key);
      if (!l) continue;
      const data = { group: g, flash: p.recent.has(g.key), hit: p.hits.has(g.key), onToggle: p.onToggle };
      out.push(
        keep<NamespaceFlowNode>(
          { id: g.key, type: 'namespace', position: { x: l.x, y: l.y }, width: l.w, height: l.h, style: { width: l.w, height: l.h }, measured: { width: l.w, height: l.h }, data, dragHandle: '.nsbox-head', selectable: true },
          (o) => o.position.x === l.x && o.position.y === l.y && o.width === l.w && o.height === l.h &&
            o.data.flash === data.flash && o.data.hit === data.hit && o.data.onToggle === data.onToggle &&
            sameGroupView(o.data.group, g),
        ),
      );
    }
    const dimOthers = p.hits.size > 0;
    for (const n of p.graph.interfaces) {
      const at = p.memory.groups.get(n.group)?.children.get(n.key);
      if (!at) continue;
      const data = { link: n.link, nsId: n.nsId, flash: p.recent.has(n.key), hit: p.hits.has(n.key), dim: dimOthers && !p.hits.has(n.key) };
      out.push(
        keep<InterfaceFlowNode>(
          { id: n.key, type: 'iface', parentId: n.group, position: at, data, width: 196, height: 64, measured: { width: 196, height: 64 } },
          (o) => o.position.x === at.x && o.position.y === at.y && o.data.link === n.link && o.data.flash === data.flash && o.data.hit === data.hit && o.data.dim === data.dim,
        ),
      );
    }
    cache.current = next;
    return out;
  }, [p.graph, p.memory, p.recent, p.hits, p.onToggle]);

  const zoom = useStore((s) => s.transform[2]);
  const overview = zoom < OVERVIEW_ZOOM;
  const edges = useMemo(() => {
    const next = new Map<string, Edge>();
    const out = (overview ? overviewEdges(p.graph) : p.graph.edges).map((e) => {
      const old = edgeCache.current.get(e.key);
      const v = old && old.source === e.source && old.target === e.target ? old : { id: e.key, source: e.source, target: e.target, className: `edge-${e.kind}`, type: e.kind === 'veth' ? 'default' : 'smoothstep', focusable: false };
      next.set(e.key, v);
      return v;
    });
    edgeCache.current = next;
    return out;
  }, [p.graph, overview]);

  // Nodes follow the layout, and drags move them until they are dropped.
  const [nodes, setNodes] = useState<FlowNode[]>(base);
  // Nodes carry their known size (measured): without it xyflow forgets a node's measurements when
  // we hand it a new copy, and re-renders every node, off screen too, on each live update.
  useEffect(() => setNodes(base), [base]);
  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const shown = useMemo(() => (overview ? nodes.filter((n) => n.type === 'namespace') : nodes), [nodes, overview]);
  // Extra nodes and edges drawn on top of the layout, placed from the drawn boxes: the VPNs.
  const vpn = useVpnLayer(p.vpnProfiles ?? noProfiles, nodes, overview);
  const allNodes = useMemo(() => (vpn.nodes.length ? [...shown, ...vpn.nodes] : shown), [shown, vpn.nodes]);
  const allEdges = useMemo(() => (vpn.edges.length ? [...edges, ...vpn.edges] : edges), [edges, vpn.edges]);

  const fitted = useRef(false);
  useEffect(() => {
    if (!fitted.current && base.length) {
      fitted.current = true;
      requestAnimationFrame(() => void flow.fitView({ padding: 0.1 }));
    }
  }, [base.length, flow]);
  useEffect(() => {
    if (p.focus.keys.length) void flow.fitView({ nodes: p.focus.keys.map((id) => ({ id })), duration: 400, padding: 0.3, maxZoom: 1.2 });
  }, [p.focus, flow]);

  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback(
    (_e, n) => {
      if (n.type === 'iface') p.onSelect({ type: 'interface', nsId: n.data.nsId, ifindex: n.data.link.ifindex });
      else if (n.type === 'namespace') p.onSelect({ type: 'namespace', nsId: n.data.group.nsId });
    },
    [p],
  );

  const onNodeDragStop: OnNodeDrag<FlowNode> = useCallback(
    (_e, node) => {
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
      onNodesChange={onNodesChange}
      onNodeClick={onNodeClick}
      onNodeDragStop={onNodeDragStop}
      onPaneClick={() => p.onSelect(null)}
      nodesConnectable={false}
      onlyRenderVisibleElements
      minZoom={0.05}
      maxZoom={2}
      proOptions={{ hideAttribution: true }}
      aria-label="Network namespaces"
    >
      <Background gap={24} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable bgColor="var(--bg-soft)" maskColor="var(--minimap-mask)" nodeColor="var(--line)" nodeClassName={(n) => (n.type === 'namespace' ? 'mini-ns' : 'mini-if')} />
    </ReactFlow>,
  );
}
const noProfiles: readonly VpnProfile[] = [];
