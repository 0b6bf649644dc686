// Many interfaces of one kind in a crowded namespace as one box: "300 veth → 300 namespaces",
// how many are up, and a button that draws them all (graph.ts SUMMARY_LIMIT). Same size as an
// interface box, so the layout treats it as one. A search that finds interfaces folded into it
// marks it and names them (search.ts).
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { SummaryNode as Summary } from './graph';

export type SummaryNodeData = { summary: Summary; onExpand: (nsId: string) => void; hit?: boolean; found?: readonly string[] };
export type SummaryFlowNode = Node<SummaryNodeData, 'summary'>;

export const sameSummary = (a: Summary, b: Summary): boolean =>
  a.count === b.count && a.upCount === b.upCount && a.peerNamespaces === b.peerNamespaces && a.kind === b.kind;

function SummaryNodeView({ data }: NodeProps<SummaryFlowNode>) {
  const s = data.summary;
  const where = s.peerNamespaces ? ` → ${s.peerNamespaces} namespace${s.peerNamespaces === 1 ? '' : 's'}` : '';
  const found = data.found ?? [];
  const title = `${s.count} ${s.kind} interfaces${where}, ${s.upCount} set up. Show all draws each one.${found.length ? `\nFound inside: ${found.join(', ')}` : ''}`;
  return (
    <div className={`iface summary${data.hit ? ' hit' : ''}`} data-testid={`summary-${s.kind}`} title={title}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="handle" />
      <div className="iface-head">
        <span className="iface-name">{s.count} {s.kind}{where}</span>
      </div>
      <div className="iface-addrs">
        {found.length ? (
          <span className="summary-found" data-testid="summary-found">
            found inside: {found.slice(0, 2).join(', ')}{found.length > 2 ? ` +${found.length - 2}` : ''}
          </span>
        ) : (
          <span>{s.upCount} up · {s.count - s.upCount} down</span>
        )}
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
