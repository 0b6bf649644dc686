// What the VPN nodes on the diagram can do: the VPN panel's own actions (renderer/vpn/vpn-actions.ts:
// connect; disconnect, or cancel while connecting), plus what belongs to the diagram (edit in the
// panel's form, dismiss a failure, fold the profiles group). Given to the nodes by context, so
// the nodes' data stays plain and comparable.
import { createContext, useContext } from 'react';
import type { VpnProfile } from '../../shared/vpn';

export { connectVpn, disconnectVpn } from '../vpn/vpn-actions';

export interface VpnDiagramActions {
  connect(p: VpnProfile): void;
  disconnect(p: VpnProfile): void;
  /** Opens the profile's form (OpenVPN profiles: the form edits those). */
  edit(p: VpnProfile): void;
  /** Hides this failure: the profile goes back to the profiles group. */
  dismiss(p: VpnProfile): void;
  toggleProfiles(): void;
}

const none: VpnDiagramActions = { connect() {}, disconnect() {}, edit() {}, dismiss() {}, toggleProfiles() {} };
export const VpnActionsContext = createContext<VpnDiagramActions>(none);
export const useVpnActions = () => useContext(VpnActionsContext);
