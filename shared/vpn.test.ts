import { describe, expect, it } from 'vitest';
import { zodErrorInfo } from './result';
import { openVpnEditFields, openVpnFields } from './vpn';

const base = { name: 'office', remote: 'vpn.example.org', connectionType: 'tls', ca: '/etc/ca.pem', cert: '/etc/c.pem', key: '/etc/k.pem' };
const refusal = (input: unknown) => {
  const r = openVpnFields.safeParse(input);
  if (r.success) throw new Error('expected a refusal');
  return zodErrorInfo(r.error);
};

describe('the OpenVPN form fields', () => {
  it('fills the defaults an administrator expects', () => {
    expect(openVpnFields.parse(base)).toMatchObject({ port: 1194, protocol: 'udp', passwordFlag: 'saved', keyPasswordFlag: 'saved', autoconnect: false });
  });
  it('asks for what each connection type needs, naming the field', () => {
    expect(refusal({ ...base, cert: undefined })).toMatchObject({ field: 'cert', message: 'cert: a client certificate is required for tls' });
    expect(refusal({ ...base, connectionType: 'password' })).toMatchObject({ field: 'username' });
    // an edit may keep a provider's profile without a user name (auth-user-pass imports so)
    expect(openVpnEditFields.safeParse({ ...base, connectionType: 'password' }).success).toBe(true);
    expect(refusal({ name: 'k', remote: 'h', connectionType: 'static-key', staticKey: '/k', localIp: '10.0.0.1' })).toMatchObject({ field: 'remoteIp' });
    expect(refusal({ ...base, tlsAuth: '/ta', tlsCrypt: '/tc' })).toMatchObject({ field: 'tlsCrypt', message: 'tlsCrypt: use tls-auth or tls-crypt, not both' });
  });
  it('takes a certificate as an absolute path or as PEM text, nothing else', () => {
    expect(openVpnFields.parse({ ...base, ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }).ca).toMatch(/^-----BEGIN/);
    expect(refusal({ ...base, ca: 'ca.pem' })).toMatchObject({ field: 'ca', message: expect.stringMatching(/absolute path of a file, or PEM text/) });
    expect(refusal({ ...base, key: '-----BEGIN PRIVATE KEY-----\nno end' })).toMatchObject({ field: 'key' });
  });
  it('refuses a bad remote, port, protocol, tunnel address or an unknown field', () => {
    expect(refusal({ ...base, remote: 'vpn example' })).toMatchObject({ field: 'remote' });
    expect(refusal({ ...base, port: 0 })).toMatchObject({ field: 'port', message: 'port: a port is at least 1' });
    expect(refusal({ ...base, protocol: 'sctp' })).toMatchObject({ field: 'protocol' });
    expect(refusal({ name: 'k', remote: 'h', connectionType: 'static-key', staticKey: '/k', localIp: '10.0.0.300', remoteIp: '10.0.0.2' })).toMatchObject({ field: 'localIp' });
    expect(refusal({ ...base, tlsCipher: 'x' })).toMatchObject({ message: 'unknown field: tlsCipher' });
    expect(refusal({ ...base, cipher: 'AES 256' })).toMatchObject({ field: 'cipher', message: expect.stringMatching(/^cipher: the cipher is one OpenSSL name/) });
    expect(refusal({ ...base, routes: [{ to: '10.0.0.0/8', via: 'fd00::1' }] })).toMatchObject({ field: 'routes.0.via', message: expect.stringMatching(/the gateway fd00::1 is IPv6 but the destination 10.0.0.0\/8 is IPv4/) });
  });
});
