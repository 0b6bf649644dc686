// netns-ctl vpn against the real NetworkManager of the fixture: each verb, its exit code and words.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VpnProfile } from '../../shared/vpn';
import { nmSkipReason, startNmFixture, type NmFixture } from '../nm/test/fixture';
import { runVpnCommand } from './vpn';

const skip = nmSkipReason();
if (skip) console.warn(`netns-ctl vpn tests skipped: ${skip}`);

describe.skipIf(skip)('netns-ctl vpn', () => {
  let fx: NmFixture;
  beforeAll(() => {
    fx = startNmFixture();
  });
  afterAll(() => fx?.stop());

  async function ctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
    const code = await runVpnCommand(args, io, { busAddress: fx.busAddress, home: fx.scratch, agentId: 'netns-studio.cli-test' });
    return { code, stdout, stderr };
  }
  const tunAddresses = () =>
    (fx.ipJson('addr', 'show') as Array<{ ifname: string; addr_info: Array<{ family: string; local: string; prefixlen: number }> }>)
      .filter((l) => l.ifname.startsWith('tun'))
      .flatMap((l) => l.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`));

  it('imports a file, brings it up and down by name, lists it, and deletes it', async () => {
    const file = join(fx.scratch, 'cli-office.ovpn');
    writeFileSync(file, readFileSync(fx.env.NMSB_VPN_OVPN!, 'utf8'));
    const imported = await ctl('import', file, '--json');
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    const profile = JSON.parse(imported.stdout) as VpnProfile;
    expect(profile.name).toBe('cli-office');

    const up = await ctl('up', 'cli-office');
    expect(up.code).toBe(0);
    const addrs = tunAddresses();
    expect(addrs).toHaveLength(1);
    expect(up.stdout).toBe(`cli-office is up: ${addrs[0]}\n`);

    const listed = await ctl('list', '--json');
    const mine = (JSON.parse(listed.stdout) as VpnProfile[]).find((p) => p.uuid === profile.uuid);
    expect(mine?.active?.state).toBe('activated');
    const table = (await ctl('list')).stdout.split('\n');
    expect(table[0]).toMatch(/^NAME\s+TYPE\s+STATE\s+REMOTE\s+ADDRESS\s+UUID$/);
    expect(table.find((l) => l.startsWith('cli-office'))).toMatch(new RegExp(`openvpn\\s+activated\\s+${fx.env.NMSB_VPN_REMOTE!.replace(/\./g, '\\.')}\\s+${addrs[0]}\\s+${profile.uuid}`));

    expect(await ctl('down', profile.uuid)).toMatchObject({ code: 0, stdout: 'cli-office is down\n' });
    expect(tunAddresses()).toEqual([]);
    expect(await ctl('delete', 'cli-office')).toMatchObject({ code: 0, stdout: `deleted cli-office (${profile.uuid})\n` });
    expect(JSON.parse((await ctl('list', '--json')).stdout)).toEqual([]);
  });

  it('brings up a password profile with --password-file, and says why without one', async () => {
    const ovpn = `client\ndev tun\nproto udp\nremote ${fx.env.NMSB_VPN_REMOTE} ${fx.env.NMSB_VPN_PW_PORT}\nca ${fx.env.NMSB_VPN_CA}\nauth-user-pass\nremote-cert-tls server\nnobind\n`;
    const file = join(fx.scratch, 'cli-pw.ovpn');
    writeFileSync(file, ovpn);
    const imported = JSON.parse((await ctl('import', file, '--json')).stdout) as VpnProfile;
    // nmcli's import leaves the user name empty: set it like an administrator would, with the app's own call
    const { createNmClient } = await import('../nm/client');
    const c = createNmClient({ busAddress: fx.busAddress, agent: false });
    const got = await c.call('vpn.get', { uuid: imported.uuid });
    await c.call('vpn.update', { uuid: imported.uuid, fields: { ...(got.fields as object), username: fx.env.NMSB_VPN_PW_USER, passwordFlag: 'ask' } as never });
    await c.close();

    const without = await ctl('up', 'cli-pw', '--timeout', '20');
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('cli-pw asks for password: give the password with --password-file FILE');
    expect(without.stderr).toContain('the VPN cli-pw did not come up: no secrets');

    const wrong = join(fx.scratch, 'wrong');
    writeFileSync(wrong, 'not-the-password\n', { mode: 0o600 });
    const refused = await ctl('up', 'cli-pw', '--password-file', wrong, '--timeout', '30');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the login failed');

    const right = join(fx.scratch, 'right');
    writeFileSync(right, `${fx.env.NMSB_VPN_PW_PASSWORD}\n`, { mode: 0o600 });
    const up = await ctl('up', 'cli-pw', '--password-file', right);
    expect(up).toMatchObject({ code: 0, stderr: '' });
    expect(up.stdout).toBe(`cli-pw is up: ${tunAddresses()[0]}\n`);
    expect((await ctl('down', 'cli-pw')).code).toBe(0);
    expect((await ctl('delete', 'cli-pw')).code).toBe(0);
  });

  it('fails in words: a missing file, a bad file, an unknown name, bad usage', async () => {
    expect(await ctl('import', '/nonexistent/office.ovpn')).toMatchObject({ code: 1, stderr: 'netns-ctl: cannot import /nonexistent/office.ovpn: no such file\n' });
    const empty = join(fx.scratch, 'empty.ovpn');
    writeFileSync(empty, '');
    expect(await ctl('import', empty)).toMatchObject({ code: 1, stderr: 'netns-ctl: empty.ovpn is empty\n' });
    expect(await ctl('up', 'nobody')).toMatchObject({ code: 1, stderr: 'netns-ctl: no VPN profile named "nobody" (netns-ctl vpn list shows them)\n' });
    const usage = await ctl('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^netns-ctl: unknown vpn command "frobnicate"\nusage: netns-ctl vpn list/);
    expect((await ctl('down')).stderr).toMatch(/^netns-ctl: vpn down needs a NAME/);
    expect(JSON.parse((await ctl('list', '--json')).stdout)).toEqual([]);
  });

  it('works through the installed command too: the launcher, its bundle and dbus-next', async () => {
    const bin = join(__dirname, '..', '..', 'bin', 'netns-ctl.cjs');
    const run = (...args: string[]) => spawnSync('node', [bin, 'vpn', ...args], { encoding: 'utf8', env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: fx.busAddress, HOME: fx.scratch } });
    const file = join(fx.scratch, 'bin-made.ovpn');
    writeFileSync(file, readFileSync(fx.env.NMSB_VPN_OVPN!, 'utf8'));
    expect(run('import', file).status).toBe(0);
    const r = run('list', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const names = (JSON.parse(r.stdout) as VpnProfile[]).map((p) => p.name).sort();
    const nm = (await fx.nmcli('-t', '-f', 'NAME,TYPE', 'connection', 'show')).split('\n').filter((l) => l.endsWith(':vpn')).map((l) => l.slice(0, -4)).sort();
    expect(names).toContain('bin-made');
    expect(names).toEqual(nm);
    expect(run('delete', 'bin-made').status).toBe(0);
  });

  it('says NetworkManager is not running, and exits 1', async () => {
    fx.stopNm();
    try {
      expect(await ctl('list')).toMatchObject({ code: 1, stdout: '', stderr: 'netns-ctl: NetworkManager is not running\n' });
    } finally {
      fx.startNm();
    }
    expect((await ctl('list')).code).toBe(0);
  });
});
