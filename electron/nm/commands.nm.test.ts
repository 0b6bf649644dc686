// Equivalent commands that are true: the nmcli command the app shows for a create, an edit or an import,
// run by hand on a copy of the profile, gives the same profile as the app made
// (the full `nmcli --show-secrets -f all` dump, test/dump.ts).
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenVpnFieldsInput, VpnProfile } from '../../shared/vpn';
// The form's own code makes what it sends, so this tests what the UI really does (pure, no DOM).
// eslint-disable-next-line no-restricted-imports
import { fieldsOf, formOf, type Form } from '../../renderer/vpn/form-fields';
import type { NmClient } from './client';
import { wireguardBusSettings } from './test/bus-settings';
import { startNmClient, stopNmClient } from './test/client-helpers';
import { dumpDiff, profileDump, profilePath } from './test/dump';
import { nmSkipReason, type NmFixture } from './test/fixture';
import { wgKey } from './test/wg-corpus';

const skip = nmSkipReason();

describe.skipIf(skip)('the nmcli command shown is what the app did', () => {
  let fx: NmFixture;
  let client: NmClient;
  let env: Record<string, string>;
  let tc2Key: string;

  beforeAll(async () => {
    ({ fx, env, client } = await startNmClient({ agentId: 'netns-studio.commands', owner: 'root' }));
    tc2Key = `${fx.scratch}/tc2-client.key`;
    execFileSync('openvpn', ['--genkey', 'tls-crypt-v2-server', `${fx.scratch}/tc2-server.key`]);
    execFileSync('openvpn', ['--tls-crypt-v2', `${fx.scratch}/tc2-server.key`, '--genkey', 'tls-crypt-v2-client', tc2Key]);
  });
  afterAll(() => stopNmClient({ fx, client }));

  /** Runs a shown command in a shell, as a person would paste it, with the secrets filled in. */
  const runShown = (command: string, secrets: Record<string, string> = {}) => {
    let line = command;
    // written as nmcli reads a value of a dict ("," and "\" escaped), inside the command's '...'
    for (const [k, v] of Object.entries(secrets)) line = line.split(`<${k}>`).join(v.replace(/\\/g, '\\\\').replace(/,/g, '\\,'));
    expect(line).not.toMatch(/<[a-z-]+>/);
    return new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', line], { env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: fx.busAddress, HOME: fx.scratch } }, (err, stdout, stderr) =>
        err ? reject(new Error(`${line}: ${stderr}`)) : resolve(stdout),
      ),
    );
  };
  const withoutIdentity = (d: Record<string, string>) => {
    const { ['connection.uuid']: _u, ['connection.id']: _i, ...rest } = d;
    return rest;
  };

  const base = (name: string): Partial<OpenVpnFieldsInput> => ({ name, remote: env.NMSB_VPN_REMOTE!, port: 1194, protocol: 'udp', ca: env.NMSB_VPN_CA });
  const advanced: Partial<OpenVpnFieldsInput> = {
    cipher: 'AES-256-CBC', dataCiphers: 'AES-256-GCM:AES-128-GCM', auth: 'SHA256', tunnelMtu: 1400, fragmentSize: 1300, mssfix: 1200, compression: 'lz4-v2',
    allowCompression: 'asym', compLzo: 'adaptive', proxyType: 'http', proxyServer: '10.0.0.9', proxyPort: 3128, proxyUsername: 'proxy user', proxyRetry: true,
    remoteRandom: true, ping: 10, pingRestart: 60, pingExit: 120, connectTimeout: 20,
    neverDefault: true, dns: ['10.1.1.1', 'fd00::53'], dnsSearch: ['corp.example'], dnsSearchIpv6: ['v6.example', 'lab6.example'],
    routes: [{ to: '10.50.0.0/16', via: '10.8.0.1', metric: 50 }, { to: 'fd00:50::/64' }],
  };
  // none autoconnect with a saved secret: NetworkManager would start it meanwhile (roundtrip.nm.test.ts)
  const shapes: Array<[string, Partial<OpenVpnFieldsInput>, Record<string, string>]> = [
    ['password', { connectionType: 'password', username: 'alice', password: 'pw, with comma' }, { password: 'pw, with comma' }],
    ['certificates with an inline CA and a key password', { connectionType: 'tls', cert: env_('NMSB_VPN_CERT'), key: env_('NMSB_VPN_KEY'), keyPassword: 'kp' }, { 'cert-pass': 'kp' }],
    ['password with certificates, asked every time', { connectionType: 'password-tls', cert: env_('NMSB_VPN_CERT'), key: env_('NMSB_VPN_KEY'), username: 'bob', passwordFlag: 'ask', protocol: 'tcp' }, {}],
    ['password with every advanced setting', { connectionType: 'password', username: 'erin', password: 'pw', ...advanced, proxyPassword: 'proxy, pw' }, { password: 'pw', 'http-proxy-password': 'proxy, pw' }],
  ];
  // the fixture's paths are known only once it runs
  function env_(k: string) {
    return `\${${k}}`;
  }
  const resolve = (f: Partial<OpenVpnFieldsInput>): Partial<OpenVpnFieldsInput> =>
    Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/^\$\{(\w+)\}$/, (_, n: string) => env[n]!) : v]));

  for (const [label, fields, secrets] of shapes) {
    it(`create: ${label}`, async () => {
      const input = { ...base(`cmd-${label}`), ...resolve(fields) };
      if (label.includes('inline CA')) input.ca = readFileSync(env.NMSB_VPN_CA!, 'utf8');
      const made = await client.call('vpn.create', input as never);
      expect(made.command).toContain('nmcli connection add');
      expect(made.command).toContain('ca = /');
      // owned by the user (here root, as the tests run): settings.modify.own is enough
      expect(made.command).toContain('connection.permissions user:root');
      const app = await profileDump(fx, made.uuid);
      expect(app['connection.permissions']).toBe('user:root');
      // the same profile again from the command alone, after the app's is gone
      await fx.nmcli('connection', 'delete', made.uuid);
      await runShown(made.command!, secrets);
      expect(dumpDiff(app, await profileDump(fx, made.uuid))).toEqual({});
    });

    it(`edit: ${label}`, async () => {
      const made = await client.call('vpn.create', { ...base(`edit-${label}`), ...resolve(fields) } as never);
      // the copy: the shown create command (proved true above) under another uuid
      const copy = '00000000-0000-4000-8000-' + made.uuid.slice(-12);
      await runShown(made.command!.replace(made.uuid, copy), secrets);
      expect(withoutIdentity(await profileDump(fx, copy))).toEqual(withoutIdentity(await profileDump(fx, made.uuid)));
      const edited = await formEdit(made, { name: `edited-${label}`, remote: '192.0.2.44', port: '1443', protocol: 'tcp', connectionType: 'password', username: 'zed', password: 'new, secret' });
      expect(edited.command).toMatch(/^nmcli connection modify uuid /);
      expect(edited.command).not.toMatch(/ vpn\.data /);
      // the proxy password stays stored through the edit, so the command restates it with the new password
      const kept: Record<string, string> = secrets['http-proxy-password'] ? { 'http-proxy-password': secrets['http-proxy-password'] } : {};
      await runShown(edited.command!.replace(made.uuid, copy), { ...kept, password: 'new, secret' });
      const diff = dumpDiff(await profileDump(fx, made.uuid), await profileDump(fx, copy));
      expect(diff, edited.command!).toEqual({ 'connection.uuid': [made.uuid, copy] });
    });
  }

  it('edit: every advanced setting changed at once, and some cleared', async () => {
    const made = await client.call('vpn.create', { ...base('edit-advanced'), connectionType: 'password', username: 'erin', passwordFlag: 'ask', ...advanced } as never);
    const copy = '00000000-0000-4000-8000-' + made.uuid.slice(-12);
    await runShown(made.command!.replace(made.uuid, copy));
    const edited = await formEdit(made, {
      cipher: 'AES-128-CBC', dataCiphers: 'CHACHA20-POLY1305', auth: '', tunnelMtu: '1350', fragmentSize: '', mssfix: 'yes', compression: '', allowCompression: 'no', compLzo: '',
      tlsCryptV2: tc2Key, proxyType: 'socks', proxyServer: '10.0.0.10', proxyPort: '1080', proxyUsername: '', proxyRetry: 'false', remoteRandom: 'false', ping: '20', pingRestart: '',
      pingExit: '', connectTimeout: '30', neverDefault: 'false', dns: '10.2.2.2, fd00::54', dnsSearch: 'corp.example, lab.example', dnsSearchIpv6: '',
      routes: '10.60.0.0/16 via 10.8.0.1\nfd00:60::/64 metric 5', autoconnect: 'false',
    });
    expect(edited.command).toMatch(/ ipv4\.never-default no /);
    await runShown(edited.command!.replace(made.uuid, copy));
    expect(dumpDiff(await profileDump(fx, made.uuid), await profileDump(fx, copy)), edited.command!).toEqual({ 'connection.uuid': [made.uuid, copy] });
  });

  // `nmcli connection modify` sends its copy of the profile, which has no secrets: with `+vpn.secrets
  // password=…` alone NetworkManager takes the secrets given as all there are, and the stored key
  // pass phrase was gone from the copy; with `-vpn.secrets` alone it keeps every stored one.
  it('edit: one secret changed while another is stored, and one removed: the command keeps and drops as the app did', async () => {
    const made = await client.call('vpn.create', {
      ...base('edit-one-secret'), connectionType: 'password-tls', cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY, keyPassword: 'kp', username: 'fay', password: 'pw',
    } as never);
    const copy = '00000000-0000-4000-8000-' + made.uuid.slice(-12);
    await runShown(made.command!.replace(made.uuid, copy), { password: 'pw', 'cert-pass': 'kp' });
    const edited = await formEdit(made, { password: 'pw2' });
    await runShown(edited.command!.replace(made.uuid, copy), { password: 'pw2', 'cert-pass': 'kp' });
    const app = await profileDump(fx, made.uuid);
    expect([app['vpn.secrets.password'], app['vpn.secrets.cert-pass']]).toEqual(['pw2', 'kp']);
    expect(dumpDiff(app, await profileDump(fx, copy)), edited.command!).toEqual({ 'connection.uuid': [made.uuid, copy] });
    // certificates alone from now on: the password goes, the key pass phrase stays
    const cleared = await formEdit(made, { connectionType: 'tls' });
    expect(cleared.command).toContain("vpn.secrets 'cert-pass = <cert-pass>'");
    await runShown(cleared.command!.replace(made.uuid, copy), { 'cert-pass': 'kp' });
    expect((await profileDump(fx, made.uuid))['vpn.secrets.password']).toBeUndefined();
    expect(dumpDiff(await profileDump(fx, made.uuid), await profileDump(fx, copy)), cleared.command!).toEqual({ 'connection.uuid': [made.uuid, copy] });
  });

  // NetworkManager keeps every stored secret when an update carries none, so the last one removed
  // stayed on disk (a password left in the keyfile of a profile now on certificates alone).
  it('edit: the last stored secret removed (password to certificates): gone from the profile, and the command removes it too', async () => {
    const made = await client.call('vpn.create', { ...base('edit-last-secret'), connectionType: 'password', username: 'gus', password: 'pw' } as never);
    const copy = '00000000-0000-4000-8000-' + made.uuid.slice(-12);
    await runShown(made.command!.replace(made.uuid, copy), { password: 'pw' });
    const edited = await formEdit(made, { connectionType: 'tls', cert: env.NMSB_VPN_CERT!, key: env.NMSB_VPN_KEY! });
    const app = await profileDump(fx, made.uuid);
    expect(app['vpn.data.connection-type']).toBe('tls');
    expect(app['vpn.secrets.password']).toBeUndefined();
    await runShown(edited.command!.replace(made.uuid, copy).replace(made.path, await profilePath(fx, copy)));
    expect(dumpDiff(app, await profileDump(fx, copy)), edited.command!).toEqual({ 'connection.uuid': [made.uuid, copy] });
  });

  it('edit: a proxy login, its password saved, then asked every time', async () => {
    const made = await client.call('vpn.create', {
      ...base('edit-proxy'), connectionType: 'password', username: 'erin', passwordFlag: 'ask', proxyType: 'http', proxyServer: '10.0.0.9', proxyPort: 3128,
    } as never);
    const copy = '00000000-0000-4000-8000-' + made.uuid.slice(-12);
    await runShown(made.command!.replace(made.uuid, copy));
    const secrets = { 'http-proxy-password': 'proxy, pw' };
    const login = await formEdit(made, { proxyUsername: 'proxy user', proxyPassword: 'proxy, pw', proxyRetry: 'true' });
    expect(login.command).toContain("vpn.secrets 'http-proxy-password = <http-proxy-password>'");
    await runShown(login.command!.replace(made.uuid, copy), secrets);
    expect(dumpDiff(await profileDump(fx, made.uuid), await profileDump(fx, copy)), login.command!).toEqual({ 'connection.uuid': [made.uuid, copy] });
    const asked = await formEdit(made, { proxyPasswordFlag: 'ask' });
    expect(asked.command).toContain('ClearSecrets');
    await runShown(asked.command!.replace(made.uuid, copy).replace(made.path, await profilePath(fx, copy)));
    const diff = dumpDiff(await profileDump(fx, made.uuid), await profileDump(fx, copy));
    expect(diff, asked.command!).toEqual({ 'connection.uuid': [made.uuid, copy] });
    expect((await profileDump(fx, made.uuid))['vpn.secrets.http-proxy-password']).toBeUndefined();
  });

  it('import: the command shown is the profile added (owned, routes, inline blocks, a proxy password)', async () => {
    const pem = (f: string) => readFileSync(f, 'utf8').trim();
    writeFileSync(`${fx.scratch}/proxy-auth`, 'proxyuser\nproxy, pass\n');
    const ovpn = [
      'client', `remote ${env.NMSB_VPN_REMOTE} 1194`, 'remote vpn.example.com 443 tcp', `<ca>\n${pem(env.NMSB_VPN_CA!)}\n</ca>`, `cert ${env.NMSB_VPN_CERT}`,
      `key ${env.NMSB_VPN_KEY}`, 'auth-user-pass', "verify-x509-name 'CN=server, O=Lab' subject", `http-proxy 10.0.0.9 3128 ${fx.scratch}/proxy-auth`,
      'route 10.77.0.0 255.255.0.0', 'route 10.78.0.0 255.255.255.0 10.0.0.9 7',
    ].join('\n');
    const made = await client.call('vpn.import', { fileName: 'cmd-import.ovpn', content: ovpn });
    expect(made.command).toMatch(/^nmcli connection add type vpn vpn-type openvpn con-name cmd-import connection\.uuid /);
    expect(made.command).toContain('connection.permissions user:root');
    expect(made.command).toContain("ipv4.routes '10.77.0.0/16, 10.78.0.0/24 10.0.0.9 7'");
    const app = await profileDump(fx, made.uuid);
    expect(app['connection.permissions']).toBe('user:root');
    // the profile alone goes (its certificate file stays, as a person's would), then the command makes it again
    await fx.nmcli('connection', 'delete', made.uuid);
    await runShown(made.command!, { 'http-proxy-password': 'proxy, pass' });
    expect(dumpDiff(app, await profileDump(fx, made.uuid))).toEqual({});
  });

  it('import of a WireGuard .conf: the commands shown make the profile added (owned, peers, secrets)', async () => {
    const conf = [
      '[Interface]', `PrivateKey = ${wgKey(1)}`, 'Address = 10.66.0.2/24, fd00:66::2/64', 'DNS = 10.66.0.1, lab.example', 'MTU = 1400', 'Table = 77',
      ...['[Peer]', `PublicKey = ${wgKey(2)}`, `PresharedKey = ${wgKey(3)}`, 'AllowedIPs = 10.66.0.0/16', 'Endpoint = 192.0.2.1:51820', 'PersistentKeepalive = 25'],
      ...['[Peer]', `PublicKey = ${wgKey(4)}`, 'AllowedIPs = fd00:66::/48'],
    ].join('\n');
    const made = await client.call('vpn.import', { fileName: 'wgcmd.conf', content: conf });
    expect(made.command).toBe('nmcli connection import type wireguard file wgcmd.conf && nmcli connection modify wgcmd connection.permissions user:root');
    const app = await profileDump(fx, made.uuid);
    const appBus = await wireguardBusSettings(fx, made.uuid);
    expect(app['connection.permissions']).toBe('user:root');
    // the profile goes, then the commands, run where the file is, make it again (under a new uuid)
    await fx.nmcli('connection', 'delete', made.uuid);
    mkdirSync(`${fx.scratch}/wgcmd`);
    writeFileSync(`${fx.scratch}/wgcmd/wgcmd.conf`, conf);
    await runShown(`cd ${fx.scratch}/wgcmd && ${made.command!}`);
    const uuid = /^wgcmd:([0-9a-f-]{36})$/m.exec(await fx.nmcli('-t', '-f', 'NAME,UUID', 'connection', 'show'))![1]!;
    expect(dumpDiff(app, await profileDump(fx, uuid))).toEqual({ 'connection.uuid': [made.uuid, uuid] });
    expect(await wireguardBusSettings(fx, uuid)).toEqual(appBus);
  });

  /** What the form sends after the person changed `change` in it. */
  async function formEdit(p: VpnProfile, change: Form) {
    const { profile, fields } = await client.call('vpn.get', { uuid: p.uuid });
    return client.call('vpn.update', { uuid: p.uuid, fields: fieldsOf({ ...formOf(profile.name, fields), ...change }, fields) as never });
  }
});
