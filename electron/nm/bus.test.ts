import { describe, expect, it } from 'vitest';
import { ALLOW_INTERACTIVE_AUTHORIZATION, callMethod, type DbusMessage, type MessageBus } from './bus';

/** A bus that records what it is asked to send and answers at once. */
function fakeBus() {
  const sent: DbusMessage[] = [];
  const bus = { call: (m: DbusMessage) => (sent.push(m), Promise.resolve({ body: [] })) } as unknown as MessageBus;
  return { bus, sent };
}

describe('calls that may need polkit', () => {
  it('let NetworkManager ask the person (ALLOW_INTERACTIVE_AUTHORIZATION) on changes, not on reads', async () => {
    const { bus, sent } = fakeBus();
    await callMethod(bus, 'org.freedesktop.NetworkManager', '/s', 'org.freedesktop.NetworkManager.Settings', 'AddConnection', 'a{sa{sv}}', [{}]);
    await callMethod(bus, 'org.freedesktop.NetworkManager', '/c', 'org.freedesktop.NetworkManager.Settings.Connection', 'Update2', 'a{sa{sv}}ua{sv}', [{}, 1, {}]);
    await callMethod(bus, 'org.freedesktop.NetworkManager', '/c', 'org.freedesktop.NetworkManager.Settings.Connection', 'GetSettings');
    expect(sent.map((m) => [m.member, (m.flags ?? 0) & ALLOW_INTERACTIVE_AUTHORIZATION])).toEqual([
      ['AddConnection', ALLOW_INTERACTIVE_AUTHORIZATION],
      ['Update2', ALLOW_INTERACTIVE_AUTHORIZATION],
      ['GetSettings', 0],
    ]);
  });
});
