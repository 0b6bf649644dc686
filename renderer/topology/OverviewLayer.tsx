// The picture from far away (zoom below OVERVIEW_ZOOM): every namespace as one light SVG box
// (its name, how many of its interfaces are up, a state colour) and one line per pair of
// namespaces joined by anything, drawn in the viewport's own coordinates. One element per
// namespace, outside React Flow: as xyflow nodes, 1000 namespace boxes cost seconds to mount
// (a node wrapper, store subscriptions and a ResizeObserver each; docs/PERFORMANCE.md).
import { memo } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { GraphEdge, GroupNode } from './graph';
import type { GroupLayout } from './layout-memory';
import './overview.css';

/** The state colour of a namespace: every interface up, some down, all down, or none at all. */
export function overviewState(g: GroupNode): 'up' | 'some-down' | 'down' | 'empty' {
  if (g.linkCount === 0) return 'empty';
  if (g.upCount === g.linkCount) return 'up';
  return g.upCount === 0 ? 'down' : 'some-down';
}

interface BoxProps {
  group: GroupNode;
  at: GroupLayout;
  flash: boolean;
  hit: boolean;
  onPick: (nsId: string) => void;
}

const OverviewBox = memo(function OverviewBox({ group: g, at, flash, hit, onPick }: BoxProps) {
  const cls = ['ov-ns', `ov-${overviewState(g)}`, g.current && 'current', g.anonymous && 'anonymous', flash && 'flash', hit && 'hit'].filter(Boolean).join(' ');
  // Big enough to be read once the view is close to the zoom where interfaces come back.
  const size = Math.min(40, Math.max(14, at.h * 0.28));
  return (
    <g className={cls} data-testid={`ns-${g.label}`} transform={`translate(${at.x} ${at.y})`} onClick={() => onPick(g.nsId)}>
      <title>{`${g.label}: ${g.upCount} of ${g.linkCount} interfaces set up (zoom in to see them)`}</title>
      <rect width={at.w} height={at.h} rx={10} />
      <text className="ov-label" x={10} y={size + 6} fontSize={size}>{g.label}</text>
      <text className="ov-count" x={10} y={2 * size + 12} fontSize={size * 0.8}>{`${g.upCount}/${g.linkCount} up`}</text>
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
  /** Labels are drawn only where they can be read (a few pixels high they are noise). */
  labels: boolean;
  onPick: (nsId: string) => void;
}

const centre = (g: GroupLayout) => [g.x + g.w / 2, g.y + g.h / 2] as const;

/** The lines between the boxes' centres, under the boxes. */
const OverviewEdges = memo(function OverviewEdges({ edges, layout }: Pick<Props, 'edges' | 'layout'>) {
  return (
    <g data-testid="overview-edges">
      {edges.map((e) => {
        const a = layout.get(e.source);
        const b = layout.get(e.target);
        if (!a || !b) return null;
        const [x1, y1] = centre(a);
        const [x2, y2] = centre(b);
        return <line key={e.key} className="ov-edge" data-testid={`ov-edge-${e.key}`} x1={x1} y1={y1} x2={x2} y2={y2} />;
      })}
    </g>
  );
});

export function OverviewLayer(p: Props) {
  return (
    <ViewportPortal>
      <svg className={p.labels ? 'overview-layer' : 'overview-layer no-labels'} data-testid="overview" width={1} height={1}>
        <OverviewEdges edges={p.edges} layout={p.layout} />
        {p.groups.map((g) => {
          const at = p.layout.get(g.key);
          return at ? <OverviewBox key={g.key} group={g} at={at} flash={p.recent.has(g.key)} hit={p.hits.has(g.key)} onPick={p.onPick} /> : null;
        })}
      </svg>
    </ViewportPortal>
  );
}
