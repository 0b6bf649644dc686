// One interface in the picture: name, kind, its states and its addresses, at a fixed size so live
// changes never shift anything around it. Nothing is cut silently: an address too long for the
// box ends in an ellipsis and carries its full text as a title; more than two addresses show the
// first and "+N more" (address-lines.ts); the box's own title lists them all (and the details
// panel shows them).
import { memo } from 'react';
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { Link } from '../../shared/model';
import { addressLines } from './address-lines';
import { dotLabel, dotOf, stateSummary } from './link-state';

export type InterfaceNodeData = { link: Link; nsId: string; flash: boolean; hit: boolean; dim: boolean };
export type InterfaceFlowNode = Node<InterfaceNodeData, 'iface'>;

function InterfaceNodeView({ data, selected }: NodeProps<InterfaceFlowNode>) {
  const { link } = data;
  const { shown, rest } = addressLines(link.addresses);
  const cls = ['iface', link.up ? 'is-up' : 'is-down', data.flash && 'flash', data.hit && 'hit', data.dim && 'dim', selected && 'selected']
    .filter(Boolean)
    .join(' ');
  const title = [`${link.name} (${link.kind ?? 'device'}): ${stateSummary(link)}, MTU ${link.mtu}`, ...link.addresses].join('\n');
  return (
    <div className={cls} data-testid={`iface-${link.name}`} title={title}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="handle" />
      <div className="iface-head">
        <span className={`state-dot ${dotOf(link)}`} aria-label={dotLabel(link)} />
        <span className="iface-name" title={link.name}>{link.name}</span>
        <span className={`kind kind-${link.kind ?? 'plain'}`}>{link.kind ?? 'device'}</span>
      </div>
      <div className="iface-addrs">
        {shown.length === 0 ? <span className="muted">no address</span> : shown.map((a) => <span key={a} className="iface-addr" title={a}>{a}</span>)}
        {rest.length > 0 && <span className="iface-more" title={rest.join('\n')}>+{rest.length} more</span>}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="handle" />
    </div>
  );
}
export const InterfaceNode = memo(InterfaceNodeView);
