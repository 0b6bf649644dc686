// Many interfaces of one kind in a crowded namespace as one box: "300 veth → 300 namespaces",
// how many are up, and a button that draws them all (graph.ts SUMMARY_LIMIT). Same size as an
// interface box, so the layout treats it as one.
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { SummaryNode as Summary } from './graph';

export type SummaryNodeData = { summary: Summary; onExpand: (nsId: string) => void };
export type SummaryFlowNode = Node<SummaryNodeData, 'summary'>;

export const sameSummary = (a: Summary, b: Summary): boolean =>
  a.count === b.count && a.upCount === b.upCount && a.peerNamespaces === b.peerNamespaces && a.kind === b.kind;

function SummaryNodeView({ data }: NodeProps<SummaryFlowNode>) {
  const s = data.summary;
  const where = s.peerNamespaces ? ` → ${s.peerNamespaces} namespace${s.peerNamespaces === 1 ? '' : 's'}` : '';
  return (
    <div className="iface summary" data-testid={`summary-${s.kind}`} title={`${s.count} ${s.kind} interfaces${where}, ${s.upCount} set up. Show all draws each one.`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="handle" />
      <div className="iface-head">
        <span className="iface-name">{s.count} {s.kind}{where}</span>
      </div>
      <div className="iface-addrs">
        <span>{s.upCount} up · {s.count - s.upCount} down</span>
        <button
          className="summary-expand nodrag"
          onClick={(e) => {
            e.stopPropagation();
            data.onExpand(s.nsId);
          }}
        >
          show all {s.count}
        </button>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="handle" />
    </div>
  );
}
export const SummaryNode = memo(SummaryNodeView);
