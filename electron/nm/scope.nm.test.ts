// Owned by the user unless asked otherwise: `scope: 'system'` on a create or an import makes the
// profile system-wide (no connection.permissions), as read by nmcli, not by our client; left out,
// the profile is the user's. The shown command says the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NmClient } from './client';
import { errorOf, nmConnectionsAdded, startNmClient, stopNmClient } from './test/client-helpers';
import { profileDump } from './test/dump';
import { nmSkipReason, type NmFixture } from './test/fixture';
import { wgKey } from './test/wg-corpus';

const skip = nmSkipReason();

describe.skipIf(skip)('a profile is the user\'s unless the call asks for a system-wide one', () => {
  let fx: NmFixture;
  let client: NmClient;

  beforeAll(async () => {
    ({ fx, client } = await startNmClient({ agentId: 'netns-studio.scope', owner: 'root' }));
  });
  afterAll(() => stopNmClient({ fx, client }));

  const fields = (name: string) => ({
    name, remote: fx.env.NMSB_VPN_REMOTE!, port: 1194, protocol: 'udp' as const, connectionType: 'password' as const, ca: fx.env.NMSB_VPN_CA!, username: 'u',
    passwordFlag: 'ask' as const, keyPasswordFlag: 'saved' as const, proxyPasswordFlag: 'saved' as const, autoconnect: false,
  });
  const ovpn = () => ['client', `remote ${fx.env.NMSB_VPN_REMOTE} 1194`, `ca ${fx.env.NMSB_VPN_CA}`, 'auth-user-pass'].join('\n');
  const conf = ['[Interface]', `PrivateKey = ${wgKey(1)}`, 'Address = 10.66.0.2/24', '[Peer]', `PublicKey = ${wgKey(2)}`, 'AllowedIPs = 10.66.0.0/16'].join('\n');
  const permissionsOf = async (uuid: string) => (await profileDump(fx, uuid))['connection.permissions'];

  it('create', async () => {
    const mine = await client.call('vpn.create', fields('scope user'));
    expect(await permissionsOf(mine.uuid)).toBe('user:root');
    const all = await client.call('vpn.create', { ...fields('scope system'), scope: 'system' });
    expect(await permissionsOf(all.uuid)).toBe('');
    expect(all.command).not.toContain('connection.permissions');
    expect(await permissionsOf((await client.call('vpn.create', { ...fields('scope user named'), scope: 'user' })).uuid)).toBe('user:root');
  });

  it('import of an .ovpn and of a WireGuard .conf', async () => {
    expect(await permissionsOf((await client.call('vpn.import', { fileName: 'scope-user.ovpn', content: ovpn() })).uuid)).toBe('user:root');
    const all = await client.call('vpn.import', { fileName: 'scope-system.ovpn', content: ovpn(), scope: 'system' });
    expect(await permissionsOf(all.uuid)).toBe('');
    expect(all.command).not.toContain('connection.permissions');
    expect(await permissionsOf((await client.call('vpn.import', { fileName: 'wgmine.conf', content: conf })).uuid)).toBe('user:root');
    const wg = await client.call('vpn.import', { fileName: 'wgall.conf', content: conf, scope: 'system' });
    expect(await permissionsOf(wg.uuid)).toBe('');
    expect(wg.command).toBe('nmcli connection import type wireguard file wgall.conf');
  });

  it('refuses another scope in words, naming the field, and adds nothing', async () => {
    const before = await nmConnectionsAdded(fx);
    const err = await errorOf(client.call('vpn.import', { fileName: 'x.ovpn', content: ovpn(), scope: 'everyone' as never }));
    expect(err).toMatchObject({ code: 'invalid-input', field: 'scope', message: expect.stringContaining('the scope is user (the profile is yours) or system (system-wide)') });
    expect((await errorOf(client.call('vpn.create', { ...fields('x'), scope: 'root' as never }))).field).toBe('scope');
    expect(await nmConnectionsAdded(fx, before)).toEqual([]);
  });
});
