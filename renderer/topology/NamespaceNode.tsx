// A namespace as a group box: its label, counts and a collapse toggle.
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GroupNode } from './graph';

export type NamespaceNodeData = { group: GroupNode; flash: boolean; hit: boolean; onToggle: (nsId: string) => void };
export type NamespaceFlowNode = Node<NamespaceNodeData, 'namespace'>;

function NamespaceNodeView({ data, selected }: NodeProps<NamespaceFlowNode>) {
  const g = data.group;
  const cls = ['nsbox', g.current && 'current', g.anonymous && 'anonymous', g.router && 'router', data.flash && 'flash', data.hit && 'hit', selected && 'selected', g.collapsed && 'collapsed']
    .filter(Boolean)
    .join(' ');
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
        <span className="nsbox-label">{g.label}</span>
        {g.router && <span className="nsbox-router" title="Forwards packets (ip_forward / IPv6 forwarding on)" aria-label="router">⇄ router</span>}
        <span className="nsbox-count" title={`${g.upCount} of ${g.linkCount} interfaces up`}>
          {g.upCount}/{g.linkCount}
        </span>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="handle" />
    </div>
  );
}
export const NamespaceNode = memo(NamespaceNodeView);
