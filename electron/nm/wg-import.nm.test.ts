// Differential test of our WireGuard import (wg-import.ts) against NetworkManager's own importer:
// for a corpus using every key libnm's nm_conn_wireguard_import reads, the profile we add over
// D-Bus, owned by the user, equals `nmcli connection import type wireguard`'s except its uuid and
// permissions, in the full `nmcli --show-secrets -f all` dump (test/dump.ts) and, because nmcli
// 1.42 shows no WireGuard peers, in the settings and secrets NetworkManager gives busctl
// (GetSettings, GetSecrets). Files both refuse are refused by both, with nothing added.
// NetworkManager stores a WireGuard profile without the kernel's wireguard module (absent here).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NmClient } from './client';
import { wireguardBusSettings } from './test/bus-settings';
import { errorOf, nmConnectionsAdded, nmcliImportFile, startNmClient, stopNmClient } from './test/client-helpers';
import { dumpDiff, profileDump, type Dump } from './test/dump';
import { nmSkipReason, type NmFixture } from './test/fixture';
import { wgCorpus, wgRefusals } from './test/wg-corpus';

const skip = nmSkipReason();

describe.skipIf(skip)('a WireGuard import equals `nmcli connection import type wireguard`, owned by the user', () => {
  let fx: NmFixture;
  let client: NmClient;
  let dir: string;

  beforeAll(async () => {
    ({ fx, client } = await startNmClient({ agentId: 'netns-studio.wg-import', owner: 'root' }));
    dir = join(fx.scratch, 'wg');
    mkdirSync(dir);
  });
  afterAll(() => stopNmClient({ fx, client }));

  const nmcliImport = (name: string, content: string) => nmcliImportFile(fx, dir, 'wireguard', `${name}.conf`, content);

  const withoutIdentity = (d: Dump) => {
    const { ['connection.uuid']: _u, ['connection.permissions']: _p, ...rest } = d;
    return rest;
  };

  for (const [name, lines] of wgCorpus) {
    it(`imports ${name}.conf as nmcli does`, async () => {
      const content = lines.join('\n');
      const theirs = await nmcliImport(name, content);
      const made = await client.call('vpn.import', { fileName: `${name}.conf`, content });
      const ours = await profileDump(fx, made.uuid);
      // owned by the user: settings.modify.own is enough
      expect(ours['connection.permissions']).toBe('user:root');
      const nmcliDump = await profileDump(fx, theirs);
      expect(nmcliDump['connection.permissions']).toBe('');
      expect(ours['connection.id']).toBe(name);
      expect(ours['connection.interface-name']).toBe(name);
      expect(dumpDiff(withoutIdentity(nmcliDump), withoutIdentity(ours))).toEqual({});
      expect(await wireguardBusSettings(fx, made.uuid)).toEqual(await wireguardBusSettings(fx, theirs));
    });
  }

  for (const [name, lines] of wgRefusals) {
    it(`refuses ${name}.conf as nmcli does, adding nothing`, async () => {
      const content = lines.join('\n');
      const before = await nmConnectionsAdded(fx);
      await expect(nmcliImport(name, content)).rejects.toThrow(/failed to import/);
      const err = await errorOf(client.call('vpn.import', { fileName: `${name}.conf`, content }));
      expect(err.code).toBe('invalid-input');
      expect(err.message.startsWith(`${name}.conf line `), err.message).toBe(true);
      // a key is never repeated in an error
      expect(err.message).not.toMatch(/[A-Za-z0-9+/]{42}[A-Za-z0-9+/=]=/);
      expect(await nmConnectionsAdded(fx, before)).toEqual([]);
    });
  }

  it('refuses a file name that is no interface name, as nmcli does', async () => {
    const content = [`[Interface]`, 'Address = 10.0.0.2/24'].join('\n');
    await expect(nmcliImport('this-is-too-long', content)).rejects.toThrow(/valid interface name/);
    expect(await errorOf(client.call('vpn.import', { fileName: 'this-is-too-long.conf', content }))).toMatchObject({
      code: 'invalid-input', field: 'fileName', message: expect.stringMatching(/^this-is-too-long\.conf: the file's name names the WireGuard interface .*1 to 15 characters before "\.conf" \(this one has 16\)/),
    });
  });
});
