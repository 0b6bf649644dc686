// The picture from far away (zoom below OVERVIEW_ZOOM): every namespace as one light SVG box
// (its name, how many of its interfaces are up, a state colour) and one line per pair of
// namespaces joined by anything, drawn in the viewport's own coordinates. One element per
// namespace, outside React Flow: as xyflow nodes, 1000 namespace boxes cost seconds to mount
// (a node wrapper, store subscriptions and a ResizeObserver each; docs/PERFORMANCE.md).
import { memo, useMemo } from 'react';
import { ViewportPortal, useStore, type ReactFlowState } from '@xyflow/react';
import type { GraphEdge, GroupNode } from './graph';
import type { GroupLayout } from './layout-memory';
import './overview.css';

/** The state colour of a namespace: every interface up, some down, all down, or none at all. */
export function overviewState(g: GroupNode): 'up' | 'some-down' | 'down' | 'empty' {
  if (g.linkCount === 0) return 'empty';
  if (g.upCount === g.linkCount) return 'up';
  return g.upCount === 0 ? 'down' : 'some-down';
}

/** Names are drawn from this height on screen (px; as before, from zoom 0.15 in a small lab): smaller, they are noise. */
const READABLE_PX = 6;
/** The hubs' names are drawn this high on screen whatever the zoom. */
const HUB_PX = 13;
/** At most this many hubs are named at once (the most connected first). */
const HUBS_NAMED = 12;

/** The font size (picture units) that fits a namespace's name into its box. */
export function labelSize(label: string, at: Pick<GroupLayout, 'w' | 'h'>): number {
  return Math.min(at.h * 0.28, 40, (at.w - 20) / (0.6 * Math.max(4, label.length)));
}

interface BoxProps {
  group: GroupNode;
  at: GroupLayout;
  flash: boolean;
  hit: boolean;
  /** Its name and counts are drawn (they are READABLE_PX high on screen or more). */
  named: boolean;
  onPick: (nsId: string) => void;
}

const OverviewBox = memo(function OverviewBox({ group: g, at, flash, hit, named, onPick }: BoxProps) {
  const cls = ['ov-ns', `ov-${overviewState(g)}`, g.current && 'current', g.anonymous && 'anonymous', flash && 'flash', hit && 'hit'].filter(Boolean).join(' ');
  const size = labelSize(g.label, at);
  return (
    <g className={cls} data-testid={`ns-${g.label}`} transform={`translate(${at.x} ${at.y})`} onClick={() => onPick(g.nsId)}>
      <title>{`${g.label}: ${g.upCount} of ${g.linkCount} interfaces set up (zoom in to see them)`}</title>
      <rect width={at.w} height={at.h} rx={10} />
      {named && (
        <>
          <text className="ov-label" x={10} y={size + 6} fontSize={size}>{g.label}</text>
          {2 * size + 12 < at.h && <text className="ov-count" x={10} y={2 * size + 12} fontSize={size * 0.8}>{`${g.upCount}/${g.linkCount} up`}</text>}
        </>
      )}
    </g>
  );
});

interface Props {
  groups: readonly GroupNode[];
  layout: ReadonlyMap<string, GroupLayout>;
  /** One edge per pair of namespaces (graph.ts overviewEdges). */
  edges: readonly GraphEdge[];
  recent: ReadonlySet<string>;
  hits: ReadonlySet<string>;
  onPick: (nsId: string) => void;
}

const centre = (g: GroupLayout) => [g.x + g.w / 2, g.y + g.h / 2] as const;

/** Where the line from a box's centre towards (dx, dy) leaves the box, a little outside it. */
function border(g: GroupLayout, dx: number, dy: number): [number, number] {
  const [cx, cy] = centre(g);
  const t = Math.min(dx ? (g.w / 2 + 6) / Math.abs(dx) : Infinity, dy ? (g.h / 2 + 6) / Math.abs(dy) : Infinity);
  return [cx + dx * t, cy + dy * t];
}

/** The line between two boxes, from border to border (null when they overlap). */
export function overviewLine(a: GroupLayout, b: GroupLayout): [number, number, number, number] | null {
  const [ax, ay] = centre(a);
  const [bx, by] = centre(b);
  const [dx, dy] = [bx - ax, by - ay];
  if (!dx && !dy) return null;
  const [x1, y1] = border(a, dx, dy);
  const [x2, y2] = border(b, -dx, -dy);
  // boxes that touch or overlap: the ends crossed over
  if ((x2 - x1) * dx + (y2 - y1) * dy <= 0) return null;
  return [x1, y1, x2, y2];
}

/**
 * The lines between the boxes, from border to border and drawn above the boxes: a line to the
 * hub crosses the boxes between, and under them it was hidden, so a far namespace seemed joined
 * to nothing (issue 14). Above, with the boxes' fill showing through, the star is seen.
 */
const OverviewEdges = memo(function OverviewEdges({ edges, layout }: Pick<Props, 'edges' | 'layout'>) {
  return (
    <g data-testid="overview-edges">
      {edges.map((e) => {
        const a = layout.get(e.source);
        const b = layout.get(e.target);
        const l = a && b ? overviewLine(a, b) : null;
        if (!l) return null;
        return <line key={e.key} className="ov-edge" data-testid={`ov-edge-${e.key}`} x1={l[0]} y1={l[1]} x2={l[2]} y2={l[3]} />;
      })}
    </g>
  );
});

/** The namespaces joined to at least three others, the most joined first: the picture's hubs. */
export function hubsOf(groups: readonly GroupNode[], edges: readonly GraphEdge[], most = HUBS_NAMED): GroupNode[] {
  const degree = new Map<string, number>();
  for (const e of edges) for (const k of [e.source, e.target]) degree.set(k, (degree.get(k) ?? 0) + 1);
  return groups
    .filter((g) => (degree.get(g.key) ?? 0) >= 3)
    .sort((a, b) => degree.get(b.key)! - degree.get(a.key)! || (a.label < b.label ? -1 : 1))
    .slice(0, most);
}

/** The hubs' names, on a plate, the same size on screen at every zoom and above everything. */
const HubNames = memo(function HubNames({ hubs, layout, zoom }: { hubs: GroupNode[]; layout: Props['layout']; zoom: number }) {
  const size = HUB_PX / zoom;
  return (
    <g className="ov-hubs" data-testid="overview-hubs">
      {hubs.map((g) => {
        const at = layout.get(g.key);
        if (!at) return null;
        const [cx, cy] = centre(at);
        const w = (g.label.length * 0.6 + 1) * size;
        return (
          <g key={g.key} className="ov-hub" data-testid={`ov-hub-${g.label}`} transform={`translate(${cx} ${cy})`}>
            <rect x={-w / 2} y={-size * 0.85} width={w} height={size * 1.6} rx={size * 0.3} />
            <text textAnchor="middle" y={size * 0.35} fontSize={size}>{g.label}</text>
          </g>
        );
      })}
    </g>
  );
});

/** The zoom in steps of a quarter of a doubling: the names are looked at again only then. */
const zoomStepOf = (s: ReactFlowState) => 2 ** (Math.round(Math.log2(s.transform[2]) * 4) / 4);

export function OverviewLayer(p: Props) {
  const zoom = useStore(zoomStepOf);
  const hubs = useMemo(() => hubsOf(p.groups, p.edges), [p.groups, p.edges]);
  // a hub whose own name is readable in its box needs no plate
  const plates = useMemo(() => hubs.filter((g) => { const at = p.layout.get(g.key); return !!at && labelSize(g.label, at) * zoom < READABLE_PX; }), [hubs, p.layout, zoom]);
  return (
    <ViewportPortal>
      <svg className="overview-layer" data-testid="overview" width={1} height={1}>
        {p.groups.map((g) => {
          const at = p.layout.get(g.key);
          const named = !!at && labelSize(g.label, at) * zoom >= READABLE_PX;
          return at ? <OverviewBox key={g.key} group={g} at={at} flash={p.recent.has(g.key)} hit={p.hits.has(g.key)} named={named} onPick={p.onPick} /> : null;
        })}
        <OverviewEdges edges={p.edges} layout={p.layout} />
        <HubNames hubs={plates} layout={p.layout} zoom={zoom} />
      </svg>
    </ViewportPortal>
  );
}
