import { describe, expect, it } from 'vitest';
import type { VpnProfile } from '../../shared/vpn';
import { addressOf, byName, connectingFor, deleteWarning, stateOf } from './row-state';

const profile = (active: Partial<NonNullable<VpnProfile['active']>> | null, extra: Partial<VpnProfile> = {}): VpnProfile => ({
  uuid: 'u', name: 'office', type: 'openvpn', serviceType: 'org.freedesktop.NetworkManager.openvpn', remote: '192.0.2.7', autoconnectWith: [], path: '/p', lastError: null,
  active: active && { path: '/a', state: 'unknown', vpnState: null, reason: null, ipv4: null, ipv6: null, banner: null, device: null, ...active },
  ...extra,
});

describe('a VPN row', () => {
  it('says "needs a secret" only while someone is asked, not for the need-auth step every profile passes', () => {
    const certOnly = profile({ state: 'activating', vpnState: 'need-auth' });
    expect(stateOf(certOnly, false)).toEqual({ label: 'connecting', tone: 'busy' });
    expect(stateOf(certOnly, true)).toEqual({ label: 'needs a secret', tone: 'busy' });
  });
  it('tells failed from off, and connected', () => {
    expect(stateOf(profile(null, { lastError: 'the server refused' }), false).label).toBe('failed');
    expect(stateOf(profile(null), false).label).toBe('off');
    expect(stateOf(profile({ state: 'activated' }), false).label).toBe('connected');
  });
  it('warns in the Delete dialog of the state it is really in', () => {
    expect(deleteWarning(profile({ state: 'activating' }))).toBe('It is connecting now; the attempt will be stopped. ');
    expect(deleteWarning(profile({ state: 'activated' }))).toBe('It is connected now and will be disconnected. ');
    expect(deleteWarning(profile(null))).toBe('');
  });
  it('counts the attempt against the timeout it has', () => {
    expect(connectingFor(1000, 13_500, 60_000)).toBe('12 s of 60 s');
    expect(connectingFor(0, 99_000, 60_000)).toBe('60 s of 60 s');
    expect(connectingFor(undefined, 5000, 60_000)).toBeNull();
  });
  it('shows the tunnel address when connected, the server otherwise; sorts by name', () => {
    expect(addressOf(profile({ state: 'activated', ipv4: { addresses: ['10.8.0.2/24'], gateway: null, dns: [] }, device: 'tun0' }))).toBe('10.8.0.2/24 on tun0');
    expect(addressOf(profile(null))).toBe('192.0.2.7');
    expect(addressOf(profile({ state: 'activated', ipv6: { addresses: ['fe80::1/64', 'fd00:8::2/64'], gateway: null, dns: [] } }))).toBe('fd00:8::2/64');
    expect([profile(null, { name: 'b', uuid: '1' }), profile(null, { name: 'a', uuid: '2' })].sort(byName).map((p) => p.name)).toEqual(['a', 'b']);
  });
});
