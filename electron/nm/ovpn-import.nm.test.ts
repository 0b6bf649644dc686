// Differential test of our .ovpn import (ovpn-import.ts) against NetworkManager's own importer:
// for a corpus covering every option network-manager-openvpn's importer reads, the profile we add
// over D-Bus, owned by the user, has the same full dump (`nmcli --show-secrets -f all connection
// show`, test/dump.ts) as `nmcli connection import`'s, except its uuid and permissions; where a
// certificate path differs (inline blocks go to our files), the two files hold the same bytes.
// Files both refuse are refused by both, with nothing added; where we differ on purpose, we say so.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NmClient } from './client';
import { errorOf, nmConnectionsAdded, nmcliImportFile, startNmClient, stopNmClient } from './test/client-helpers';
import { profileDump, type Dump } from './test/dump';
import { nmSkipReason, type NmFixture } from './test/fixture';
import { ovpnCorpus, ovpnRefusals, type CorpusFiles } from './test/ovpn-corpus';

const skip = nmSkipReason();

// vpn.data keys whose value is a file
const fileKeys = ['ca', 'cert', 'key', 'extra-certs', 'static-key', 'ta', 'tls-crypt', 'tls-crypt-v2', 'crl-verify-file'];

describe.skipIf(skip)('an .ovpn import equals `nmcli connection import`, owned by the user', () => {
  let fx: NmFixture;
  let client: NmClient;
  let files: CorpusFiles;
  let dir: string;

  beforeAll(async () => {
    ({ fx, client } = await startNmClient({ agentId: 'netns-studio.ovpn-import', owner: 'root' }));
    dir = join(fx.scratch, 'ovpn');
    mkdirSync(dir);
    files = makeFiles(fx, dir);
  });
  afterAll(() => stopNmClient({ fx, client }));

  /** `nmcli connection import` of the file as it is on disk; the new profile's uuid. */
  const nmcliImport = (name: string, content: string) => nmcliImportFile(fx, dir, 'openvpn', `${name}.ovpn`, content);

  /** The two dumps with what may differ taken out: uuid, permissions, and file paths whose files hold the same bytes. */
  const comparable = (theirs: Dump, ours: Dump): [Dump, Dump] => {
    const [t, o] = [{ ...theirs }, { ...ours }];
    for (const d of [t, o]) {
      delete d['connection.uuid'];
      delete d['connection.permissions'];
    }
    for (const k of fileKeys.map((f) => `vpn.data.${f}`)) {
      if (t[k] === undefined || o[k] === undefined || t[k] === o[k]) continue;
      // nmcli's importer writes inline blocks to ~/.cert/nm-openvpn/NAME-BLOCK.pem, we to our certificate directory
      expect(t[k]!.startsWith(`${fx.scratch}/.cert/nm-openvpn/`), t[k]).toBe(true);
      expect(o[k]!.startsWith(`${fx.scratch}/certs/`), o[k]).toBe(true);
      expect(readFileSync(o[k]!), `${k}: the bytes of ${o[k]} and ${t[k]}`).toEqual(readFileSync(t[k]!));
      expect(statSync(o[k]!).mode & 0o777, `${o[k]} is private`).toBe(0o600);
      t[k] = o[k] = '(same content)';
    }
    return [t, o];
  };

  it('has a corpus that covers every option the importer reads', () => {
    const text = ovpnCorpus(files).map(([, lines]) => lines.join('\n')).join('\n');
    const options = new Set(text.split('\n').map((l) => l.trim().replace(/^--/, '').split(/\s+/)[0]));
    for (const o of [
      'client', 'tls-client', 'key-direction', 'dev', 'dev-type', 'proto', 'mssfix', 'mtu-disc', 'crl-verify', 'ns-cert-type', 'tun-mtu', 'connect-timeout',
      'server-poll-timeout', 'fragment', 'allow-compression', 'comp-lzo', 'compress', 'float', 'reneg-sec', 'max-routes', 'http-proxy-retry', 'socks-proxy-retry',
      'http-proxy', 'socks-proxy', 'remote', 'remote-random', 'remote-random-hostname', 'allow-pull-fqdn', 'tun-ipv6', 'push-peer-info', 'port', 'rport', 'ping',
      'ping-exit', 'ping-restart', 'tls-version-min', 'tls-version-max', 'ca', 'cert', 'extra-certs', 'key', 'pkcs12', 'secret', 'tls-auth', 'tls-crypt',
      'tls-crypt-v2', 'cipher', 'data-ciphers', 'tls-cipher', 'keepalive', 'keysize', 'tls-remote', 'verify-x509-name', 'remote-cert-tls', 'ifconfig',
      'auth-user-pass', 'auth', 'route', '<ca>', '<cert>', '<key>', '<pkcs12>', '<extra-certs>', '<crl-verify>', '<tls-crypt>', '<tls-crypt-v2>', '<tls-auth>', '<secret>',
    ]) {
      expect(options.has(o), o).toBe(true);
    }
  });

  for (const [name] of ovpnCorpus(null)) {
    it(`imports ${name}.ovpn as nmcli does`, async () => {
      const content = ovpnCorpus(files).find(([n]) => n === name)![1].join('\n');
      const theirs = await profileDump(fx, await nmcliImport(name, content));
      const made = await client.call('vpn.import', { fileName: `${name}.ovpn`, content });
      const ours = await profileDump(fx, made.uuid);
      // owned by the user: settings.modify.own is enough
      expect(ours['connection.permissions']).toBe('user:root');
      expect(theirs['connection.permissions']).toBe('');
      expect(ours['connection.id']).toBe(name);
      const [t, o] = comparable(theirs, ours);
      expect(o).toEqual(t);
    });
  }

  for (const [name] of ovpnRefusals(null)) {
    it(`refuses ${name}.ovpn as nmcli does, adding nothing`, async () => {
      const content = ovpnRefusals(files).find(([n]) => n === name)![1].join('\n');
      const before = await nmConnectionsAdded(fx);
      await expect(nmcliImport(name, content)).rejects.toThrow(/failed to import|wasn.t a valid|configuration error|Error/);
      const err = await errorOf(client.call('vpn.import', { fileName: `${name}.ovpn`, content }));
      expect(err.code).toBe('invalid-input');
      expect(err.message.startsWith(`${name}.ovpn`), err.message).toBe(true);
      expect(await nmConnectionsAdded(fx, before)).toEqual([]);
    });
  }

  it('refuses, in words, a relative path and a missing file, which nmcli imports into a profile that cannot work', async () => {
    const base = ['client', 'remote 192.0.2.1 1194', 'cert relative/client.crt', `key ${files.key}`];
    const relative = [...base, `ca ${files.ca}`].join('\n');
    expect(await errorOf(client.call('vpn.import', { fileName: 'relative.ovpn', content: relative }))).toMatchObject({
      code: 'invalid-input', field: 'content', message: expect.stringMatching(/^relative\.ovpn line 3: cert names a file by a relative path \("relative\/client\.crt"\).*write its full path, or put its content inline$/),
    });
    const uuid = await nmcliImport('relative', relative);
    expect(await profileDump(fx, uuid)).toMatchObject({ 'vpn.data.cert': `${dir}/relative/client.crt` });
    const missing = ['client', 'remote 192.0.2.1 1194', `ca ${dir}/no-such-ca.crt`].join('\n');
    expect(await errorOf(client.call('vpn.import', { fileName: 'missing.ovpn', content: missing }))).toMatchObject({
      code: 'invalid-input', message: `missing.ovpn line 3: the file ${dir}/no-such-ca.crt does not exist`,
    });
  });

  it('names the profile after the file as written, spaces and brackets kept (nmcli made ExampleVPN_US-East__CRLF_ of it)', async () => {
    const content = ['client', 'remote 192.0.2.1 1194', '<ca>', readFileSync(files.ca, 'utf8').trim(), '</ca>'].join('\r\n');
    const made = await client.call('vpn.import', { fileName: 'ExampleVPN US-East (CRLF).ovpn', content });
    expect(made.name).toBe('ExampleVPN US-East (CRLF)');
    expect((await profileDump(fx, made.uuid))['connection.id']).toBe('ExampleVPN US-East (CRLF)');
  });

  it('gives two imports of files with the same name their own certificate files', async () => {
    const inline = (ca: string) => ['client', 'remote 192.0.2.1 1194', '<ca>', ca.trim(), '</ca>'].join('\n');
    const a = await client.call('vpn.import', { fileName: 'same.ovpn', content: inline(readFileSync(files.ca, 'utf8')) });
    const b = await client.call('vpn.import', { fileName: 'same.ovpn', content: inline(readFileSync(files.otherCa, 'utf8')) });
    const caOf = async (uuid: string) => (await profileDump(fx, uuid))['vpn.data.ca']!;
    expect(readFileSync(await caOf(a.uuid), 'utf8')).toBe(`${readFileSync(files.ca, 'utf8').trim()}\n`);
    expect(readFileSync(await caOf(b.uuid), 'utf8')).toBe(`${readFileSync(files.otherCa, 'utf8').trim()}\n`);
  });
});

/** The key and certificate files the corpus names, made with openssl and openvpn in `dir`. */
function makeFiles(fx: NmFixture, dir: string): CorpusFiles {
  const at = (n: string) => join(dir, n);
  const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { stdio: 'ignore' });
  run('openvpn', '--genkey', 'secret', at('ta.key'));
  run('openvpn', '--genkey', 'tls-crypt-v2-server', at('tc2-server.key'));
  run('openvpn', '--tls-crypt-v2', at('tc2-server.key'), '--genkey', 'tls-crypt-v2-client', at('tc2-client.key'));
  run('openssl', 'pkey', '-in', fx.env.NMSB_VPN_KEY!, '-aes256', '-passout', 'pass:secret', '-out', at('encrypted.key'));
  run('openssl', 'pkcs12', '-export', '-in', fx.env.NMSB_VPN_CERT!, '-inkey', fx.env.NMSB_VPN_KEY!, '-passout', 'pass:secret', '-out', at('client.p12'));
  run('openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('other-ca.key'), '-out', at('other-ca.crt'), '-days', '30', '-subj', '/CN=Other CA');
  writeFileSync(at('proxy-auth.txt'), 'proxyuser\nproxy pass word\n');
  mkdirSync(at('crl.d'));
  return {
    ca: fx.env.NMSB_VPN_CA!, cert: fx.env.NMSB_VPN_CERT!, key: fx.env.NMSB_VPN_KEY!, remote: fx.env.NMSB_VPN_REMOTE!,
    ta: at('ta.key'), tlsCryptV2: at('tc2-client.key'), encryptedKey: at('encrypted.key'), pkcs12: at('client.p12'),
    otherCa: at('other-ca.crt'), proxyAuth: at('proxy-auth.txt'), crlDir: at('crl.d'),
  };
}
