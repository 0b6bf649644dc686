// The WireGuard converter's words and readings (pure). That its profiles and refusals are
// NetworkManager's own importer's is proved against nmcli in wg-import.nm.test.ts.
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/result';
import { wgKey } from './test/wg-corpus';
import { cInteger, convertWireguard, isWgKey } from './wg-import';
import { wireguardCommand } from './wg-import-add';

const refusal = (fileName: string, text: string) => {
  try {
    convertWireguard(fileName, text);
  } catch (e) {
    return (e as StudioError).info;
  }
  throw new Error('expected a refusal');
};

describe('convertWireguard', () => {
  it('reads a file as the importer does', () => {
    const wg = convertWireguard('wg0.conf', ['[Interface]', `PrivateKey = ${wgKey(1)}`, 'Address = 10.0.0.2/24, fd00::2', 'DNS = 10.0.0.1', 'Table = off', '[Peer]', `PublicKey = ${wgKey(2)}`, 'AllowedIPs = 0.0.0.0/0', 'Endpoint = vpn.example.com:51820'].join('\n'));
    expect(wg).toMatchObject({ name: 'wg0', privateKey: wgKey(1), peerRoutes: false, routeTable: null });
    expect(wg.ipv4).toMatchObject({ addresses: [{ address: '10.0.0.2', prefix: 24 }], dnsText: ['10.0.0.1'], dnsSearch: ['~'] });
    expect(wg.ipv6).toMatchObject({ addresses: [{ address: 'fd00::2', prefix: 128 }], dns: [], dnsSearch: [] });
    expect(wg.peers).toEqual([{ publicKey: wgKey(2), presharedKey: null, endpoint: 'vpn.example.com:51820', allowedIps: ['0.0.0.0/0'], persistentKeepalive: 0 }]);
  });

  it('says which line and which rule, and never shows a key', () => {
    expect(refusal('wg0.conf', ['[Interface]', 'ListenPort = 70000'].join('\n'))).toEqual({ code: 'invalid-input', field: 'content', message: 'wg0.conf line 2: ListenPort = 70000: the port is a number from 0 to 65535' });
    expect(refusal('wg0.conf', ['[Interface]', 'PrivateKey = secretbutshort='].join('\n')).message).toBe(
      'wg0.conf line 2: PrivateKey = (hidden): a key is 32 bytes in base64 (44 characters ending in "="), as `wg genkey` prints it',
    );
    expect(refusal('wg0.conf', 'Address = 10.0.0.1').message).toBe('wg0.conf line 1: "Address" is not a WireGuard setting before any [Interface] or [Peer] section');
    expect(refusal('wg0.conf', ['[Interface]', '', '[Peer]', 'AllowedIPs = 10.0.0.0/8'].join('\n')).message).toBe('wg0.conf line 3: this [Peer] has no PublicKey: every peer needs one');
    expect(refusal('a-very-long-name-here.conf', '[Interface]')).toMatchObject({ field: 'fileName' });
    expect(refusal('wg0.CONF', '[Interface]').message).toMatch(/followed by "\.conf"/);
  });
});

describe('the readers libnm uses', () => {
  it('reads C integers', () => {
    expect([cInteger('0x10', 0, 0, 100), cInteger('010', 0, 0, 100), cInteger('+7', 10, 0, 100), cInteger('-0', 10, 0, 100), cInteger('010', 10, 0, 100)]).toEqual([16, 8, 7, 0, 10]);
    expect([cInteger('08', 0, 0, 100), cInteger('0x', 0, 0, 100), cInteger('101', 10, 0, 100), cInteger('-1', 10, 0, 100), cInteger('1e2', 10, 0, 1000)]).toEqual([null, null, null, null, null]);
  });

  it('takes a key only in its canonical base64 form', () => {
    expect(isWgKey(wgKey(7))).toBe(true);
    expect(isWgKey(wgKey(7).slice(0, -1))).toBe(false);
    expect(isWgKey(`${wgKey(7).slice(0, 42)}B=`)).toBe(false);
  });
});

describe('wireguardCommand', () => {
  it('is the import, then the owner', () => {
    const wg = convertWireguard('my vpn.conf', '[Interface]');
    expect(wg.name).toBe('my_vpn');
    expect(wireguardCommand('my vpn.conf', 'alice', wg)).toBe('nmcli connection import type wireguard file my_vpn.conf && nmcli connection modify my_vpn connection.permissions user:alice');
    expect(wireguardCommand('my vpn.conf', null, wg)).toBe('nmcli connection import type wireguard file my_vpn.conf');
  });
});
