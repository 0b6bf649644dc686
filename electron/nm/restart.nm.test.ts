// NetworkManager stopping and starting again, as the panel sees it: the list keeps its order, and
// while NetworkManager starts the status says so in words, never D-Bus's raw error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NmStatus, VpnProfile } from '../../shared/vpn';
import { Message, NM, connectBus, type DbusMessage } from './bus';
import type { NmClient } from './client';
import { recorder, startNmClient, stopNmClient } from './test/client-helpers';
import { nmSkipReason, type NmFixture } from './test/fixture';

const skip = nmSkipReason();

describe.skipIf(skip)('NetworkManager restarting, as the panel sees it', () => {
  let fx: NmFixture;
  let client: NmClient;
  let events: ReturnType<typeof recorder>;

  beforeAll(async () => {
    ({ fx, client, events } = await startNmClient({ agentId: 'netns-studio.restart' }));
  });
  afterAll(() => stopNmClient({ fx, client }));

  const running = () => events.waitFor((s) => s.event === 'vpn.status' && (s.payload as NmStatus).running, 30_000);
  const statuses = () => events.seen.filter((s) => s.event === 'vpn.status').map((s) => (s.payload as NmStatus).message);
  const names = (list: VpnProfile[]) => list.map((p) => `${p.name} ${p.uuid}`);

  it('lists the profiles in the same order after NetworkManager restarts (by name, then uuid), and announces them in it', async () => {
    const env = fx.env;
    // two share a name: NetworkManager's own order of them changes with a restart
    for (const name of ['zeta', 'same', 'alpha', 'same', 'mid']) {
      await client.call('vpn.create', { name, remote: env.NMSB_VPN_REMOTE!, connectionType: 'tls', ca: env.NMSB_VPN_CA, cert: env.NMSB_VPN_CERT, key: env.NMSB_VPN_KEY } as never);
    }
    const before = names(await client.call('vpn.list', {}));
    const byNameThenUuid = [...before].sort((x, y) => x.split(' ')[0]!.localeCompare(y.split(' ')[0]!) || (x < y ? -1 : 1));
    expect(before).toEqual(byNameThenUuid);
    for (let round = 0; round < 2; round++) {
      events.clear();
      fx.stopNm();
      fx.startNm();
      await running();
      expect(names(await client.call('vpn.list', {}))).toEqual(before);
      // a panel that adds profiles as their events come gets the same order
      const announced = [...new Set(events.seen.filter((s) => s.event === 'vpn.changed').map((s) => `${(s.payload as VpnProfile).name} ${(s.payload as VpnProfile).uuid}`))];
      expect(announced).toEqual(before);
    }
  });

  it('says "NetworkManager is starting" while it owns its name but does not answer yet, not the D-Bus error', async () => {
    events.clear();
    fx.stopNm();
    await events.waitFor((s) => s.event === 'vpn.status' && !(s.payload as NmStatus).running);
    // NetworkManager's name taken by a program that answers nothing, as NetworkManager does for a
    // moment while it starts
    const early = await connectBus(fx.busAddress);
    let answering = true;
    early.addMethodHandler((msg: DbusMessage) => {
      // D-Bus's own answer for an object not there yet (what the client used to show)
      const newError = Message.newError as unknown as (m: DbusMessage, n: string, t: string) => DbusMessage;
      if (answering) early.send(newError(msg, 'org.freedesktop.DBus.Error.UnknownObject', `No such object path '${msg.path}'`));
      return true;
    });
    try {
      await early.requestName(NM, 0);
      await events.waitFor((s) => s.event === 'vpn.status' && (s.payload as NmStatus).message === 'NetworkManager is starting', 10_000);
      expect(await client.call('vpn.list', {}).catch((e: { info?: { message: string } }) => e.info?.message)).toBe('NetworkManager is starting');
      await early.releaseName(NM);
      await events.waitFor((s) => s.event === 'vpn.status' && (s.payload as NmStatus).message === 'NetworkManager is not running (it stopped)');
    } finally {
      answering = false;
      early.disconnect();
    }
    fx.startNm();
    await running();
    expect(statuses().filter((m) => m && /org\.freedesktop|does not exist|D-Bus/i.test(m))).toEqual([]);
  });
});
