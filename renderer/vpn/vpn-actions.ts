// The VPN actions, one implementation for every place that offers them: the panel's switch and
// the diagram's node menus (renderer/topology/vpn-actions.ts hands these to the nodes). Connect
// with the app's timeout; disconnect, which cancels an attempt while it connects. What each
// attempt is doing goes into one store (attempts.ts), so the panel shows it wherever it began.
import type { VpnProfile } from '../../shared/vpn';
import { run } from '../app/activity';
import { createStore } from '../app/store';
import { connectBegan, connectEnded, disconnectBegan, disconnectEnded, noAttempts } from './attempts';
import { switchOn } from './row-state';

/** How long a connect may take before the app gives up and says so (counted on the row while connecting). */
export const CONNECT_TIMEOUT_MS = 60_000;

export const vpnAttempts = createStore(noAttempts);

/** `nmcli --ask connection up uuid UUID`, given up after CONNECT_TIMEOUT_MS. */
export async function connectVpn(p: VpnProfile) {
  vpnAttempts.set((a) => connectBegan(a, p.uuid, Date.now()));
  const r = await run('vpn.connect', { uuid: p.uuid, timeoutMs: CONNECT_TIMEOUT_MS }, `Connect ${p.name}`);
  vpnAttempts.set((a) => connectEnded(a, p.uuid, r));
  return r;
}

/** `nmcli connection down uuid UUID`; while connecting it cancels the attempt (connect then answers "canceled"). */
export async function disconnectVpn(p: VpnProfile) {
  vpnAttempts.set((a) => disconnectBegan(a, p.uuid));
  const r = await run('vpn.disconnect', { uuid: p.uuid }, p.active?.state === 'activating' ? `Cancel connecting ${p.name}` : `Disconnect ${p.name}`);
  vpnAttempts.set((a) => disconnectEnded(a, p.uuid));
  return r;
}

/** The switch: on (connected or connecting) disconnects, off connects. */
export const toggleVpn = (p: VpnProfile) => (switchOn(p) ? disconnectVpn(p) : connectVpn(p));
