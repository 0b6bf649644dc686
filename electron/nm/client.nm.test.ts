// The NetworkManager client against a real NetworkManager and real OpenVPN servers (the fixture in
// test/nm-fixture.sh), checked against what busctl and `ip -json` report.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { methods, type VpnMethodName } from '../../shared/contract';
import type { SecretRequest, VpnProfile } from '../../shared/vpn';
import { createNmClient, type NmClient } from './client';
import { errorOf, nmConnectionsAdded, recorder, startNmClient, stopNmClient, storedSecrets, tunAddresses } from './test/client-helpers';
import { nmSkipReason, type NmFixture } from './test/fixture';

const skip = nmSkipReason();
if (skip) console.warn(`NetworkManager tests skipped: ${skip}`);

describe.skipIf(skip)('NetworkManager VPN client', () => {
  let fx: NmFixture;
  let client: NmClient;
  let events: ReturnType<typeof recorder>;
  let env: Record<string, string>;

  beforeAll(async () => {
    let raw: NmClient;
    ({ fx, env, client: raw, events } = await startNmClient({ agentId: 'netns-studio.test' }));
    // every result must be what the contract says, as the hosts check it
    client = {
      ...raw,
      call: async <K extends VpnMethodName>(method: K, input: never) => {
        const value = await raw.call(method, input);
        const checked = methods[method].output.safeParse(value);
        if (!checked.success) throw new Error(`${method} returned what the contract refuses: ${checked.error.message}`);
        return value;
      },
    } as NmClient;
  });
  afterEach(() => {
    expect(events.violations.splice(0)).toEqual([]);
  });
  afterAll(() => stopNmClient({ fx, client }));

  const passwordFields = (name: string) => ({
    name,
    remote: env.NMSB_VPN_REMOTE!,
    port: Number(env.NMSB_VPN_PW_PORT),
    protocol: 'udp' as const,
    connectionType: 'password' as const,
    ca: env.NMSB_VPN_CA!,
    username: env.NMSB_VPN_PW_USER!,
    passwordFlag: 'ask' as const,
    keyPasswordFlag: 'saved' as const, proxyPasswordFlag: 'saved' as const,
    autoconnect: false,
  });

  it('reports NetworkManager running with its version, as busctl reads it', async () => {
    const st = await client.call('vpn.status', {});
    const version = /"(.*)"/.exec(await fx.busctl('get-property', 'org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager', 'org.freedesktop.NetworkManager', 'Version'))?.[1];
    expect(st).toEqual({ running: true, version, message: null });
    // the fixture's ethernet uplink is not a VPN
    expect(await client.call('vpn.list', {})).toEqual([]);
  });

  it('imports an .ovpn, connects through activating → activated with the address the server gave, and disconnects to deactivated', async () => {
    const before = await nmConnectionsAdded(fx);
    const profile = await client.call('vpn.import', { fileName: 'office.ovpn', content: readFileSync(env.NMSB_VPN_OVPN!, 'utf8') });
    expect(profile).toMatchObject({ name: 'office', type: 'openvpn', serviceType: 'org.freedesktop.NetworkManager.openvpn', remote: env.NMSB_VPN_REMOTE, active: null });
    expect(profile).toMatchObject({ remotePort: Number(env.NMSB_VPN_PORT), remoteProtocol: 'udp' });
    expect(await nmConnectionsAdded(fx, before)).toEqual([profile.path]);
    expect((await client.call('vpn.list', {})).map((p) => p.uuid)).toContain(profile.uuid);
    // An imported profile connects by itself by default; NetworkManager leaves that default out of GetSettings.
    expect((await fx.nmcli('-g', 'connection.autoconnect', 'connection', 'show', profile.uuid)).trim()).toBe('yes');
    expect((await client.call('vpn.get', { uuid: profile.uuid })).fields?.autoconnect).toBe(true);

    events.clear();
    const up = await client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 });
    expect(up.active?.state).toBe('activated');
    expect(up.active?.vpnState).toBe('activated');
    // the address is the real server's lease, the one the kernel has on the tunnel
    const kernel = tunAddresses(fx);
    expect(kernel).toHaveLength(1);
    expect(up.active?.ipv4?.addresses).toEqual(kernel);
    expect(kernel[0]!.startsWith(env.NMSB_VPN_SERVER_TUN_IP!.replace(/\.1$/, '.'))).toBe(true);
    // NetworkManager's own view: the active connection's VpnState is 5 (activated)
    expect((await fx.busctl('get-property', 'org.freedesktop.NetworkManager', up.active!.path, 'org.freedesktop.NetworkManager.VPN.Connection', 'VpnState')).trim()).toBe('u 5');

    const down = await client.call('vpn.disconnect', { uuid: profile.uuid });
    expect(down.active === null || down.active.state === 'deactivated').toBe(true);
    await events.waitFor((s) => s.event === 'vpn.changed' && (s.payload as VpnProfile).uuid === profile.uuid && (s.payload as VpnProfile).active === null);
    expect(tunAddresses(fx)).toEqual([]);

    const states = events.seen
      .filter((s) => s.event === 'vpn.changed' && (s.payload as VpnProfile).uuid === profile.uuid)
      .map((s) => (s.payload as VpnProfile).active?.state ?? 'none')
      .filter((st, i, all) => st !== all[i - 1]);
    expect(states.indexOf('activating')).toBeGreaterThanOrEqual(0);
    expect(states.indexOf('activated')).toBeGreaterThan(states.indexOf('activating'));
    expect(states.lastIndexOf('deactivated')).toBeGreaterThan(states.indexOf('activated'));
    await client.call('vpn.delete', { uuid: profile.uuid });
    await expect(fx.busctl('call', 'org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager/Settings', 'org.freedesktop.NetworkManager.Settings', 'GetConnectionByUuid', 's', profile.uuid)).rejects.toThrow(/No connection with the UUID/i);
  });

  it.each([
    ['no-remote.ovpn', 'client\ndev tun\nproto udp\nca /etc/ssl/certs/ca.pem\n', /no remote/],
    ['bad-ca.ovpn', 'client\ndev tun\nremote 192.0.2.1 1194\n<ca>\nthis is not a certificate\n</ca>\n', /line 4: the <ca> block is not PEM/],
    ['garbage.ovpn', String.fromCharCode(...Array.from({ length: 256 }, (_, i) => (i * 37) % 256)), /not a text file/],
    ['empty.ovpn', '', /empty\.ovpn is empty/],
    ['notes.txt', 'remote 192.0.2.1\n', /must end in \.ovpn/],
    ['wg0.conf', '[Interface]\nPrivateKey = nope\n', /^wg0\.conf line 2: PrivateKey = \(hidden\): a key is 32 bytes in base64/],
  ])('refuses %s with a clear error and leaves no profile behind', async (fileName, content, message) => {
    const before = await nmConnectionsAdded(fx);
    const listed = await client.call('vpn.list', {});
    const err = await errorOf(client.call('vpn.import', { fileName, content }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('netns-studio-import-'); // our temp path never leaks
    expect(await nmConnectionsAdded(fx, before)).toEqual([]);
    expect(await client.call('vpn.list', {})).toEqual(listed);
  });

  it('creates a profile from form fields (inline PEM CA) that connects', async () => {
    const profile = await client.call('vpn.create', {
      name: 'from fields',
      remote: env.NMSB_VPN_REMOTE!,
      port: Number(env.NMSB_VPN_PORT),
      protocol: 'udp',
      connectionType: 'tls',
      ca: readFileSync(env.NMSB_VPN_CA!, 'utf8'),
      cert: env.NMSB_VPN_CERT!,
      key: env.NMSB_VPN_KEY!,
      keyPasswordFlag: 'saved', proxyPasswordFlag: 'saved',
      passwordFlag: 'saved',
      autoconnect: false,
    });
    expect(profile).toMatchObject({ name: 'from fields', type: 'openvpn', remote: env.NMSB_VPN_REMOTE });
    const got = await client.call('vpn.get', { uuid: profile.uuid });
    expect(got.fields).toMatchObject({ remote: env.NMSB_VPN_REMOTE, port: 1194, protocol: 'udp', connectionType: 'tls', cert: env.NMSB_VPN_CERT });
    expect(readFileSync(String(got.fields!.ca), 'utf8')).toBe(readFileSync(env.NMSB_VPN_CA!, 'utf8'));
    const up = await client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 });
    expect(up.active?.ipv4?.addresses).toEqual(tunAddresses(fx));
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    await client.call('vpn.delete', { uuid: profile.uuid });
    expect(existsSync(String(got.fields!.ca))).toBe(false); // the CA file we wrote went with it
  });

  it('asks our agent for the password of an "ask every time" profile and connects with the right one', async () => {
    const profile = await client.call('vpn.create', passwordFields('pw right'));
    events.clear();
    const up = client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 });
    const req = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    expect(req).toMatchObject({ uuid: profile.uuid, name: 'pw right', settingName: 'vpn' });
    expect(req.fields.map((f) => f.key)).toEqual(['password']);
    // a key that was not asked for is refused, and the request stays open
    expect((await errorOf(client.call('vpn.secrets.answer', { requestId: req.requestId, secrets: { pin: '1' }, save: false }))).field).toBe('secrets.pin');
    await client.call('vpn.secrets.answer', { requestId: req.requestId, secrets: { password: env.NMSB_VPN_PW_PASSWORD! }, save: false });
    const p = await up;
    expect(p.active?.state).toBe('activated');
    expect(p.active?.ipv4?.addresses).toEqual(tunAddresses(fx));
    expect(p.active!.ipv4!.addresses[0]!.startsWith(env.NMSB_VPN_PW_SERVER_TUN_IP!.replace(/\.1$/, '.'))).toBe(true);
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    // "ask every time": nothing was stored
    expect(await storedSecrets(fx, profile.path)).not.toContain(env.NMSB_VPN_PW_PASSWORD!);
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('fails with "login failed" in words when the password is wrong', async () => {
    const profile = await client.call('vpn.create', passwordFields('pw wrong'));
    events.clear();
    const up = errorOf(client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 40_000 }));
    const req = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    await client.call('vpn.secrets.answer', { requestId: req.requestId, secrets: { password: 'wrong-password' }, save: false });
    // NetworkManager may ask again after the server refused: refuse then
    const again = events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest).requestId !== req.requestId && (s.payload as SecretRequest), 40_000).catch(() => null);
    const second = await Promise.race([again, up.then(() => null)]);
    if (second) {
      expect(second.message).toMatch(/refused the last answer/);
      await client.call('vpn.secrets.cancel', { requestId: second.requestId });
    }
    const err = await up;
    expect(err.code).toBe('failed');
    expect(err.message).toBe('the VPN pw wrong did not come up: the login failed: the server refused the user name, password or certificate');
    const [listed] = (await client.call('vpn.list', {})).filter((p) => p.uuid === profile.uuid);
    expect(listed?.lastError).toBe(err.message);
    expect(tunAddresses(fx)).toEqual([]);
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('asks for the second factor when the server sends a dynamic challenge, and connects with the right code', async () => {
    const profile = await client.call('vpn.create', { ...passwordFields('two factor'), port: Number(env.NMSB_VPN_CR_PORT) });
    events.clear();
    const up = client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 40_000 });
    const first = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    expect(first.fields.map((f) => f.key)).toEqual(['password']);
    await client.call('vpn.secrets.answer', { requestId: first.requestId, secrets: { password: env.NMSB_VPN_PW_PASSWORD! }, save: false });
    const challenge = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest).requestId !== first.requestId && (s.payload as SecretRequest));
    // nm-openvpn 1.10 (Debian 12) asks for "password" again, later versions for "challenge-response":
    // either way one field, with the server's challenge as its prompt
    expect(challenge.fields).toHaveLength(1);
    const [field] = challenge.fields;
    expect(['password', 'challenge-response']).toContain(field!.key);
    expect(field!.prompt).toBe(env.NMSB_VPN_CR_CHALLENGE);
    expect(challenge.message).toBe(env.NMSB_VPN_CR_CHALLENGE);
    await client.call('vpn.secrets.answer', { requestId: challenge.requestId, secrets: { [field!.key]: env.NMSB_VPN_CR_CODE! }, save: false });
    const p = await up;
    expect(p.active?.state).toBe('activated');
    expect(p.active!.ipv4!.addresses[0]!.startsWith(env.NMSB_VPN_CR_SERVER_TUN_IP!.replace(/\.1$/, '.'))).toBe(true);
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('cancels a secret request: the attempt fails with "no secrets"', async () => {
    const profile = await client.call('vpn.create', passwordFields('pw cancel'));
    events.clear();
    const up = errorOf(client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 }));
    const req = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    await client.call('vpn.secrets.cancel', { requestId: req.requestId });
    await events.waitFor((s) => s.event === 'vpn.secrets.canceled' && (s.payload as { requestId: string }).requestId === req.requestId);
    const err = await up;
    expect(err.code).toBe('failed');
    expect(err.message).toContain('no secrets');
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('keeps a saved password through an edit and a rename, and connects without asking', async () => {
    const profile = await client.call('vpn.create', { ...passwordFields('pw saved'), passwordFlag: 'saved', password: env.NMSB_VPN_PW_PASSWORD! });
    const secrets = () => storedSecrets(fx, profile.path);
    expect(await secrets()).toContain(env.NMSB_VPN_PW_PASSWORD!);
    const { password: _dropped, ...noPassword } = { ...passwordFields('pw saved, edited'), passwordFlag: 'saved' as const, password: undefined };
    const edited = await client.call('vpn.update', { uuid: profile.uuid, fields: { ...noPassword, protocol: 'udp' } });
    expect(edited.name).toBe('pw saved, edited');
    expect(await secrets()).toContain(env.NMSB_VPN_PW_PASSWORD!);
    const renamed = await client.call('vpn.rename', { uuid: profile.uuid, name: 'pw renamed' });
    expect(renamed.name).toBe('pw renamed');
    expect(await secrets()).toContain(env.NMSB_VPN_PW_PASSWORD!);
    expect(await fx.busctl('call', 'org.freedesktop.NetworkManager', profile.path, 'org.freedesktop.NetworkManager.Settings.Connection', 'GetSettings')).toContain('pw renamed');
    events.clear();
    const up = await client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 });
    expect(up.active?.state).toBe('activated');
    expect(events.seen.some((s) => s.event === 'vpn.secrets.requested')).toBe(false);
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    const exported = await client.call('vpn.export', { uuid: profile.uuid });
    expect(exported.fileName).toBe('pw_renamed.ovpn');
    expect(exported.content).toMatch(new RegExp(`^remote '?${env.NMSB_VPN_REMOTE!.replace(/\./g, '\\.')}'?`, 'm'));
    expect(exported.content).toMatch(new RegExp(`^(remote .* ${env.NMSB_VPN_PW_PORT}|port '?${env.NMSB_VPN_PW_PORT}'?)$`, 'm'));
    expect(exported.content).toMatch(/^auth-user-pass$/m);
    expect(exported.content).not.toContain(env.NMSB_VPN_PW_PASSWORD!);
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('saves an answered password when asked to, and does not ask again', async () => {
    const profile = await client.call('vpn.create', passwordFields('pw save on answer'));
    const first = client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 });
    events.clear();
    const req = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    await client.call('vpn.secrets.answer', { requestId: req.requestId, secrets: { password: env.NMSB_VPN_PW_PASSWORD! }, save: true });
    expect((await first).active?.state).toBe('activated');
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    expect(await storedSecrets(fx, profile.path)).toContain(env.NMSB_VPN_PW_PASSWORD!);
    expect((await client.call('vpn.get', { uuid: profile.uuid })).fields).toMatchObject({ passwordFlag: 'saved' });
    events.clear();
    expect((await client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 })).active?.state).toBe('activated');
    expect(events.seen.some((s) => s.event === 'vpn.secrets.requested')).toBe(false);
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('never saves a second-factor code as the password, even when the answer says "save"', async () => {
    const profile = await client.call('vpn.create', { ...passwordFields('two factor saved'), port: Number(env.NMSB_VPN_CR_PORT) });
    events.clear();
    const up = client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 40_000 });
    const first = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    await client.call('vpn.secrets.answer', { requestId: first.requestId, secrets: { password: env.NMSB_VPN_PW_PASSWORD! }, save: false });
    const challenge = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest).requestId !== first.requestId && (s.payload as SecretRequest));
    await client.call('vpn.secrets.answer', { requestId: challenge.requestId, secrets: { [challenge.fields[0]!.key]: env.NMSB_VPN_CR_CODE! }, save: true });
    expect((await up).active?.state).toBe('activated');
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    // the code is good for one login: stored as the password it would fail every later attempt
    expect(await storedSecrets(fx, profile.path)).not.toContain(env.NMSB_VPN_CR_CODE!);
    expect((await client.call('vpn.get', { uuid: profile.uuid })).fields).toMatchObject({ passwordFlag: 'ask' });
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('presents the challenge as one when it is the first question (the password is saved)', async () => {
    const profile = await client.call('vpn.create', {
      ...passwordFields('two factor, password saved'),
      port: Number(env.NMSB_VPN_CR_PORT),
      passwordFlag: 'saved',
      password: env.NMSB_VPN_PW_PASSWORD!,
    });
    events.clear();
    const up = client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 40_000 });
    const challenge = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    // its field carries the challenge, so the UI asks for the code and "save" never keeps it
    expect(challenge.fields).toHaveLength(1);
    expect(challenge.fields[0]!.prompt).toBe(env.NMSB_VPN_CR_CHALLENGE);
    await client.call('vpn.secrets.answer', { requestId: challenge.requestId, secrets: { [challenge.fields[0]!.key]: env.NMSB_VPN_CR_CODE! }, save: true });
    expect((await up).active?.state).toBe('activated');
    // (nm-openvpn 1.10 asks for the code under "password", and NetworkManager then holds the code
    // as this profile's saved password by itself: not asserted here, it is not ours to decide)
    await client.call('vpn.disconnect', { uuid: profile.uuid });
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('imports a WireGuard .conf with its peer as the remote', async () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const peer = Buffer.alloc(32, 9).toString('base64');
    const conf = `[Interface]\nPrivateKey = ${key}\nAddress = 10.77.0.2/24\n\n[Peer]\nPublicKey = ${peer}\nEndpoint = 192.0.2.10:51820\nAllowedIPs = 10.77.0.0/24\n`;
    const profile = await client.call('vpn.import', { fileName: 'wg-lab.conf', content: conf });
    expect(profile).toMatchObject({ name: 'wg-lab', type: 'wireguard', serviceType: null, remote: '192.0.2.10:51820' });
    const settings = await fx.busctl('call', 'org.freedesktop.NetworkManager', profile.path, 'org.freedesktop.NetworkManager.Settings.Connection', 'GetSettings');
    expect(settings).toContain('"wireguard"');
    // a rename keeps the private key, which only GetSecrets shows
    await client.call('vpn.rename', { uuid: profile.uuid, name: 'wg renamed' });
    const secrets = await fx.busctl('call', 'org.freedesktop.NetworkManager', profile.path, 'org.freedesktop.NetworkManager.Settings.Connection', 'GetSecrets', 's', 'wireguard');
    expect(secrets).toContain(key);
    await client.call('vpn.delete', { uuid: profile.uuid });
  });

  it('follows changes made by other programs from signals: rename, secondaries, activation, deletion', async () => {
    const profile = await client.call('vpn.import', { fileName: 'elsewhere.ovpn', content: readFileSync(env.NMSB_VPN_OVPN!, 'utf8') });
    const changed = (pred: (p: VpnProfile) => boolean) =>
      events.waitFor((s) => s.event === 'vpn.changed' && (s.payload as VpnProfile).uuid === profile.uuid && pred(s.payload as VpnProfile) && (s.payload as VpnProfile));
    events.clear();
    await fx.nmcli('connection', 'modify', profile.uuid, 'connection.id', 'renamed elsewhere');
    await changed((p) => p.name === 'renamed elsewhere');

    // the uplink brings this VPN up with it: its connection.secondaries names the VPN
    await fx.nmcli('connection', 'modify', env.NMSB_UPLINK_UUID!, 'connection.secondaries', profile.uuid);
    await changed((p) => p.autoconnectWith.includes(env.NMSB_UPLINK_ID!));
    await fx.nmcli('connection', 'modify', env.NMSB_UPLINK_UUID!, 'connection.secondaries', '');
    await changed((p) => p.autoconnectWith.length === 0);

    await fx.nmcli('connection', 'up', profile.uuid);
    const up = await changed((p) => p.active?.state === 'activated' && !!p.active.ipv4?.addresses.length && !!p.active.device);
    expect(up.active?.ipv4?.addresses).toEqual(tunAddresses(fx));
    const links = fx.ipJson('addr', 'show') as Array<{ ifname: string; addr_info: Array<{ local: string; prefixlen: number }> }>;
    const tun = links.find((l) => l.addr_info.some((a) => `${a.local}/${a.prefixlen}` === up.active?.ipv4?.addresses[0]))?.ifname;
    // (a tunnel of an earlier test may still be closing: openvpn's explicit-exit-notify takes a moment)
    expect(tun).toMatch(/^tun\d+$/);
    expect(up.active?.device).toBe(tun);
    await fx.nmcli('connection', 'down', profile.uuid);
    await changed((p) => p.active === null);

    await fx.nmcli('connection', 'delete', profile.uuid);
    await events.waitFor((s) => s.event === 'vpn.removed' && (s.payload as { uuid: string }).uuid === profile.uuid);
    expect((await client.call('vpn.list', {})).map((p) => p.uuid)).not.toContain(profile.uuid);
  });

  it('starts while NetworkManager is not running and picks it up when it starts', async () => {
    events.clear();
    fx.stopNm();
    let late: NmClient | null = null;
    try {
      late = createNmClient({ busAddress: fx.busAddress, agent: false });
      const seen = recorder(late);
      expect(await late.call('vpn.status', {})).toEqual({ running: false, version: null, message: 'NetworkManager is not running' });
      fx.startNm();
      await seen.waitFor((s) => s.event === 'vpn.status' && (s.payload as { running: boolean }).running);
      await events.waitFor((s) => s.event === 'vpn.status' && (s.payload as { running: boolean }).running);
      expect(await late.call('vpn.list', {})).toEqual(await client.call('vpn.list', {}));
      expect(seen.violations).toEqual([]);
    } finally {
      fx.startNm(); // no-op when it runs already
      await late?.close();
    }
    await events.waitFor((s) => s.event === 'vpn.status' && (s.payload as { running: boolean }).running);
  });

  it('still works, and says so, when our secret agent cannot register (its id is taken)', async () => {
    const twin = createNmClient({ busAddress: fx.busAddress, agentId: 'netns-studio.test' });
    try {
      const st = await twin.call('vpn.status', {});
      expect(st.running).toBe(true);
      expect(st.message).toMatch(/^NetworkManager runs, but our secret agent could not register \(.+\): password prompts will not reach this app$/);
      expect((await twin.call('vpn.list', {})).map((p) => p.uuid)).toEqual((await client.call('vpn.list', {})).map((p) => p.uuid));
    } finally {
      await twin.close();
    }
  });

  it('imports WireGuard and OpenVPN files without nmcli; an export, which needs it, says which Debian package provides it', async () => {
    const noNmcli = createNmClient({ busAddress: fx.busAddress, agent: false, nmcli: '/nonexistent/nmcli' });
    try {
      const conf = `[Interface]\nPrivateKey = ${Buffer.alloc(32, 7).toString('base64')}\n\n[Peer]\nPublicKey = ${Buffer.alloc(32, 9).toString('base64')}\nEndpoint = 192.0.2.10:51820\nAllowedIPs = 10.77.0.0/24\n`;
      const wg = await noNmcli.call('vpn.import', { fileName: 'x.conf', content: conf });
      const err = await errorOf(noNmcli.call('vpn.export', { uuid: wg.uuid }));
      expect(err).toEqual({ code: 'unsupported', message: '/nonexistent/nmcli was not found: install the Debian package network-manager (it provides nmcli)' });
      await noNmcli.call('vpn.delete', { uuid: wg.uuid });
      const p = await noNmcli.call('vpn.import', { fileName: 'x.ovpn', content: readFileSync(env.NMSB_VPN_OVPN!, 'utf8') });
      await noNmcli.call('vpn.delete', { uuid: p.uuid });
    } finally {
      await noNmcli.close();
    }
  });

  it('refuses invalid fields before any D-Bus call and changes nothing', async () => {
    const before = await nmConnectionsAdded(fx);
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => client.call('vpn.create', { ...passwordFields('x'), port: 70000 } as never), 'port'],
      [() => client.call('vpn.create', { ...passwordFields('x'), remote: 'bad host!' } as never), 'remote'],
      [() => client.call('vpn.create', { ...passwordFields(''), name: '   ' } as never), 'name'],
      [() => client.call('vpn.create', { ...passwordFields('x'), username: undefined } as never), 'username'],
      [() => client.call('vpn.create', { ...passwordFields('x'), ca: '/nonexistent/ca.crt' } as never), 'ca'],
      [() => client.call('vpn.create', { ...passwordFields('x'), extra: 1 } as never), ''],
      [() => client.call('vpn.connect', { uuid: 'not-a-uuid', timeoutMs: 5000 } as never), 'uuid'],
      [() => client.call('vpn.rename', { uuid: '00000000-0000-0000-0000-000000000000', name: '' } as never), 'name'],
    ];
    for (const [call, field] of cases) {
      const err = await errorOf(call());
      expect(err.code).toBe('invalid-input');
      if (field) expect(err.field).toBe(field);
    }
    expect(await nmConnectionsAdded(fx, before)).toEqual([]);
    const missing = await errorOf(client.call('vpn.delete', { uuid: '00000000-0000-0000-0000-000000000000' }));
    expect(missing.code).toBe('not-found');
  });

  it('reports NetworkManager stopped as a state, refuses calls in words, and recovers when it comes back', async () => {
    const profile = await client.call('vpn.import', { fileName: 'survivor.ovpn', content: readFileSync(env.NMSB_VPN_OVPN!, 'utf8') });
    events.clear();
    fx.stopNm();
    await events.waitFor((s) => s.event === 'vpn.status' && !(s.payload as { running: boolean }).running);
    expect(await client.call('vpn.status', {})).toMatchObject({ running: false, message: expect.stringMatching(/NetworkManager is not running/) });
    const err = await errorOf(client.call('vpn.list', {}));
    expect(err).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/NetworkManager is not running/) });

    fx.startNm();
    await events.waitFor((s) => s.event === 'vpn.status' && (s.payload as { running: boolean }).running);
    expect((await client.call('vpn.list', {})).map((p) => p.uuid)).toContain(profile.uuid);
    const up = await client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 });
    expect(up.active?.ipv4?.addresses).toEqual(tunAddresses(fx));
    await client.call('vpn.disconnect', { uuid: profile.uuid });

    // the agent registered again with the new NetworkManager
    const pw = await client.call('vpn.create', passwordFields('pw after restart'));
    events.clear();
    const connecting = client.call('vpn.connect', { uuid: pw.uuid, timeoutMs: 30_000 });
    const req = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    await client.call('vpn.secrets.answer', { requestId: req.requestId, secrets: { password: env.NMSB_VPN_PW_PASSWORD! }, save: false });
    expect((await connecting).active?.state).toBe('activated');
    await client.call('vpn.disconnect', { uuid: pw.uuid });
    await client.call('vpn.delete', { uuid: pw.uuid });
    await client.call('vpn.delete', { uuid: profile.uuid });
  });
});
