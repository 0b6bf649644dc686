// What a change of a VPN profile means to a person: connected, failed, disconnected, or nothing.
import type { VpnProfile } from '../../shared/vpn';

/** What a change of a profile means to a person, if anything. */
export function vpnTransition(before: VpnProfile | undefined, after: VpnProfile): { title: string; body?: string; tone: 'ok' | 'info' | 'error' } | null {
  const was = before?.active?.state;
  const now = after.active?.state;
  if (now === 'activated' && was !== 'activated') {
    const addr = after.active?.ipv4?.addresses[0] ?? after.active?.ipv6?.addresses[0];
    return { title: `${after.name} connected`, body: addr ? `address ${addr}${after.active?.device ? ` on ${after.active.device}` : ''}` : undefined, tone: 'ok' };
  }
  if (after.lastError && after.lastError !== before?.lastError) return { title: `${after.name} failed`, body: after.lastError, tone: 'error' };
  if (was === 'activated' && now !== 'activated' && now !== 'deactivating') return { title: `${after.name} disconnected`, body: after.active?.reason ?? undefined, tone: 'info' };
  return null;
}
