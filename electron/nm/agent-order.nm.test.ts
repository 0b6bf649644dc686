// Which secret agent NetworkManager asks for our profile's secrets when a desktop's own agent
// (GNOME Shell, nm-applet, Plasma) is registered too. The stand-in is test/other-agent.py, a
// second agent in its own process, registered after ours. No logind runs here, so no agent is in
// an "active session" and NetworkManager's order (nm-agent-manager.c, agent_compare_func) comes
// down to: the agent in the process that asked for the activation first, then the later started.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SecretRequest, VpnProfile } from '../../shared/vpn';
import type { NmClient } from './client';
import { startNmClient, stopNmClient, type Recorder } from './test/client-helpers';
import { nmSkipReason, type NmFixture } from './test/fixture';

// Debian's python3, where python3-dbus and python3-gi are (another python3 may come first on PATH)
const PYTHON = '/usr/bin/python3';
const skip =
  nmSkipReason() ??
  (existsSync('/usr/lib/python3/dist-packages/dbus') && existsSync('/usr/lib/python3/dist-packages/gi') ? null : 'the stand-in agent needs the Debian packages python3-dbus and python3-gi');

type Line = { call?: string; uuid?: string; setting?: string; flags?: number; registered?: string };

describe.skipIf(skip)('our secret agent beside a desktop agent in another process', () => {
  let fx: NmFixture;
  let client: NmClient;
  let events: Recorder;
  let profile: VpnProfile;
  let other: { proc: ChildProcess; lines: Line[] } | null = null;

  /** Starts the stand-in agent and waits until it is registered. */
  const startOther = async (answer: string) => {
    const proc = spawn(PYTHON, [join(__dirname, 'test', 'other-agent.py'), fx.busAddress, 'org.example.desktop-agent', answer], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: Line[] = [];
    const registered = new Promise<void>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`other-agent.py exited with ${code}`)));
      createInterface({ input: proc.stdout! }).on('line', (l) => {
        const line = JSON.parse(l) as Line;
        lines.push(line);
        if (line.registered) resolve();
      });
    });
    other = { proc, lines };
    await registered;
    return other;
  };

  beforeAll(async () => {
    ({ fx, client, events } = await startNmClient({ agentId: 'netns-studio.agent-order', owner: 'root' }));
    const env = fx.env;
    // "ask every time": NetworkManager needs an agent's answer at each connect
    profile = await client.call('vpn.create', {
      name: 'agent order', remote: env.NMSB_VPN_REMOTE!, port: Number(env.NMSB_VPN_PW_PORT), protocol: 'udp', connectionType: 'password', ca: env.NMSB_VPN_CA!,
      username: env.NMSB_VPN_PW_USER!, passwordFlag: 'ask', keyPasswordFlag: 'saved', proxyPasswordFlag: 'saved', autoconnect: false,
    });
  });
  afterEach(async () => {
    await client.call('vpn.disconnect', { uuid: profile.uuid }).catch(() => {});
    if (other?.proc.exitCode === null) {
      const gone = new Promise((r) => other!.proc.once('exit', r));
      other.proc.kill();
      await gone;
    }
    other = null;
  });
  afterAll(() => stopNmClient({ fx, client }));

  const asked = (o: { lines: Line[] }) => o.lines.filter((l) => l.call === 'GetSecrets' && l.uuid === profile.uuid);
  /** The other's calls, once n are in: its lines come through a pipe, which can trail NetworkManager's call to us. */
  const askedAtLeast = async (o: { lines: Line[] }, n: number) => {
    for (let i = 0; i < 50 && asked(o).length < n; i++) await new Promise((r) => setTimeout(r, 100));
    return asked(o);
  };

  it('the app connects: NetworkManager asks our agent, in the requesting process, and never the other', async () => {
    const o = await startOther('none');
    events.clear();
    const up = client.call('vpn.connect', { uuid: profile.uuid, timeoutMs: 30_000 });
    const req = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    expect(req).toMatchObject({ uuid: profile.uuid, settingName: 'vpn' });
    expect(asked(o)).toEqual([]);
    await client.call('vpn.secrets.answer', { requestId: req.requestId, secrets: { password: fx.env.NMSB_VPN_PW_PASSWORD! }, save: false });
    expect((await up).active?.state).toBe('activated');
    expect(asked(o)).toEqual([]);
  });

  it('another program connects (nmcli): the later started agent, the other, is asked first; ours only after its "no secrets"', async () => {
    const o = await startOther('none');
    events.clear();
    const up = fx.nmcli('connection', 'up', profile.uuid).then(() => null, (e: Error) => e);
    const req = await events.waitFor((s) => s.event === 'vpn.secrets.requested' && (s.payload as SecretRequest));
    // NetworkManager asks one agent at a time, in two rounds: first without interaction (flags 4,
    // USER_REQUESTED: secrets an agent keeps), then allowed to interact (5, + ALLOW_INTERACTION).
    // In each round the other came first and said NoSecrets; only then was ours asked to prompt.
    expect((await askedAtLeast(o, 2)).map((l) => [l.setting, l.flags])).toEqual([['vpn', 4], ['vpn', 5]]);
    await client.call('vpn.secrets.answer', { requestId: req.requestId, secrets: { password: fx.env.NMSB_VPN_PW_PASSWORD! }, save: false });
    expect(await up).toBe(null);
    expect((await client.call('vpn.list', {})).find((p) => p.uuid === profile.uuid)?.active?.state).toBe('activated');
  });

  it('another program connects and the other agent answers: ours is never asked (the desktop shows its own dialog)', async () => {
    const o = await startOther(fx.env.NMSB_VPN_PW_PASSWORD!);
    events.clear();
    await fx.nmcli('connection', 'up', profile.uuid);
    // its answer to the first, non-interactive round was enough
    expect(asked(o).map((l) => [l.setting, l.flags])).toEqual([['vpn', 4]]);
    expect(events.seen.filter((s) => s.event === 'vpn.secrets.requested')).toEqual([]);
  });
});
