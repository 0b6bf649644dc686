import { describe, expect, it } from 'vitest';
import type { SecretRequest } from '../../shared/vpn';
import { canRemember, secretLabel } from './secret-fields';

const request = (fields: SecretRequest['fields']): SecretRequest => ({ requestId: 'r', uuid: 'u', name: 'office', settingName: 'vpn', fields, message: null });

describe('secret prompt fields', () => {
  it('labels a second-factor answer as a code and offers no Remember for it', () => {
    const challenge = request([{ key: 'challenge-response', label: 'Response', secret: false, prompt: 'Enter the code from your token' }]);
    expect(secretLabel(challenge.fields[0]!)).toBe('Code');
    expect(canRemember(challenge)).toBe(false);
    // nm-openvpn 1.10 asks for "password" again, with the challenge's text
    const again = request([{ key: 'password', label: 'Password', secret: true, prompt: 'CHALLENGE: code' }]);
    expect(secretLabel(again.fields[0]!)).toBe('Code');
    expect(canRemember(again)).toBe(false);
  });
  it('keeps a password a password, which may be remembered', () => {
    const pw = request([{ key: 'password', label: 'Password', secret: true, prompt: null }]);
    expect(secretLabel(pw.fields[0]!)).toBe('Password');
    expect(canRemember(pw)).toBe(true);
  });
});
