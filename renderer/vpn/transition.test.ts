import { describe, expect, it } from 'vitest';
import type { VpnProfile } from '../../shared/vpn';
import { vpnTransition } from './transition';

const profile = (active: Partial<NonNullable<VpnProfile['active']>> | null, lastError: string | null = null): VpnProfile => ({
  uuid: 'u', name: 'office', type: 'openvpn', serviceType: 'org.freedesktop.NetworkManager.openvpn', remote: null, autoconnectWith: [], path: '/p', lastError,
  active: active && { path: '/a', state: 'unknown', vpnState: null, reason: null, ipv4: null, ipv6: null, banner: null, device: null, ...active },
});

describe('vpnTransition', () => {
  it('announces a connection once, with its address and device', () => {
    const up = profile({ state: 'activated', vpnState: 'activated', ipv4: { addresses: ['10.8.0.2/24'], gateway: null, dns: [] }, device: 'tun0' });
    expect(vpnTransition(profile({ state: 'activating' }), up)).toEqual({ title: 'office connected', body: 'address 10.8.0.2/24 on tun0', tone: 'ok' });
    expect(vpnTransition(up, up)).toBeNull();
  });
  it('announces a failure with its reason, and a disconnection', () => {
    expect(vpnTransition(profile({ state: 'activating' }), profile(null, 'the login failed'))).toMatchObject({ title: 'office failed', body: 'the login failed', tone: 'error' });
    expect(vpnTransition(profile({ state: 'activated', vpnState: 'activated' }), profile(null))).toMatchObject({ title: 'office disconnected' });
    expect(vpnTransition(profile({ state: 'activated' }), profile({ state: 'deactivating' }))).toBeNull();
  });
});

describe('vpnTransition, while NetworkManager is still configuring the tunnel', () => {
  it('waits for the VPN state to say activated before announcing', () => {
    const early = profile({ state: 'activated', vpnState: 'ip-config-get' });
    const done = profile({ state: 'activated', vpnState: 'activated', ipv4: { addresses: ['10.8.0.2/24'], gateway: null, dns: [] } });
    expect(vpnTransition(profile({ state: 'activating', vpnState: 'connect' }), early)).toBeNull();
    expect(vpnTransition(early, profile({ state: 'activated', vpnState: null }))).toBeNull();
    const noAddressYet = profile({ state: 'activated', vpnState: 'activated' });
    const steppedBack = { ...done, active: { ...done.active!, state: 'activating' as const } };
    expect(vpnTransition(early, noAddressYet)).toBeNull();
    expect(vpnTransition(noAddressYet, steppedBack)).toMatchObject({ title: 'office connected', body: 'address 10.8.0.2/24' });
    expect(vpnTransition(steppedBack, done)).toBeNull();
    // the tunnel's own link-local address comes first, and is not the VPN's (renderer-vpn.e2e once saw it named)
    const linkLocal = profile({ state: 'activated', vpnState: 'activated', ipv6: { addresses: ['fe80::47b6:4de1:928e:deca/64'], gateway: null, dns: [] } });
    expect(vpnTransition(noAddressYet, linkLocal)).toBeNull();
    expect(vpnTransition(linkLocal, { ...done, active: { ...done.active!, ipv6: linkLocal.active!.ipv6 } })).toMatchObject({ title: 'office connected', body: 'address 10.8.0.2/24' });
    expect(vpnTransition(noAddressYet, steppedBack)?.title).not.toMatch(/disconnected/);
  });
});
