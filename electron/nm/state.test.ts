// The client's bookkeeping without NetworkManager: final states heard by everyone who waits.
import { describe, expect, it } from 'vitest';
import { VpnState } from './state';

describe('VpnState final states', () => {
  it('tells a final state to every caller waiting for that path (connect and the Disconnect that cancels it)', async () => {
    const state = new VpnState();
    const connecting = state.waitSettled('/ac/1', 5000);
    const disconnecting = state.waitSettled('/ac/1', 5000);
    state.settle('/ac/1', { state: 4, reason: 2 });
    expect(await connecting).toEqual({ state: 4, reason: 2 });
    expect(await disconnecting).toEqual({ state: 4, reason: 2 });
  });

  it('a waiter that gives up leaves the others waiting', async () => {
    const state = new VpnState();
    const short = state.waitSettled('/ac/1', 1);
    const long = state.waitSettled('/ac/1', 5000);
    expect(await short).toBeNull();
    state.settle('/ac/1', { state: 2, reason: 1 });
    expect(await long).toEqual({ state: 2, reason: 1 });
  });

  it('NetworkManager going away answers every waiter', async () => {
    const state = new VpnState();
    const waits = [state.waitSettled('/ac/1', 5000), state.waitSettled('/ac/1', 5000), state.waitSettled('/ac/2', 5000)];
    state.forget();
    expect(await Promise.all(waits)).toEqual([{ state: -1, reason: 0 }, { state: -1, reason: 0 }, { state: -1, reason: 0 }]);
  });
});

describe('VpnState list order', () => {
  const profile = (path: string, name: string, uuid: string) => ({ path, uuid, name, connType: 'vpn', serviceType: null, data: {}, autoconnect: true });

  it('is by name, then uuid, whatever order NetworkManager loaded them in', () => {
    const orders = [
      ['/c/1', '/c/2', '/c/3'],
      ['/c/3', '/c/2', '/c/1'],
    ];
    const lists = orders.map((order) => {
      const state = new VpnState();
      const all = { '/c/1': profile('/c/1', 'office', 'bbbbbbbb-0000-4000-8000-000000000000'), '/c/2': profile('/c/2', 'office', 'aaaaaaaa-0000-4000-8000-000000000000'), '/c/3': profile('/c/3', 'home', 'cccccccc-0000-4000-8000-000000000000') };
      for (const path of order) state.profiles.set(path, all[path as keyof typeof all]);
      return state.list().map((p) => `${p.name} ${p.uuid.slice(0, 1)}`);
    });
    expect(lists[0]).toEqual(['home c', 'office a', 'office b']);
    expect(lists[1]).toEqual(lists[0]);
  });
});
