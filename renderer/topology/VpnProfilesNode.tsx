// The VPN profiles that are off, as one group on the canvas (folded to its header on request),
// each with its menu: connect, edit.
import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { VpnProfilesData } from './vpn-diagram';
import { endpointText } from './vpn-diagram';
import { useVpnActions } from './vpn-actions';
import { VpnMenu } from './VpnGatewayNode';
import './vpn-diagram.css';

export type VpnProfilesFlowNode = Node<VpnProfilesData, 'vpn-profiles'>;

function VpnProfilesNodeView({ data }: NodeProps<VpnProfilesFlowNode>) {
  const act = useVpnActions();
  const n = data.profiles.length;
  return (
    <div className="vpn-profiles" data-testid="vpn-profiles" role="group" aria-label="VPN profiles that are off">
      <button className="vpn-profiles-head nodrag" aria-expanded={data.open} onClick={() => act.toggleProfiles()}
        title={data.open ? 'Fold the list' : 'Show the list'}>
        <span aria-hidden>{data.open ? '▾' : '▸'}</span> VPN profiles <span className="muted">({n} off)</span>
      </button>
      {data.open && (
        <ul className="vpn-profiles-list">
          {data.profiles.map((p) => (
            <li key={p.uuid} className="vpn-profile-row" data-testid={`vpn-profile-${p.name}`} title={`${p.name} (${p.type}) to ${endpointText(p)}${p.lastError ? `\nlast failure: ${p.lastError}` : ''}`}>
              <span className="state-dot off" aria-hidden />
              <span className="vpn-profile-name">{p.name}</span>
              <span className="kind">{p.type}</span>
              <VpnMenu profile={p} phase="off" />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
export const VpnProfilesNode = memo(VpnProfilesNodeView);
