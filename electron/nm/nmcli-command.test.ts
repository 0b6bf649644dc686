import { describe, expect, it } from 'vitest';
import { addCommand, modifyCommand } from './nmcli-command';

const uuid = '6f1c2a7e-0000-4000-8000-000000000001';
const before = { uuid, id: 'office', autoconnect: true, data: { remote: 'a', ta: '/ta.key', 'ta-dir': '1' }, secrets: { password: 'old', 'cert-pass': 'kp' } };

describe('the nmcli command equal to what was sent', () => {
  it('an edit names only the data that changed, key by key, and never a secret value', () => {
    const after = { ...before, id: 'office 2', data: { remote: 'b,c', ta: '/ta.key' }, secrets: { password: 'new' } };
    expect(modifyCommand(before, after)).toBe(
      `nmcli connection modify uuid ${uuid} connection.id 'office 2' +vpn.data 'remote = b\\,c' -vpn.data ta-dir vpn.secrets 'password = <password>'`,
    );
    expect(modifyCommand(before, before)).toBeNull();
  });
  it('an edit that changes one secret restates every stored one (nmcli sends them as the whole set)', () => {
    const after = { ...before, secrets: { password: 'new', 'cert-pass': 'kp' } };
    expect(modifyCommand(before, after)).toBe(`nmcli connection modify uuid ${uuid} vpn.secrets 'cert-pass = <cert-pass>, password = <password>'`);
    // unchanged secrets: none sent, so nmcli keeps them
    expect(modifyCommand(before, { ...before, id: 'x' })).toBe(`nmcli connection modify uuid ${uuid} connection.id x`);
  });
  it('an edit that leaves no stored secret clears them first, as nmcli cannot', () => {
    const path = '/org/freedesktop/NetworkManager/Settings/7';
    const clear = `busctl call org.freedesktop.NetworkManager ${path} org.freedesktop.NetworkManager.Settings.Connection ClearSecrets`;
    expect(modifyCommand(before, { ...before, secrets: {}, path })).toBe(clear);
    expect(modifyCommand(before, { ...before, id: 'x', secrets: {}, path })).toBe(`${clear} && nmcli connection modify uuid ${uuid} connection.id x`);
    // none before, none after: nothing to clear
    expect(modifyCommand({ ...before, secrets: {} }, { ...before, id: 'x', secrets: {}, path })).toBe(`nmcli connection modify uuid ${uuid} connection.id x`);
  });
  it('a create gives every key, the uuid and autoconnect', () => {
    expect(addCommand({ ...before, autoconnect: false, secrets: {} })).toBe(
      `nmcli connection add type vpn vpn-type openvpn con-name office connection.uuid ${uuid} connection.autoconnect no vpn.data 'remote = a, ta = /ta.key, ta-dir = 1' ipv4.method auto ipv6.method auto`,
    );
  });
});
