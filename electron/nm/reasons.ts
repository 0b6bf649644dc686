// NetworkManager's numeric states and reasons, in words. Numbers are from NetworkManager's
// nm-dbus-interface.h (NMActiveConnectionState, NMActiveConnectionStateReason,
// NMVpnConnectionState, NMVpnConnectionStateReason), stable across releases.
import type { VpnActive } from '../../shared/vpn';

const activeStates: VpnActive['state'][] = ['unknown', 'activating', 'activated', 'deactivating', 'deactivated'];
const vpnStates: NonNullable<VpnActive['vpnState']>[] = [
  'unknown', 'prepare', 'need-auth', 'connect', 'ip-config-get', 'activated', 'failed', 'disconnected',
];

export const activeStateName = (n: number): VpnActive['state'] => activeStates[n] ?? 'unknown';
export const vpnStateName = (n: number): NonNullable<VpnActive['vpnState']> => vpnStates[n] ?? 'unknown';

/** NMActiveConnectionStateReason: the VPN-related ones share their numbers with NMVpnConnectionStateReason (0-11). */
const reasonWords: Record<number, string | null> = {
  0: 'for an unknown reason',
  1: null, // "none": not worth a sentence
  2: 'disconnected by the user',
  3: 'the underlying network connection went down',
  4: 'the VPN service stopped unexpectedly',
  5: 'the VPN service returned an invalid IP configuration',
  6: 'the connection attempt to the VPN server timed out',
  7: 'the VPN service did not start in time',
  8: 'the VPN service failed to start',
  9: 'no secrets (password, key pass phrase) were given',
  10: 'the login failed: the server refused the user name, password or certificate',
  11: 'the connection was deleted',
  12: 'a connection it depends on failed',
  13: 'the virtual device could not be created',
  14: 'the device was removed',
};

/** Words for a state-change reason, or null when NetworkManager gave none. */
export function reasonText(reason: number): string | null {
  if (Object.hasOwn(reasonWords, reason)) return reasonWords[reason] ?? null;
  return `for reason ${reason} (not known to this version)`;
}

/** A failure sentence for a VPN that did not come up. */
export function failureText(name: string, reason: number): string {
  const why = reasonText(reason);
  return why ? `the VPN ${name} did not come up: ${why}` : `the VPN ${name} did not come up`;
}

/** A failure sentence for a VPN that was up and went down without the user asking. */
export function droppedText(name: string, reason: number): string {
  const why = reasonText(reason);
  return why ? `the VPN ${name} went down: ${why}` : `the VPN ${name} went down`;
}

/** NM's own secret flags (NMSettingSecretFlags). */
export const secretFlags = { saved: 0, agentOwned: 1, notSaved: 2, notRequired: 4 } as const;
