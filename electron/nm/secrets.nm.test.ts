// Stored secrets are never lost or undone by the client, against the real NetworkManager. Every
// read of a VPN's secrets (our own before an edit, `nmcli --show-secrets`) asks the secret agents,
// ours first; our agent's answer must add nothing, or NetworkManager writes it back to disk. And an
// edit that cannot read the stored secrets must not write the profile without them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message, NM, NM_PATH, callMethod, connectBus, type DbusMessage } from './bus';
import { createNmClient, type NmClient } from './client';
import { errorOf, startNmClient, stopNmClient } from './test/client-helpers';
import { profileDump } from './test/dump';
import { nmSkipReason, type NmFixture } from './test/fixture';

const skip = nmSkipReason();

describe.skipIf(skip)('stored secrets kept whole', () => {
  let fx: NmFixture;
  let client: NmClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ fx, env, client } = await startNmClient({ agentId: 'netns-studio.secrets' }));
  });
  afterAll(() => stopNmClient({ fx, client }));

  const withPassword = (name: string, extra: object = {}) =>
    ({ name, remote: env.NMSB_VPN_REMOTE!, port: 1194, protocol: 'udp', ca: env.NMSB_VPN_CA, connectionType: 'password', username: 'alice', password: 'pw0', autoconnect: true, ...extra }) as never;

  /** The profile's keyfile as NetworkManager keeps it, and the identity of that file on disk. */
  const keyfile = (uuid: string) => {
    const dir = join(env.NMSB_RUN!, 'connections');
    const name = readdirSync(dir).find((f) => readFileSync(join(dir, f), 'utf8').includes(`uuid=${uuid}`));
    if (!name) throw new Error(`no keyfile for ${uuid} in ${dir}`);
    const st = statSync(join(dir, name), { bigint: true });
    return `${name} inode ${st.ino} mtime ${st.mtimeNs}`;
  };

  // nmcli's own read misses the secrets at times (libnm replaces its copy of the profile on the
  // Updated signal NetworkManager sends with each GetSecrets answer); profileDump reads again while
  // the dump lacks a secret NetworkManager holds, so what is checked here is what is stored.
  it('reading a profile with its secrets (ours, nmcli --show-secrets) answers them and writes nothing', async () => {
    const p = await client.call('vpn.create', withPassword('read-only'));
    const file = keyfile(p.uuid);
    // our agent was asked first (nmcli has none): the secrets still read back...
    expect((await profileDump(fx, p.uuid))['vpn.secrets.password']).toBe('pw0');
    // ...and NetworkManager wrote nothing (handing the saved secrets back made it rewrite the file)
    expect(keyfile(p.uuid)).toBe(file);
  });

  // Handing back the saved secrets, our agent made each read write the secrets of the moment it
  // began: a change landing meanwhile was undone, on disk (9 rounds in 30). With no agent at all
  // NetworkManager's own read also undoes changes, in memory (docs/ARCHITECTURE.md).
  it('a read racing a change never undoes it', async () => {
    const p = await client.call('vpn.create', withPassword('read-while-changed'));
    const undone: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const read = () => fx.nmcli('--show-secrets', 'connection', 'show', p.uuid);
      await Promise.all([read(), fx.nmcli('connection', 'modify', p.uuid, 'vpn.secrets', `password=pw${i}`), read()]);
      const now = (await profileDump(fx, p.uuid))['vpn.secrets.password'];
      if (now !== `pw${i}`) undone.push(`round ${i}: password ${now ?? 'gone'} instead of pw${i}`);
    }
    expect(undone).toEqual([]);
  }, 60_000);

  it('an edit that cannot read the stored secrets keeps them: one that gives none is made, one that gives some changes nothing', async () => {
    // As on a desktop where our agent is not registered and the desktop's agent answers instead:
    // here one that refuses every request, so NetworkManager's GetSecrets fails.
    const plain = createNmClient({ busAddress: fx.busAddress, home: fx.scratch, certDir: `${fx.scratch}/certs`, agent: false });
    const refuser = await connectBus(fx.busAddress);
    const agentPath = '/org/freedesktop/NetworkManager/SecretAgent';
    refuser.addMethodHandler((msg: DbusMessage) => {
      if (msg.path !== agentPath) return false;
      const newError = Message.newError as unknown as (m: DbusMessage, n: string, t: string) => DbusMessage;
      refuser.send(msg.member === 'GetSecrets' ? newError(msg, 'org.freedesktop.NetworkManager.SecretAgent.UserCanceled', 'no') : Message.newMethodReturn(msg));
      return true;
    });
    try {
      await callMethod(refuser, NM, `${NM_PATH}/AgentManager`, `${NM}.AgentManager`, 'RegisterWithCapabilities', 'su', ['netns-studio.refuser', 0]);
      for (let i = 0; i < 100 && !(await plain.call('vpn.status', {})).running; i++) await new Promise((r) => setTimeout(r, 100));
      const p = await plain.call('vpn.create', withPassword('keeps-its-key-pass', { connectionType: 'password-tls', cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY, keyPassword: 'kp' }));
      const { fields } = await plain.call('vpn.get', { uuid: p.uuid });
      // a new password given, the key pass phrase not: it must stay as stored
      expect(await errorOf(plain.call('vpn.update', { uuid: p.uuid, fields: { ...fields!, password: 'new' } as never }))).toMatchObject({
        code: 'failed',
        message: expect.stringMatching(/^reading the stored secrets of keeps-its-key-pass: .*\(nothing was changed: written without them, the profile would lose them\)$/),
      });
      // a rename gives no secret: written without any, NetworkManager keeps them all
      expect((await plain.call('vpn.rename', { uuid: p.uuid, name: 'renamed, keeping its secrets' })).name).toBe('renamed, keeping its secrets');
      await callMethod(refuser, NM, `${NM_PATH}/AgentManager`, `${NM}.AgentManager`, 'Unregister');
      const dump = await profileDump(fx, p.uuid);
      expect([dump['connection.id'], dump['vpn.secrets.password'], dump['vpn.secrets.cert-pass']]).toEqual(['renamed, keeping its secrets', 'pw0', 'kp']);
    } finally {
      refuser.disconnect();
      await plain.close();
    }
  });
});
