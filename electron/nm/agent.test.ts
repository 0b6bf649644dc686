import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretFields } from './agent';

const vpn = (data: Record<string, string>, secrets: Record<string, string> = {}) => ({ vpn: { data, secrets } });

describe('which secrets the agent asks for', () => {
  it('asks for the password of a password profile that does not store it', () => {
    expect(secretFields('vpn', vpn({ 'connection-type': 'password', 'password-flags': '2' }), [])).toEqual({
      fields: [{ key: 'password', label: 'Password', secret: true, prompt: null }],
      message: null,
    });
  });
  it('asks for nothing already given or not required', () => {
    expect(secretFields('vpn', vpn({ 'connection-type': 'password', 'password-flags': '0' }, { password: 'x' }), []).fields).toEqual([]);
    expect(secretFields('vpn', vpn({ 'connection-type': 'tls', 'cert-pass-flags': '4' }), []).fields).toEqual([]);
  });
  it('asks for a key pass phrase that is asked every time', () => {
    expect(secretFields('vpn', vpn({ 'connection-type': 'tls', 'cert-pass-flags': '2' }), []).fields.map((f) => f.key)).toEqual(['cert-pass']);
  });
  it("follows the plugin's hints: a dynamic challenge asks its key, with the challenge text as prompt", () => {
    // what nm-openvpn sends for a CRV1 challenge (NM_OPENVPN_HINT_CHALLENGE_RESPONSE_NOECHO)
    const r = secretFields('vpn', vpn({ 'connection-type': 'password' }), ['x-vpn-message:Enter the code from your token', 'x-dynamic-challenge:challenge-response']);
    expect(r).toEqual({
      fields: [{ key: 'challenge-response', label: 'Response', secret: true, prompt: 'Enter the code from your token' }],
      message: 'Enter the code from your token',
    });
    // the -echo variant is shown as typed
    expect(secretFields('vpn', vpn({}), ['x-vpn-message:Your PIN?', 'x-dynamic-challenge-echo:challenge-response']).fields).toEqual([
      { key: 'challenge-response', label: 'Response', secret: false, prompt: 'Your PIN?' },
    ]);
    // plain hints are keys to ask for
    expect(secretFields('vpn', vpn({}), ['x-vpn-message:A password is required.', 'password']).fields.map((f) => f.key)).toEqual(['password']);
  });
  it('asks for the private key of a WireGuard profile', () => {
    expect(secretFields('wireguard', {}, []).fields.map((f) => f.key)).toEqual(['private-key']);
  });

  describe('a key pass phrase saved as "saved" is asked for only when the key is encrypted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netns-studio-agent-test-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const asks = (keyFile: string) => secretFields('vpn', vpn({ 'connection-type': 'tls', 'cert-pass-flags': '0', key: keyFile }), []).fields.map((f) => f.key);
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n'.repeat(20);

    it('asks for an encrypted key (PKCS#8 and the traditional Proc-Type header)', () => {
      writeFileSync(join(dir, 'pkcs8.key'), `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body}-----END ENCRYPTED PRIVATE KEY-----\n`);
      writeFileSync(join(dir, 'rsa.key'), `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n${body}-----END RSA PRIVATE KEY-----\n`);
      expect(asks(join(dir, 'pkcs8.key'))).toEqual(['cert-pass']);
      expect(asks(join(dir, 'rsa.key'))).toEqual(['cert-pass']);
    });

    it('reads only the head of the file a profile names, however large it is', () => {
      // a plain key, then a megabyte of something else that happens to say ENCRYPTED at its end
      writeFileSync(join(dir, 'large'), `-----BEGIN PRIVATE KEY-----\n${body}-----END PRIVATE KEY-----\n${'#'.repeat(1 << 20)}ENCRYPTED\n`);
      expect(asks(join(dir, 'large'))).toEqual([]);
    });

    it('asks when the key cannot be read (a root-only file): better than failing with "no secrets"', () => {
      expect(asks(join(dir, 'missing.key'))).toEqual(['cert-pass']);
    });
  });
});
