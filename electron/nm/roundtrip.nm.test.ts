// Edits never lose anything: for every profile shape we can make, one change made the way the
// form makes it (vpn.get, the form's fields laid over what was loaded, vpn.update) changes that
// setting alone in NetworkManager's full dump (`nmcli --show-secrets -t -f all connection show`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenVpnFieldsInput } from '../../shared/vpn';
// The form's own code makes what it sends, so this tests what the UI really does (pure, no DOM).
// eslint-disable-next-line no-restricted-imports
import { fieldsOf, formOf, type Form } from '../../renderer/vpn/form-fields';
import type { NmClient } from './client';
import { startNmClient, stopNmClient } from './test/client-helpers';
import { nmSkipReason, type NmFixture } from './test/fixture';
import { profileDump, dumpDiff } from './test/dump';

const skip = nmSkipReason();

describe.skipIf(skip)('VPN profiles survive edits whole', () => {
  let fx: NmFixture;
  let client: NmClient;
  let env: Record<string, string>;
  let taKey: string;
  let tc2Key: string;

  beforeAll(async () => {
    ({ fx, env, client } = await startNmClient({ agentId: 'netns-studio.roundtrip' }));
    taKey = join(fx.scratch, 'ta.key');
    execFileSync('openvpn', ['--genkey', 'secret', taKey]);
    tc2Key = join(fx.scratch, 'tc2-client.key');
    execFileSync('openvpn', ['--genkey', 'tls-crypt-v2-server', join(fx.scratch, 'tc2-server.key')]);
    execFileSync('openvpn', ['--tls-crypt-v2', join(fx.scratch, 'tc2-server.key'), '--genkey', 'tls-crypt-v2-client', tc2Key]);
  });
  afterAll(() => stopNmClient({ fx, client }));

  /** What the form sends after the person changed `change` in it. */
  async function formEdit(uuid: string, change: Form) {
    const { profile, fields } = await client.call('vpn.get', { uuid });
    const form = { ...formOf(profile.name, fields), ...change };
    return client.call('vpn.update', { uuid, fields: fieldsOf(form, fields) as never });
  }

  /** Each edit changes the dump in the keys given, and nowhere else. */
  async function roundTrip(uuid: string) {
    const renamed = `${(await client.call('vpn.get', { uuid })).profile.name} (renamed)`;
    let before = await profileDump(fx, uuid);
    await formEdit(uuid, { name: renamed });
    let after = await profileDump(fx, uuid);
    expect(dumpDiff(before, after)).toEqual({ 'connection.id': [before['connection.id'], renamed] });

    before = after;
    await formEdit(uuid, { port: '1299' });
    after = await profileDump(fx, uuid);
    const diff = dumpDiff(before, after);
    // the port is either its own key or part of "remote" (host:port:proto), as the profile had it
    expect(Object.keys(diff).length).toBe(1);
    expect(Object.keys(diff)[0]).toMatch(/^vpn\.data\.(port|remote)$/);
    expect(Object.values(diff)[0]![1]).toContain('1299');
  }

  const base = (name: string): Partial<OpenVpnFieldsInput> => ({ name, remote: env.NMSB_VPN_REMOTE!, port: 1194, protocol: 'udp', ca: env.NMSB_VPN_CA });

  it('an imported profile with every option the OpenVPN plugin imports', async () => {
    const ovpn = [
      'client', 'dev tun', 'proto tcp-client', `remote ${env.NMSB_VPN_REMOTE} 1194`, 'remote-random', 'remote-random-hostname',
      `ca ${env.NMSB_VPN_CA}`, `cert ${env.NMSB_VPN_CERT}`, `key ${env.NMSB_VPN_KEY}`, `tls-auth ${taKey} 1`,
      'remote-cert-tls server', 'verify-x509-name server name', 'tls-version-min 1.2', 'tls-version-max 1.3', 'tls-cipher TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384',
      'cipher AES-256-CBC', 'data-ciphers AES-256-GCM:AES-128-GCM', 'data-ciphers-fallback AES-256-CBC', 'auth SHA256', 'keysize 256',
      'tun-mtu 1400', 'fragment 1300', 'mssfix 1200', 'mtu-disc yes', 'float', 'ping 10', 'ping-restart 60', 'reneg-sec 3600',
      'http-proxy 10.0.0.9 3128', 'http-proxy-retry', 'connect-timeout 20', 'compress lz4-v2', 'allow-compression asym',
      'max-routes 50', 'push-peer-info', 'route 10.77.0.0 255.255.0.0', 'auth-user-pass', 'nobind', 'verb 3',
    ].join('\n');
    const p = await client.call('vpn.import', { fileName: 'everything.ovpn', content: `${ovpn}\n` });
    const dump = await profileDump(fx, p.uuid);
    // the importer took them (so the round trip covers them)
    for (const k of ['ta', 'ta-dir', 'cipher', 'data-ciphers', 'auth', 'tunnel-mtu', 'fragment-size', 'mssfix', 'ping', 'ping-restart', 'proxy-type', 'remote-random', 'compress', 'tls-version-min', 'verify-x509-name']) {
      expect(dump, k).toHaveProperty(`vpn.data.${k}`);
    }
    await roundTrip(p.uuid);
  });

  it('an imported profile with inline certificates', async () => {
    const pem = (f: string) => readFileSync(f, 'utf8').trim();
    const ovpn = ['client', 'dev tun', 'proto udp', `remote ${env.NMSB_VPN_REMOTE} 1194`, 'remote-cert-tls server', 'key-direction 1',
      `<ca>\n${pem(env.NMSB_VPN_CA!)}\n</ca>`, `<cert>\n${pem(env.NMSB_VPN_CERT!)}\n</cert>`, `<key>\n${pem(env.NMSB_VPN_KEY!)}\n</key>`,
      `<tls-auth>\n${pem(taKey)}\n</tls-auth>`].join('\n');
    const p = await client.call('vpn.import', { fileName: 'inline.ovpn', content: `${ovpn}\n` });
    await roundTrip(p.uuid);
  });

  // Autoconnect with a saved password, the shape whose dumps once came without it: NetworkManager
  // 1.42 starts a VPN by itself only as a base connection's secondary, so nothing starts it here;
  // the reads themselves were rewriting it (secrets.nm.test.ts).
  it('created from fields: password, connecting automatically', async () => {
    const p = await client.call('vpn.create', { ...base('rt-password'), connectionType: 'password', username: 'alice', password: 'pw', autoconnect: true } as never);
    await roundTrip(p.uuid);
  });

  it('created from fields: certificates, with tls-auth and a key password', async () => {
    const p = await client.call('vpn.create', { ...base('rt-tls'), connectionType: 'tls', cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY, keyPassword: 'kp', tlsAuth: taKey, tlsAuthDirection: 1 } as never);
    await roundTrip(p.uuid);
  });

  it('created from fields: password with certificates, inline PEM, tls-crypt', async () => {
    const p = await client.call('vpn.create', {
      ...base('rt-password-tls'), connectionType: 'password-tls', ca: readFileSync(env.NMSB_VPN_CA!, 'utf8'), cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY,
      username: 'bob', password: 'pw2', passwordFlag: 'ask', tlsCrypt: taKey, autoconnect: true,
    } as never);
    await roundTrip(p.uuid);
  });

  it('created from fields: static key', async () => {
    const p = await client.call('vpn.create', { ...base('rt-static'), ca: undefined, connectionType: 'static-key', staticKey: taKey, staticKeyDirection: 0, localIp: '10.9.0.2', remoteIp: '10.9.0.1' } as never);
    await roundTrip(p.uuid);
  });

  it('every advanced setting, changed through the form one at a time, changes its own keys alone', async () => {
    const p = await client.call('vpn.create', {
      ...base('rt-advanced'), connectionType: 'password-tls', cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY, keyPassword: 'kp', username: 'dave', passwordFlag: 'ask',
      cipher: 'AES-256-CBC', dataCiphers: 'AES-256-GCM:AES-128-GCM', auth: 'SHA256', tunnelMtu: 1400, fragmentSize: 1300, mssfix: 'yes', compression: 'lz4-v2',
      proxyType: 'socks', proxyServer: '10.0.0.9', proxyPort: 1080, remoteRandom: true, ping: 10, pingRestart: 60,
      neverDefault: true, dns: ['10.1.1.1'], dnsSearch: ['corp.example'], routes: [{ to: '10.50.0.0/16', via: '10.8.0.1', metric: 50 }],
    } as never);
    const changes: Array<[Form, string[]]> = [
      [{ cipher: 'AES-128-CBC' }, ['vpn.data.cipher']],
      [{ dataCiphers: 'AES-128-GCM' }, ['vpn.data.data-ciphers']],
      [{ auth: 'SHA512' }, ['vpn.data.auth']],
      [{ tlsAuth: taKey, tlsAuthDirection: '1' }, ['vpn.data.ta', 'vpn.data.ta-dir']],
      [{ tlsAuthDirection: '0' }, ['vpn.data.ta-dir']],
      [{ tlsAuth: '', tlsAuthDirection: '', tlsCrypt: taKey }, ['vpn.data.ta', 'vpn.data.ta-dir', 'vpn.data.tls-crypt']],
      [{ tunnelMtu: '1300' }, ['vpn.data.tunnel-mtu']],
      [{ fragmentSize: '1200' }, ['vpn.data.fragment-size']],
      [{ mssfix: '1100' }, ['vpn.data.mssfix']],
      [{ compression: 'lzo' }, ['vpn.data.compress']],
      [{ compression: '' }, ['vpn.data.compress']],
      [{ proxyType: 'http', proxyServer: '10.0.0.10', proxyPort: '3128' }, ['vpn.data.proxy-type', 'vpn.data.proxy-server', 'vpn.data.proxy-port']],
      [{ remoteRandom: 'false' }, ['vpn.data.remote-random']],
      [{ ping: '15' }, ['vpn.data.ping']],
      [{ pingRestart: '120' }, ['vpn.data.ping-restart']],
      [{ proxyUsername: 'pu', proxyPassword: 'pp' }, ['vpn.data.http-proxy-username', 'vpn.secrets.http-proxy-password']],
      [{ proxyRetry: 'true' }, ['vpn.data.proxy-retry']],
      [{ proxyPasswordFlag: 'ask' }, ['vpn.data.http-proxy-password-flags', 'vpn.secrets.http-proxy-password']],
      [{ proxyPasswordFlag: 'saved', proxyPassword: 'pp2' }, ['vpn.data.http-proxy-password-flags', 'vpn.secrets.http-proxy-password']],
      [{ proxyUsername: '', proxyPassword: '' }, ['vpn.data.http-proxy-username', 'vpn.data.http-proxy-password-flags', 'vpn.secrets.http-proxy-password']],
      [{ allowCompression: 'no' }, ['vpn.data.allow-compression']],
      [{ compLzo: 'adaptive' }, ['vpn.data.comp-lzo']],
      [{ tlsCrypt: '', tlsCryptV2: tc2Key }, ['vpn.data.tls-crypt', 'vpn.data.tls-crypt-v2']],
      [{ pingExit: '30' }, ['vpn.data.ping-exit']],
      [{ connectTimeout: '25' }, ['vpn.data.connect-timeout']],
      [{ keyPassword: 'kp2' }, ['vpn.secrets.cert-pass']],
      [{ neverDefault: 'false' }, ['ipv4.never-default', 'ipv6.never-default']],
      [{ dns: '10.1.1.1, fd00::54' }, ['ipv6.dns']],
      [{ dnsSearch: 'corp.example, lab.example' }, ['ipv4.dns-search']],
      [{ dns: '10.1.1.1, fd00::55' }, ['ipv6.dns']],
      [{ dnsSearchIpv6: 'v6.example' }, ['ipv6.dns-search']],
      [{ routes: '10.50.0.0/16 via 10.8.0.1 metric 50\n10.70.0.0/16' }, ['ipv4.routes']],
      [{ routes: '' }, ['ipv4.routes']],
    ];
    let before = await profileDump(fx, p.uuid);
    for (const [change, keys] of changes) {
      const r = await formEdit(p.uuid, change);
      const after = await profileDump(fx, p.uuid);
      expect(Object.keys(dumpDiff(before, after)).sort(), `${JSON.stringify(change)}: ${r.command}`).toEqual([...keys].sort());
      before = after;
    }
  });

  it('a profile someone changed with nmcli (IP settings, connection settings, remote with port)', async () => {
    const p = await client.call('vpn.create', { ...base('rt-nmcli'), connectionType: 'password', username: 'carol', password: 'pw3' } as never);
    // the secrets whole: nmcli's copy has none, so `+vpn.secrets` alone would drop the password
    await fx.nmcli('connection', 'modify', p.uuid, 'ipv4.never-default', 'yes', 'ipv4.dns', '10.1.1.1', 'ipv4.dns-search', 'corp.example',
      '+ipv4.routes', '10.50.0.0/16', 'ipv6.method', 'ignore', 'connection.autoconnect-priority', '5', 'connection.permissions', 'user:root',
      '+vpn.data', `remote = ${env.NMSB_VPN_REMOTE}:1194:udp\\, 10.0.0.7:1194`, '+vpn.data', 'cipher = AES-128-GCM', 'vpn.secrets', 'password = pw3, http-proxy-password = x');
    expect(await profileDump(fx, p.uuid)).toMatchObject({ 'vpn.secrets.password': 'pw3', 'vpn.secrets.http-proxy-password': 'x' });
    await roundTrip(p.uuid);
  });
});
