// A connection's life as a person sees it, against the real NetworkManager: Disconnect cancels
// an attempt that hangs, a timeout says so (never "by the user"), and each change is told once.
// The notifications are what the panel would show: the recorded events through vpnTransition.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VpnProfile } from '../../shared/vpn';
import type { NmClient } from './client';
import { errorOf, panelNotifications, recorder, startNmClient, stopNmClient } from './test/client-helpers';
import { nmSkipReason, type NmFixture } from './test/fixture';

const skip = nmSkipReason();

describe.skipIf(skip)('VPN lifecycle as the panel tells it', () => {
  let fx: NmFixture;
  let client: NmClient;
  let events: ReturnType<typeof recorder>;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ fx, env, client, events } = await startNmClient({ agentId: 'netns-studio.lifecycle' }));
  });
  afterAll(() => stopNmClient({ fx, client }));

  const notifications = (uuid: string) => panelNotifications(events, uuid);
  const settle = () => new Promise((r) => setTimeout(r, 1500)); // late signals would show a second notification
  // nothing listens on this port: openvpn retries without end, the attempt hangs
  const hanging = (name: string) => ({ name, remote: env.NMSB_VPN_REMOTE!, port: 1999, connectionType: 'tls' as const, ca: env.NMSB_VPN_CA, cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY });

  it('connects and disconnects with one notification each', async () => {
    const p = await client.call('vpn.import', { fileName: 'office.ovpn', content: readFileSync(env.NMSB_VPN_OVPN!, 'utf8') });
    events.clear();
    await client.call('vpn.connect', { uuid: p.uuid, timeoutMs: 30_000 });
    await client.call('vpn.disconnect', { uuid: p.uuid });
    await settle();
    const told = notifications(p.uuid);
    expect(told).toHaveLength(2);
    expect(told[0]).toMatch(/^office connected: address /);
    expect(told[1]).toMatch(/^office disconnected/);
  });

  // Disconnect at two moments of an attempt: as soon as it is activating, and once openvpn runs
  // and retries (VPN state "connect"). The second failed run after run: NetworkManager answers
  // DeactivateConnection before the plugin has stopped, so the final state came after Disconnect
  // had begun to wait for it, and that wait replaced the connect call's (one waiter per path):
  // the attempt heard nothing and ran into its timeout. Now every waiter hears it (state.ts).
  it.each([
    ['activating', (a: VpnProfile['active']) => a?.state === 'activating'],
    ['with openvpn running', (a: VpnProfile['active']) => a?.vpnState === 'connect'],
  ])('Disconnect while it is connecting (%s) cancels the attempt: "canceled", no failure', async (_when, connecting) => {
    const p = await client.call('vpn.create', hanging('hangs') as never);
    events.clear();
    // shorter than the test's own 60 s, so a cancel that does not work fails as "timeout"
    const attempt = errorOf(client.call('vpn.connect', { uuid: p.uuid, timeoutMs: 30_000 }));
    try {
      await events.waitFor((s) => s.event === 'vpn.changed' && (s.payload as VpnProfile).uuid === p.uuid && connecting((s.payload as VpnProfile).active), 40_000);
      await client.call('vpn.disconnect', { uuid: p.uuid });
      expect(await attempt).toMatchObject({ code: 'canceled', message: 'connecting hangs was canceled' });
      await settle();
      const after = (await client.call('vpn.list', {})).find((x) => x.uuid === p.uuid)!;
      expect(after.active).toBeNull();
      expect(after.lastError).toBeNull();
      expect(notifications(p.uuid).filter((n) => / failed/.test(n))).toEqual([]);
    } finally {
      // whatever happened, no attempt of this test outlives it (its openvpn would be taken for the next test's)
      await attempt;
      await client.call('vpn.delete', { uuid: p.uuid }).catch(() => {});
    }
  });

  it('a timeout is said once, as the timeout, never "disconnected by the user"', async () => {
    const p = await client.call('vpn.create', hanging('times-out') as never);
    events.clear();
    expect(await errorOf(client.call('vpn.connect', { uuid: p.uuid, timeoutMs: 3000 }))).toMatchObject({ code: 'timeout', message: 'the VPN times-out did not come up within 3 s' });
    await settle();
    expect(notifications(p.uuid)).toEqual(['times-out failed: the VPN times-out did not come up within 3 s']);
    const after = (await client.call('vpn.list', {})).find((x) => x.uuid === p.uuid)!;
    expect(after.lastError).toBe('the VPN times-out did not come up within 3 s');
  });
  // openvpn dying under a connected VPN: NetworkManager's reason, once, as a connection that went
  // down (it was up: "did not come up" would be wrong).
  it('a connected VPN that drops is told once, with the reason NetworkManager gave', async () => {
    const p = await client.call('vpn.import', { fileName: 'drops.ovpn', content: readFileSync(env.NMSB_VPN_OVPN!, 'utf8') });
    events.clear();
    await client.call('vpn.connect', { uuid: p.uuid, timeoutMs: 30_000 });
    // the client's openvpn, started by NetworkManager's plugin inside this sandbox (its wrapper logs to the fixture's file)
    const clients = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(env.NMSB_VPN_CLIENT_LOG!);
      } catch {
        return false;
      }
    });
    expect(clients).toHaveLength(1);
    process.kill(Number(clients[0]), 'SIGKILL');
    await events.waitFor((s) => s.event === 'vpn.changed' && (s.payload as VpnProfile).uuid === p.uuid && !(s.payload as VpnProfile).active);
    await settle();
    // NetworkManager's reason, as its deactivated state carried it ("the VPN service stopped
    // unexpectedly", or at times "for an unknown reason": its choice, not ours)
    const given = events.seen.map((s) => s.payload as VpnProfile).find((x) => x.uuid === p.uuid && x.active?.state === 'deactivated')?.active?.reason;
    expect(given).toMatch(/^(the VPN service stopped unexpectedly|for an unknown reason)$/);
    const told = notifications(p.uuid);
    expect(told).toHaveLength(2);
    expect(told[0]).toMatch(/^drops connected: address /);
    expect(told[1]).toBe(`drops failed: the VPN drops went down: ${given}`);
    expect((await client.call('vpn.list', {})).find((x) => x.uuid === p.uuid)?.lastError).toBe(`the VPN drops went down: ${given}`);
  });
});
