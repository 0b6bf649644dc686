// The minimap of a big picture: every namespace, from the layout memory. xyflow's own minimap
// draws the nodes React Flow holds, and in a big picture it holds only the window around the
// view (view-window.ts), so its map showed a few namespaces near the view, not the world. Drawn
// as one path per state colour (a few elements for 5000 namespaces, painted once), with the view
// as a hole in a mask; a click or a drag centres the view there.
import { memo, useMemo, useRef } from 'react';
import { Panel, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import type { GroupNode } from './graph';
import type { LayoutMemory } from './layout-memory';
import { overviewState } from './OverviewLayer';
import { boundsOf, type Rect } from './view-window';

/** Both minimaps' size (this one's, and xyflow's in a small picture). */
export const MINIMAP_SIZE = { width: 200, height: 150 };
/**
 * The corner of the canvas a minimap takes: its size, xyflow's panel margin (15 px) and 10 px of
 * air. Fits keep what they show out of it (TopologyCanvas fitTo), so the minimap is never over the
 * content the view was fitted to (issue 14).
 */
export const MINIMAP_CORNER = { width: MINIMAP_SIZE.width + 25, height: MINIMAP_SIZE.height + 25 };
const WIDTH = MINIMAP_SIZE.width;
const HEIGHT = MINIMAP_SIZE.height;
const STATES = ['up', 'some-down', 'down', 'empty'] as const;

/** The boxes as path data, one string per state colour. */
export function minimapPaths(groups: readonly GroupNode[], memory: LayoutMemory): Record<(typeof STATES)[number], string> & { count: number } {
  const parts: Record<(typeof STATES)[number], string[]> = { up: [], 'some-down': [], down: [], empty: [] };
  let count = 0;
  for (const g of groups) {
    const l = memory.groups.get(g.key);
    if (!l) continue;
    count++;
    parts[overviewState(g)].push(`M${l.x} ${l.y}h${l.w}v${l.h}h${-l.w}z`);
  }
  return { up: parts.up.join(''), 'some-down': parts['some-down'].join(''), down: parts.down.join(''), empty: parts.empty.join(''), count };
}

const Boxes = memo(function Boxes({ groups, memory }: { groups: readonly GroupNode[]; memory: LayoutMemory }) {
  const paths = useMemo(() => minimapPaths(groups, memory), [groups, memory]);
  return (
    <g data-testid="world-minimap-boxes" data-count={paths.count}>
      {STATES.map((s) => (paths[s] ? <path key={s} className={`wm-${s}`} d={paths[s]} /> : null))}
    </g>
  );
});

const viewOf = (s: ReactFlowState) => `${s.transform[0]} ${s.transform[1]} ${s.transform[2]} ${s.width} ${s.height}`;

/** `onMove`: the person moved the view with the map. */
export function WorldMiniMap({ groups, memory, onMove }: { groups: readonly GroupNode[]; memory: LayoutMemory; onMove?: () => void }) {
  const flow = useReactFlow();
  const [tx, ty, zoom, width, height] = useStore(viewOf).split(' ').map(Number) as [number, number, number, number, number];
  const view: Rect = { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
  const world = useMemo(() => boundsOf(memory), [memory]);
  // The map shows the world and the view, whichever reaches further, with a margin.
  const x0 = Math.min(world?.x ?? view.x, view.x);
  const y0 = Math.min(world?.y ?? view.y, view.y);
  const x1 = Math.max(world ? world.x + world.width : view.x + view.width, view.x + view.width);
  const y1 = Math.max(world ? world.y + world.height : view.y + view.height, view.y + view.height);
  const scale = Math.max((x1 - x0) / WIDTH, (y1 - y0) / HEIGHT) || 1;
  const vw = WIDTH * scale;
  const vh = HEIGHT * scale;
  const ox = x0 - (vw - (x1 - x0)) / 2 - 5 * scale;
  const oy = y0 - (vh - (y1 - y0)) / 2 - 5 * scale;
  const svg = useRef<SVGSVGElement>(null);
  const moving = useRef(false);
  const centreAt = (e: React.PointerEvent) => {
    onMove?.();
    const r = svg.current!.getBoundingClientRect();
    const wx = ox + ((e.clientX - r.left) / r.width) * (vw + 10 * scale);
    const wy = oy + ((e.clientY - r.top) / r.height) * (vh + 10 * scale);
    void flow.setViewport({ x: width / 2 - wx * zoom, y: height / 2 - wy * zoom, zoom });
  };
  return (
    <Panel position="bottom-right" className="react-flow__minimap world-minimap" data-testid="world-minimap">
      <svg
        ref={svg}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`${ox} ${oy} ${vw + 10 * scale} ${vh + 10 * scale}`}
        role="img"
        aria-label="Mini Map of every namespace"
        onPointerDown={(e) => {
          moving.current = true;
          (e.target as Element).setPointerCapture?.(e.pointerId);
          centreAt(e);
        }}
        onPointerMove={(e) => moving.current && centreAt(e)}
        onPointerUp={() => (moving.current = false)}
      >
        <Boxes groups={groups} memory={memory} />
        <path
          className="react-flow__minimap-mask"
          fillRule="evenodd"
          d={`M${ox - 10 * scale} ${oy - 10 * scale}h${vw + 30 * scale}v${vh + 30 * scale}h${-(vw + 30 * scale)}z M${view.x} ${view.y}h${view.width}v${view.height}h${-view.width}z`}
        />
      </svg>
    </Panel>
  );
}
