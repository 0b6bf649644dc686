// One interface in the picture: name, kind, up/down and its addresses, at a fixed size so live
// changes never shift anything around it.
import { memo } from 'react';
import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { Link } from '../../shared/model';

export type InterfaceNodeData = { link: Link; nsId: string; flash: boolean; hit: boolean; dim: boolean };
export type InterfaceFlowNode = Node<InterfaceNodeData, 'iface'>;

function InterfaceNodeView({ data, selected }: NodeProps<InterfaceFlowNode>) {
  const { link } = data;
  const shown = link.addresses.slice(0, 2);
  const more = link.addresses.length - shown.length;
  const cls = ['iface', link.up ? 'is-up' : 'is-down', data.flash && 'flash', data.hit && 'hit', data.dim && 'dim', selected && 'selected']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls} data-testid={`iface-${link.name}`} title={`${link.name}: ${link.operstate}, MTU ${link.mtu}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="handle" />
      <div className="iface-head">
        <span className={`state-dot ${link.up ? (link.carrier ? 'up' : 'nocarrier') : 'down'}`} aria-label={link.up ? 'up' : 'down'} />
        <span className="iface-name">{link.name}</span>
        <span className={`kind kind-${link.kind ?? 'plain'}`}>{link.kind ?? 'device'}</span>
      </div>
      <div className="iface-addrs">
        {shown.length === 0 ? <span className="muted">no address</span> : shown.map((a) => <span key={a}>{a}</span>)}
        {more > 0 && <span className="muted">+{more} more</span>}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="handle" />
    </div>
  );
}
export const InterfaceNode = memo(InterfaceNodeView);
