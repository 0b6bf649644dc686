// What the VPN nodes on the diagram can do: the same calls, titles and timeout as the VPN panel's
// switch (connect; disconnect, or cancel while connecting), plus what belongs to the diagram
// (edit in the panel's form, dismiss a failure, fold the profiles group). Given to the nodes by
// context, so the nodes' data stays plain and comparable.
import { createContext, useContext } from 'react';
import type { VpnProfile } from '../../shared/vpn';
import { run } from '../app/activity';

/** How long a connect may take before the app gives up and says so (the panel's figure). */
export const CONNECT_TIMEOUT_MS = 60_000;

export function connectVpn(p: VpnProfile) {
  return run('vpn.connect', { uuid: p.uuid, timeoutMs: CONNECT_TIMEOUT_MS }, `Connect ${p.name}`);
}

/** Disconnect; while connecting it cancels the attempt (connect then answers "canceled"). */
export function disconnectVpn(p: VpnProfile) {
  return run('vpn.disconnect', { uuid: p.uuid }, p.active?.state === 'activating' ? `Cancel connecting ${p.name}` : `Disconnect ${p.name}`);
}

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
