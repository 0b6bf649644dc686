import { describe, expect, it } from 'vitest';
import { Variant, unwrap } from './bus';
import type { RawSettings } from './settings';
import { applyIpFields, changedIpGroups, ipCommandSettings, ipFieldsOf } from './vpn-ip-settings';

// 10.1.1.2 as NetworkManager's ipv4.dns uint32 (in_addr_t) on a little-endian machine
const dns4 = Buffer.from([10, 1, 1, 2]).readUInt32LE(0);

describe('the IP settings the VPN form shows', () => {
  it('reads never-default, DNS of both families, search domains and route-data', () => {
    const raw = {
      ipv4: { 'never-default': true, dns: [dns4], 'dns-search': ['corp.example'], 'route-data': [{ dest: '10.50.0.0', prefix: 16, 'next-hop': '10.8.0.1', metric: 50 }] },
      ipv6: { dns: [Buffer.from([0xfd, 0, ...Array(13).fill(0), 0x53])], 'dns-search': ['v6.example'], 'route-data': [{ dest: 'fd00:50::', prefix: 64 }] },
    };
    expect(ipFieldsOf(raw)).toEqual({
      neverDefault: true, dns: ['10.1.1.2', 'fd00::53'], dnsSearch: ['corp.example'], dnsSearchIpv6: ['v6.example'],
      routes: [{ to: '10.50.0.0/16', via: '10.8.0.1', metric: 50 }, { to: 'fd00:50::/64' }],
    });
  });
  it('changes only the groups whose value the person changed', () => {
    const was = { neverDefault: true, dns: ['10.1.1.2'], dnsSearch: [], dnsSearchIpv6: [], routes: [] };
    expect(changedIpGroups(was, { neverDefault: true, dns: ['10.1.1.2'] })).toEqual([]);
    expect(changedIpGroups(was, { neverDefault: false, dns: ['10.1.1.2'] })).toEqual(['neverDefault']);
    expect(ipCommandSettings(was, { neverDefault: true, dns: ['10.1.1.2', 'fd00::53'] })).toEqual({
      before: { 'ipv4.dns': '10.1.1.2', 'ipv6.dns': '' },
      after: { 'ipv4.dns': '10.1.1.2', 'ipv6.dns': 'fd00::53' },
    });
    // a new profile names only what differs from NetworkManager's defaults
    expect(ipCommandSettings(null, { routes: [{ to: '10.50.0.0/16', via: '10.8.0.1', metric: 50 }] }).after).toEqual({ 'ipv4.routes': '10.50.0.0/16 10.8.0.1 50', 'ipv6.routes': '' });
  });
  it('writes a changed group into the settings, keeping a kept route whole and the old routes key out', () => {
    const kept = { dest: new Variant('s', '10.50.0.0'), prefix: new Variant('u', 16), table: new Variant('u', 7) };
    const raw: RawSettings = { ipv4: { method: new Variant('s', 'auto'), routes: new Variant('aau', [[1, 2, 3, 4]]), 'route-data': new Variant('aa{sv}', [kept]) } };
    applyIpFields(raw, ipFieldsOf(unwrap(raw) as never), { routes: [{ to: '10.50.0.0/16' }, { to: '10.60.0.0/16', via: '10.8.0.1' }], dns: ['10.1.1.2'] });
    const out = unwrap(raw) as Record<string, Record<string, unknown>>;
    expect(out.ipv4!['route-data']).toEqual([{ dest: '10.50.0.0', prefix: 16, table: 7 }, { dest: '10.60.0.0', prefix: 16, 'next-hop': '10.8.0.1' }]);
    expect(out.ipv4).not.toHaveProperty('routes');
    expect(out.ipv4!.dns).toEqual([dns4]);
    expect(out.ipv6).toMatchObject({ method: 'auto', dns: [] });
  });
});
