// "Remember" on a secret prompt, decided without NetworkManager: what is saved, and where. The
// OpenVPN cases also run against the real NetworkManager (client.nm.test.ts); a WireGuard request
// needs the kernel module to connect, which the test machines do not have, so it is tested here.
import { describe, expect, it } from 'vitest';
import type { SecretRequest } from '../../shared/vpn';
import { Variant, unwrap } from './bus';
import { savableSecrets, saveSecrets } from './saved-secrets';
import type { RawSettings } from './settings';

const request = (settingName: string, fields: Array<{ key: string; prompt?: string }>): SecretRequest => ({
  requestId: 'r1',
  uuid: '6a7a0c1e-2b33-4c55-8d66-77e88f99aa00',
  name: 'office',
  settingName,
  fields: fields.map(({ key, prompt }) => ({ key, label: key, secret: true, prompt: prompt ?? null })),
  message: null,
});

describe('saving answered secrets', () => {
  it('saves a WireGuard private key on the wireguard setting, with its flags "saved"', () => {
    const req = request('wireguard', [{ key: 'private-key' }]);
    const keep = savableSecrets(req, { 'private-key': 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=' });
    const raw: RawSettings = {
      connection: { id: new Variant('s', 'wg-lab'), type: new Variant('s', 'wireguard') },
      wireguard: { 'private-key-flags': new Variant('u', 2), 'listen-port': new Variant('u', 51820) },
    };
    const vpnSecrets: Record<string, string> = {};
    saveSecrets(raw, vpnSecrets, req.settingName, keep);
    expect(unwrap(raw)).toEqual({
      connection: { id: 'wg-lab', type: 'wireguard' },
      wireguard: { 'private-key': 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=', 'private-key-flags': 0, 'listen-port': 51820 },
    });
    expect(raw.vpn).toBeUndefined();
    expect(vpnSecrets).toEqual({});
  });

  it('saves an OpenVPN password in vpn.secrets with password-flags 0, keeping the other vpn.data keys', () => {
    const req = request('vpn', [{ key: 'password' }]);
    const raw: RawSettings = { vpn: { data: new Variant('a{ss}', { 'connection-type': 'password', 'password-flags': '2', username: 'ann' }) } };
    const vpnSecrets: Record<string, string> = { 'http-proxy-password': 'kept' };
    saveSecrets(raw, vpnSecrets, req.settingName, savableSecrets(req, { password: 'right' }));
    expect(unwrap(raw.vpn!.data)).toEqual({ 'connection-type': 'password', 'password-flags': '0', username: 'ann' });
    expect(vpnSecrets).toEqual({ 'http-proxy-password': 'kept', password: 'right' });
  });

  it('never saves the answer to a second-factor challenge', () => {
    // nm-openvpn 1.10 asks for "password" again, with the challenge as the field's prompt
    expect(savableSecrets(request('vpn', [{ key: 'password', prompt: 'Enter the code from your token' }]), { password: '123456' })).toEqual({});
    // later versions name the field challenge-response
    expect(savableSecrets(request('vpn', [{ key: 'challenge-response', prompt: 'Your PIN?' }]), { 'challenge-response': '1234' })).toEqual({});
    expect(savableSecrets(request('vpn', [{ key: 'challenge-response' }]), { 'challenge-response': '1234' })).toEqual({});
  });

  it("keeps a WireGuard peer's pre-shared key out (it belongs to the peer, not the setting)", () => {
    const req = request('wireguard', [{ key: 'private-key' }, { key: 'preshared-key' }]);
    expect(savableSecrets(req, { 'private-key': 'k', 'preshared-key': 'p' })).toEqual({ 'private-key': 'k' });
  });
});
