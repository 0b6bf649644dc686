// What one VPN profile's row says: its state in a word, its tone (the dot's colour), the switch's
// position, and what the Delete dialog warns of. Pure, so the words are tested without a browser.
import { tunnelAddress } from './transition';
import type { VpnProfile } from '../../shared/vpn';

export type Tone = 'ok' | 'busy' | 'error' | 'off';

/**
 * The state word. "needs a secret" only while a secret request for the profile is open:
 * NetworkManager passes every plugin VPN through need-auth, and a certificate-only profile is
 * there for a moment without anyone being asked, so the VPN state alone would flash it.
 */
export function stateOf(p: VpnProfile, asking: boolean): { label: string; tone: Tone } {
  const a = p.active;
  if (a?.state === 'activated') return { label: 'connected', tone: 'ok' };
  if (a?.state === 'activating') return { label: asking ? 'needs a secret' : 'connecting', tone: 'busy' };
  if (a?.state === 'deactivating') return { label: 'disconnecting', tone: 'busy' };
  if (p.lastError) return { label: 'failed', tone: 'error' };
  return { label: 'off', tone: 'off' };
}

/** On while connected or connecting: pressing it then disconnects, or cancels the attempt. */
export const switchOn = (p: VpnProfile): boolean => p.active?.state === 'activated' || p.active?.state === 'activating';

/** What the Delete dialog says of the profile's live state, before what goes with it. */
export function deleteWarning(p: VpnProfile): string {
  switch (p.active?.state) {
    case 'activated':
      return 'It is connected now and will be disconnected. ';
    case 'activating':
      return 'It is connecting now; the attempt will be stopped. ';
    case 'deactivating':
      return 'It is disconnecting now. ';
    default:
      return '';
  }
}

/** "12 s of 60 s" while the page's own attempt runs; the app gives up at the end of it. */
export function connectingFor(startedAt: number | undefined, now: number, timeoutMs: number): string | null {
  if (startedAt === undefined) return null;
  const s = Math.min(Math.floor((now - startedAt) / 1000), timeoutMs / 1000);
  return `${s} s of ${timeoutMs / 1000} s`;
}

/** The row's address: the tunnel's when it has one, else the server's. */
export function addressOf(p: VpnProfile): string {
  const addr = tunnelAddress(p);
  if (addr) return `${addr}${p.active?.device ? ` on ${p.active.device}` : ''}`;
  return p.remote ?? '';
}

/** A stable order (by name, then uuid): the list does not reshuffle when NetworkManager restarts. */
export const byName = (a: VpnProfile, b: VpnProfile): number => a.name.localeCompare(b.name) || a.uuid.localeCompare(b.uuid);
