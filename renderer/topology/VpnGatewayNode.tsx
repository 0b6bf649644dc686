// A VPN's remote gateway on the diagram: the profile's name and type, the remote it goes to, its
// state live (activating, activated with its address, failed with the reason), and a menu with
// what can be done now. Its edge comes from the tunnel interface (vpn-diagram.ts).
import { memo } from 'react';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { VpnProfile } from '../../shared/vpn';
import type { VpnGatewayData, VpnPhase } from './vpn-diagram';
import { useVpnActions } from './vpn-actions';
import './vpn-diagram.css';

export type VpnGatewayFlowNode = Node<VpnGatewayData, 'vpn-gateway'>;

/** The menu of one profile, on a gateway or in the profiles group: what fits its state. */
export function VpnMenu({ profile: p, phase }: { profile: VpnProfile; phase: VpnPhase }) {
  const act = useVpnActions();
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <button className="icon-button nodrag vpn-menu-button" aria-label={`${p.name}: actions`} title="Connect, disconnect, edit">⋯</button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" sideOffset={4} align="end">
          <Menu.Label className="menu-label">{p.name} · {p.type}</Menu.Label>
          {phase === 'activating' && <Menu.Item className="menu-item" onSelect={() => act.disconnect(p)}>Cancel connecting</Menu.Item>}
          {phase === 'activated' && <Menu.Item className="menu-item" onSelect={() => act.disconnect(p)}>Disconnect</Menu.Item>}
          {phase === 'deactivating' && <Menu.Item className="menu-item" disabled>Disconnecting…</Menu.Item>}
          {(phase === 'off' || phase === 'failed') && <Menu.Item className="menu-item" onSelect={() => act.connect(p)}>{phase === 'failed' ? 'Connect again' : 'Connect'}</Menu.Item>}
          {p.type === 'openvpn' && <Menu.Item className="menu-item" onSelect={() => act.edit(p)}>Edit…</Menu.Item>}
          {phase === 'failed' && (
            <>
              <Menu.Separator className="menu-separator" />
              <Menu.Item className="menu-item" onSelect={() => act.dismiss(p)}>Dismiss this failure</Menu.Item>
            </>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

function VpnGatewayNodeView({ data }: NodeProps<VpnGatewayFlowNode>) {
  const p = data.profile;
  const title = [`${p.name} (${p.type}) to ${data.endpoint}`, data.stateText, data.tunnel ? `tunnel: ${data.tunnel}` : 'no tunnel interface yet'].join('\n');
  return (
    <div className={`vpn-gw vpn-${data.phase}${data.pending ? ' vpn-pending' : ''}`} data-testid={`vpn-gateway-${p.name}`} data-phase={data.phase} data-from={data.from ?? ''}
      data-pending={data.pending ? '1' : '0'} title={title}
      role="group" aria-label={`VPN ${p.name} (${p.type}) to ${data.endpoint}: ${data.stateText}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="handle" />
      <div className="vpn-gw-head">
        <svg className="vpn-gw-icon" width="14" height="16" viewBox="0 0 14 16" aria-hidden>
          <path d="M7 1.2 12.6 3.3V7.6C12.6 10.9 10.3 13.6 7 14.8 3.7 13.6 1.4 10.9 1.4 7.6V3.3Z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        </svg>
        <span className="vpn-gw-name">{p.name}</span>
        <span className="kind">{p.type}</span>
        <VpnMenu profile={p} phase={data.phase} />
      </div>
      <div className="vpn-gw-endpoint" title={`the remote gateway: ${data.endpoint}`}><span className="vpn-gw-word">remote</span> {data.endpoint}</div>
      <div className="vpn-gw-state" data-testid="vpn-gateway-state">
        <span className={`state-dot ${data.phase === 'activated' ? 'up' : data.phase === 'failed' ? 'down' : 'nocarrier'}`} aria-hidden />
        <span>{data.stateText}</span>
      </div>
    </div>
  );
}
export const VpnGatewayNode = memo(VpnGatewayNodeView);
