import { describe, expect, it } from 'vitest';
import { openVpnFields } from '../../shared/vpn';
import { blankForm, fieldsOf, formOf } from './form-fields';

// What vpn.get answers for a TLS profile with tls-auth, autoconnect and an asked key password.
const loaded = {
  name: 'office', remote: 'vpn.example.org', port: 1194, protocol: 'udp', connectionType: 'tls',
  ca: '/etc/ca.pem', cert: '/etc/c.pem', key: '/etc/k.pem', keyPasswordFlag: 'ask', passwordFlag: 'saved',
  tlsAuth: '/etc/ta.key', tlsAuthDirection: 1, autoconnect: true,
};

describe('the OpenVPN form over the loaded profile', () => {
  it('keeps every loaded field the form does not show when one shown field changes', () => {
    const form = { ...formOf('office', loaded), remote: 'vpn2.example.org' };
    const sent = fieldsOf(form, loaded);
    expect(sent).toEqual({ ...loaded, remote: 'vpn2.example.org' });
    expect(openVpnFields.parse(sent)).toMatchObject({ tlsAuth: '/etc/ta.key', tlsAuthDirection: 1, autoconnect: true, keyPasswordFlag: 'ask' });
  });
  it('keeps tls-crypt and a static key direction too', () => {
    const staticKey = { name: 's', remote: 'r', port: 1194, protocol: 'tcp', connectionType: 'static-key', staticKey: '/k', staticKeyDirection: 0, localIp: '10.0.0.1', remoteIp: '10.0.0.2', tlsCrypt: '/tc', passwordFlag: 'saved', keyPasswordFlag: 'saved', autoconnect: false };
    expect(fieldsOf(formOf('s', staticKey), staticKey)).toEqual(staticKey);
  });
  it('clears a shown field the person emptied, instead of keeping the loaded value', () => {
    const form = { ...formOf('office', loaded), cert: '' };
    expect(fieldsOf(form, loaded)).not.toHaveProperty('cert');
  });
  it('sends only the form for a new profile', () => {
    expect(fieldsOf({ ...blankForm, name: 'n', remote: 'r', ca: '/ca', username: 'u' })).toEqual({ name: 'n', remote: 'r', port: 1194, protocol: 'udp', connectionType: 'password', passwordFlag: 'saved', ca: '/ca', username: 'u' });
  });
});
