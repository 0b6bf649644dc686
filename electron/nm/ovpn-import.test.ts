// The .ovpn converter alone (pure): OpenVPN's word rules, and refusals in words naming the line.
// That its result equals NetworkManager's importer is ovpn-import.nm.test.ts's proof.
import { describe, expect, it } from 'vitest';
import type { StudioError } from '../../shared/result';
import { convertOvpn, importedName } from './ovpn-import';
import { isEncryptedKey, isPkcs12, type FileLook } from './ovpn-import-files';
import { ovpnWords } from './ovpn-import-words';

const files: Record<string, FileLook> = { '/ca.crt': Buffer.from('-----BEGIN CERTIFICATE-----\n') };
const io = { look: (p: string) => files[p] ?? 'missing', blockPath: (b: string) => `/certs/u-${b}.pem` };
const convert = (lines: string[], name = 'office.ovpn') => convertOvpn(name, lines.join('\n'), io);
const refusal = (lines: string[]) => {
  try {
    convert(lines);
  } catch (e) {
    return (e as StudioError).info;
  }
  throw new Error('expected a refusal');
};
const base = ['client', 'remote 192.0.2.1 1194', 'ca /ca.crt'];

describe('OpenVPN words', () => {
  it('splits, quotes and escapes as OpenVPN does', () => {
    expect(ovpnWords('  remote  vpn.example.com 1194  ')).toEqual(['remote', 'vpn.example.com', '1194']);
    expect(ovpnWords(`verify-x509-name "CN=a \\"b\\"" name`)).toEqual(['verify-x509-name', 'CN=a "b"', 'name']);
    expect(ovpnWords(`dev 'a\\b'`)).toEqual(['dev', 'a\\b']);
    expect(ovpnWords("'a'b")).toEqual(['a', 'b']);
    expect(ovpnWords('a\\ b c')).toEqual(['a b', 'c']);
    expect(ovpnWords("a'b'")).toEqual(["a'b'"]);
    expect(ovpnWords('remote x # comment')).toEqual(['remote', 'x']);
    expect(ovpnWords('remote x#not-a-comment')).toEqual(['remote', 'x#not-a-comment']);
    expect(ovpnWords('   ; comment')).toBeNull();
    expect(ovpnWords('\r')).toBeNull();
    expect(ovpnWords('float\r')).toEqual(['float']);
  });

  it('says where a quote or an escape is left open', () => {
    expect(() => ovpnWords('dev "tun')).toThrow('a double quote opened at column 5 is never closed');
    expect(() => ovpnWords("dev 'tun")).toThrow('a single quote opened at column 5 is never closed');
    expect(() => ovpnWords('dev tun\\')).toThrow('a backslash at the end of the line (column 8) escapes nothing');
  });
});

describe('converting an .ovpn', () => {
  it('names the profile after the file, as nmcli does', () => {
    expect(importedName('My Office.ovpn')).toBe('My Office');
    expect(importedName('a.b.conf')).toBe('a.b');
    expect(importedName('C:\\vpn\\lab.ovpn')).toBe('lab');
    expect(importedName('.ovpn')).toBe('.ovpn');
  });

  it('writes remotes, routes and inline blocks as the importer does', () => {
    const r = convert([...base, 'remote 2001:db8::1 443 tcp', 'route 10.1.0.0 255.255.0.0 192.0.2.9 5', 'route 0.0.0.0 0.0.0.0', '<tls-crypt>', '  line one', 'line two\r', '</tls-crypt>']);
    expect(r.data).toMatchObject({ remote: '192.0.2.1:1194, [2001:db8::1]:443:tcp', 'tls-crypt': '/certs/u-tls-crypt.pem', 'connection-type': 'tls' });
    expect(r.routes).toEqual([{ dest: '10.1.0.0', prefix: 16, nextHop: '192.0.2.9', metric: 5 }]);
    expect(r.files).toEqual([{ path: '/certs/u-tls-crypt.pem', content: Buffer.from('line one\nline two\r\n'), block: 'tls-crypt' }]);
  });

  it('skips options it does not know, as the importer does, including names an object has ("toString")', () => {
    const r = convert([...base, 'verb 3', 'toString /x', 'constructor', 'persist-tun']);
    expect(Object.keys(r.data).sort()).toEqual(['ca', 'connection-type', 'remote']);
  });

  it('refuses in words, naming the file, the line and the rule, and writes nothing', () => {
    expect(refusal([...base, 'port 0'])).toEqual({ code: 'invalid-input', field: 'content', message: 'office.ovpn line 4: port wants a whole number from 1 to 65535, not "0"' });
    expect(refusal([...base, 'keepalive 10']).message).toBe('office.ovpn line 4: keepalive takes 2 arguments (keepalive INTERVAL TIMEOUT), not 1');
    expect(refusal([...base, 'route 10.0.0.0 255.0.0.0 net_gateway']).message).toBe('office.ovpn line 4: route: the gateway "net_gateway" cannot be written in a NetworkManager profile');
    expect(refusal([...base, '<auth-user-pass>', 'u', 'p', '</auth-user-pass>']).message).toBe(
      "office.ovpn line 4: the <auth-user-pass> block cannot be imported: NetworkManager's OpenVPN plugin has no setting for it",
    );
    expect(refusal([...base, '<key>', 'x']).message).toBe('office.ovpn line 4: the <key> block is never closed (no </key>)');
    expect(refusal(['client', 'ca /ca.crt']).message).toBe('office.ovpn: this OpenVPN configuration names no server (no remote line)');
    expect(refusal(['client', 'remote x']).message).toBe('office.ovpn: a client configuration needs a CA certificate (a ca line or a <ca> block)');
    expect(refusal([...base, 'tls-auth ta.key 1']).message).toBe(
      'office.ovpn line 4: tls-auth names a file by a relative path ("ta.key"); the folder of an imported file is not known here: write its full path, or put its content inline',
    );
    expect(refusal([...base, 'cert /nope.crt', 'key /ca.crt']).message).toBe('office.ovpn line 4: the file /nope.crt does not exist');
  });
});

describe('what the importer learns from files', () => {
  it('tells a PKCS#12 file by its DER structure, and an encrypted key by its PEM lines', () => {
    // SEQUENCE { INTEGER 3, SEQUENCE { OID 1.2.840.113549.1.7.1, [0] { OCTET STRING } } }
    const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
    const authSafe = [0x30, 15, ...oid, 0xa0, 2, 0x04, 0];
    const pfx = Buffer.from([0x30, 3 + authSafe.length, 0x02, 0x01, 0x03, ...authSafe]);
    expect(isPkcs12(pfx)).toBe(true);
    expect(isPkcs12(pfx.subarray(0, pfx.length - 1))).toBe(false);
    expect(isPkcs12(Buffer.from('-----BEGIN CERTIFICATE-----\n'))).toBe(false);
    expect(isEncryptedKey(pfx)).toBe(true);
    expect(isEncryptedKey(Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n'))).toBe(true);
    expect(isEncryptedKey(Buffer.from('-----BEGIN ENCRYPTED PRIVATE KEY-----\n'))).toBe(true);
    expect(isEncryptedKey(Buffer.from('-----BEGIN PRIVATE KEY-----\n'))).toBe(false);
  });
});
