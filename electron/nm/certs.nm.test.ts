// Certificates checked when given, against the real NetworkManager: a damaged, expired or wrong
// kind of certificate is refused at save and at import in words naming the field, and nothing is
// added to NetworkManager.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NmClient } from './client';
import { errorOf, nmConnectionsAdded, startNmClient, stopNmClient } from './test/client-helpers';
import { nmSkipReason, type NmFixture } from './test/fixture';
import { damaged } from './test/pem';

const skip = nmSkipReason();

describe.skipIf(skip)('certificates checked when given', () => {
  let fx: NmFixture;
  let client: NmClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ fx, env, client } = await startNmClient({ agentId: 'netns-studio.certs' }));
  });
  afterAll(() => stopNmClient({ fx, client }));

  const tls = (name: string) => ({ name, remote: env.NMSB_VPN_REMOTE!, connectionType: 'tls' as const, ca: env.NMSB_VPN_CA, cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY });

  it('refuses a damaged CA pasted into the form, and one in a file, adding nothing', async () => {
    const before = await nmConnectionsAdded(fx);
    const ca = readFileSync(env.NMSB_VPN_CA!, 'utf8');
    expect(await errorOf(client.call('vpn.create', { ...tls('bad-ca'), ca: ca.replace(/\n/g, ' ') } as never))).toMatchObject({
      code: 'invalid-input', field: 'ca', message: 'ca: the CA certificate cannot be read: its body is damaged (not valid base64 DER)',
    });
    const file = join(fx.scratch, 'damaged-ca.pem');
    writeFileSync(file, damaged(ca));
    expect(await errorOf(client.call('vpn.create', { ...tls('bad-ca-file'), ca: file } as never))).toMatchObject({ field: 'ca', message: expect.stringContaining(`in ${file}`) });
    expect(await errorOf(client.call('vpn.create', { ...tls('key-as-cert'), cert: env.NMSB_VPN_KEY } as never))).toMatchObject({ field: 'cert', message: expect.stringContaining('is not a certificate') });
    expect(await nmConnectionsAdded(fx, before)).toEqual([]);
  });

  it('refuses an .ovpn whose inline CA is damaged, adding nothing', async () => {
    const before = await nmConnectionsAdded(fx);
    const ca = readFileSync(env.NMSB_VPN_CA!, 'utf8');
    const ovpn = `client\ndev tun\nremote ${env.NMSB_VPN_REMOTE} 1194\n<ca>\n${damaged(ca)}</ca>\n`;
    expect(await errorOf(client.call('vpn.import', { fileName: 'broken.ovpn', content: ovpn }))).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^broken.ovpn line 4: the <ca> block cannot be read: its body is damaged/) });
    expect(await nmConnectionsAdded(fx, before)).toEqual([]);
  });

  it('lets a rename through although a file the profile already uses went bad since', async () => {
    const file = join(fx.scratch, 'ca-copy.pem');
    writeFileSync(file, readFileSync(env.NMSB_VPN_CA!, 'utf8'));
    const p = await client.call('vpn.create', { ...tls('keeps'), ca: file } as never);
    writeFileSync(file, damaged(readFileSync(file, 'utf8')));
    const { fields } = await client.call('vpn.get', { uuid: p.uuid });
    const renamed = await client.call('vpn.update', { uuid: p.uuid, fields: { ...(fields as object), name: 'kept' } as never });
    expect(renamed.name).toBe('kept');
    // given anew, it is checked
    expect(await errorOf(client.call('vpn.create', { ...tls('again'), ca: file } as never))).toMatchObject({ field: 'ca' });
  });
});

describe.skipIf(skip)('secrets cleaned up on delete', () => {
  let fx: NmFixture;
  let client: NmClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ fx, env, client } = await startNmClient({ agentId: 'netns-studio.cleanup' }));
  });
  afterAll(() => stopNmClient({ fx, client }));

  const filesOf = async (uuid: string) =>
    (await fx.nmcli('-g', 'vpn.data', 'connection', 'show', uuid)).split(/(?<!\\), /).map((kv) => kv.split(' = ')[1]?.trim() ?? '').filter((v) => v.startsWith('/'));

  it('deletes the certificate files an import wrote: ours, and nmcli\'s for a profile imported by hand (under HOME, here the sandbox)', async () => {
    const pem = (f: string) => readFileSync(f, 'utf8').trim();
    const ovpn = `client\ndev tun\nremote ${env.NMSB_VPN_REMOTE} 1194\n<ca>\n${pem(env.NMSB_VPN_CA!)}\n</ca>\n<cert>\n${pem(env.NMSB_VPN_CERT!)}\n</cert>\n<key>\n${pem(env.NMSB_VPN_KEY!)}\n</key>\n`;
    const ours = await client.call('vpn.import', { fileName: 'inline.ovpn', content: ovpn });
    writeFileSync(join(fx.scratch, 'by-hand.ovpn'), ovpn);
    const byHand = /\(([0-9a-f-]{36})\)/.exec(await fx.nmcli('connection', 'import', 'type', 'openvpn', 'file', join(fx.scratch, 'by-hand.ovpn')))![1]!;
    for (const [uuid, where] of [[ours.uuid, `${fx.scratch}/certs/`], [byHand, `${fx.scratch}/.cert/nm-openvpn/`]] as const) {
      const files = await filesOf(uuid);
      expect(files.length).toBe(3);
      for (const f of files) expect(f.startsWith(where), f).toBe(true);
      for (const f of files) expect(existsSync(f)).toBe(true);
      await client.call('vpn.delete', { uuid });
      for (const f of files) expect(existsSync(f), f).toBe(false);
    }
  });

  it('keeps a file another profile still uses, and never one outside the certificate directories', async () => {
    const a = await client.call('vpn.create', { name: 'a', remote: env.NMSB_VPN_REMOTE!, connectionType: 'tls', ca: readFileSync(env.NMSB_VPN_CA!, 'utf8'), cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY } as never);
    const aCa = (await filesOf(a.uuid)).find((f) => f.startsWith(`${fx.scratch}/certs/`))!;
    const b = await client.call('vpn.create', { name: 'b', remote: env.NMSB_VPN_REMOTE!, connectionType: 'tls', ca: aCa, cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY } as never);
    await client.call('vpn.delete', { uuid: b.uuid });
    expect(existsSync(aCa)).toBe(true);
    await client.call('vpn.delete', { uuid: a.uuid });
    expect(existsSync(aCa)).toBe(false);
    // the fixture's own files, referenced by both, stay
    expect(existsSync(env.NMSB_VPN_CERT!)).toBe(true);
  });
});
