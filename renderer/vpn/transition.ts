// What a change of a VPN profile means to a person: connected, failed, disconnected, or nothing.
import { isLinkLocal } from '../../shared/ip';
import type { VpnProfile } from '../../shared/vpn';

/**
 * The address the VPN gave the tunnel: its IPv4 one, else an IPv6 one that is not link-local.
 * Every tunnel has an fe80:: address of its own, often before the server's arrives: that one
 * says nothing of the VPN (a "connected" notice once named it instead of 10.8.99.2/24).
 */
export function tunnelAddress(p: VpnProfile): string | undefined {
  return p.active?.ipv4?.addresses[0] ?? p.active?.ipv6?.addresses.find((a) => !isLinkLocal(a));
}

/** What a change of a profile means to a person, if anything. */
export function vpnTransition(before: VpnProfile | undefined, after: VpnProfile): { title: string; body?: string; tone: 'ok' | 'info' | 'error' } | null {
  const was = before?.active?.state;
  // Connected is when the VPN itself says so and the tunnel has its address: NetworkManager
  // reports the VPN activated a moment before the address (and its connection state may even
  // step back to activating in between), so the address is what makes the news complete.
  // WireGuard has no VPN state of its own: its connection state says it.
  const on = (p: VpnProfile | undefined) => {
    const a = p?.active;
    if (!a) return false;
    return p.serviceType === null ? a.state === 'activated' : a.vpnState === 'activated';
  };
  const up = (p: VpnProfile | undefined) => on(p) && tunnelAddress(p!) !== undefined;
  if (up(after) && !up(before)) {
    const addr = tunnelAddress(after);
    return { title: `${after.name} connected`, body: addr ? `address ${addr}${after.active?.device ? ` on ${after.active.device}` : ''}` : undefined, tone: 'ok' };
  }
  if (after.lastError && after.lastError !== before?.lastError) return { title: `${after.name} failed`, body: after.lastError, tone: 'error' };
  // Gone: no active connection any more, or one that says deactivated (not a passing step back).
  // Once only: after "deactivated" the active connection also goes away (and its VPN state may
  // still say activated), which is the same news again.
  const gone = (p: VpnProfile | undefined) => !p?.active || p.active.state === 'deactivated';
  // (A failure was told above; its deactivation is no news.)
  if (!gone(before) && (on(before) || was === 'activated') && gone(after) && !after.lastError) {
    return { title: `${after.name} disconnected`, body: after.active?.reason ?? before?.active?.reason ?? undefined, tone: 'info' };
  }
  return null;
}
