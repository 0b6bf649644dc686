// A namespace as a group box: its label, its loopback folded into a small chip, counts, a
// collapse toggle and, for a crowded namespace drawn in full, "summarise". The name comes first:
// it wraps onto a second line before it is cut, and a cut name has its full text as a title (and
// in the details panel). A summarised namespace has no "show all" in its header: its summaries
// each have one, and the header's took the room of the name ("lay…").
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GroupNode } from './graph';
import { dotOf, stateSummary } from './link-state';

export type NamespaceNodeData = { group: GroupNode; flash: boolean; hit: boolean; onToggle: (nsId: string) => void; onExpand: (nsId: string) => void };
export type NamespaceFlowNode = Node<NamespaceNodeData, 'namespace'>;

/**
 * What clicking the lo chip does: select that interface (the app sets it). Kept out of the node's
 * data, so the canvas's cache of nodes is not invalidated by a new function.
 */
export const pickInterface: { current: (nsId: string, ifindex: number) => void } = { current: () => {} };

function NamespaceNodeView({ data, selected }: NodeProps<NamespaceFlowNode>) {
  const g = data.group;
  const cls = ['nsbox', g.current && 'current', g.anonymous && 'anonymous', g.router && 'router', data.flash && 'flash', data.hit && 'hit', selected && 'selected', g.collapsed && 'collapsed']
    .filter(Boolean)
    .join(' ');
  const lo = g.lo;
  return (
    <div className={cls} data-testid={`ns-${g.label}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="handle" />
      <div className="nsbox-head">
        <button
          className="icon-button nodrag"
          aria-label={g.collapsed ? `Expand ${g.label}` : `Collapse ${g.label}`}
          aria-expanded={!g.collapsed}
          onClick={(e) => {
            e.stopPropagation();
            data.onToggle(g.nsId);
          }}
        >
          {g.collapsed ? '▸' : '▾'}
        </button>
        <span className="nsbox-label" title={g.label} data-testid="nsbox-label">{g.label}</span>
        {g.router && <span className="nsbox-router" title="Forwards packets (ip_forward / IPv6 forwarding on)" aria-label="router">⇄</span>}
        {lo && (
          <button
            className="lo-chip nodrag"
            data-testid={`lo-chip-${g.label}`}
            title={`${lo.name}: ${stateSummary(lo)}${lo.addresses.length ? ` · ${lo.addresses.join(', ')}` : ''} (click for its details)`}
            aria-label={`${lo.name} of ${g.label}: ${stateSummary(lo)}`}
            onClick={(e) => {
              e.stopPropagation();
              pickInterface.current(g.nsId, lo.ifindex);
            }}
          >
            <span className={`state-dot ${dotOf(lo)}`} aria-hidden />
            {lo.name}
          </button>
        )}
        {g.crowded && g.expanded && !g.collapsed && (
          <button
            className="summary-toggle nodrag"
            data-testid={`summary-toggle-${g.label}`}
            title="Draw its interfaces as one box per kind again"
            onClick={(e) => {
              e.stopPropagation();
              data.onExpand(g.nsId);
            }}
          >
            summarise
          </button>
        )}
        <span className="nsbox-count" title={`${g.upCount} of ${g.linkCount} interfaces set up`}>
          {g.upCount}/{g.linkCount}
        </span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="handle" />
    </div>
  );
}
export const NamespaceNode = memo(NamespaceNodeView);
