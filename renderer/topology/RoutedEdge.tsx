// A wire drawn along the route that route.ts found around the boxes (straight segments and right
// angles). Without a route (a big world, or while the ends are not both laid out) it is a curve
// between the two sides, as React Flow would draw it.
import { memo } from 'react';
import { getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { Point } from './layout-memory';

export type RoutedEdgeData = { points?: Point[] };
export type RoutedFlowEdge = Edge<RoutedEdgeData, 'routed'>;

export const pathOf = (points: Point[]): string => `M${points.map((p) => `${p.x},${p.y}`).join(' L')}`;

function RoutedEdgeView({ data, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }: EdgeProps<RoutedFlowEdge>) {
  const d = data?.points ? pathOf(data.points) : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition })[0];
  return (
    <>
      <path d={d} className="react-flow__edge-path" fill="none" data-source={source} data-target={target} data-routed={data?.points ? '1' : '0'} />
    </>
  );
}
export const RoutedEdge = memo(RoutedEdgeView);
