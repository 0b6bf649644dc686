// The host with stand-ins for the core helper and the NetworkManager client: which side answers,
// what happens to errors, and which events get through.
import { describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../shared/contract';
import { StudioError } from '../../shared/result';
import type { NmClient } from '../nm/client';
import { createHost } from './host';

const uuid = '8c3ba1e4-5e8b-4b0e-9f3a-0a1b2c3d4e5f';

function setup(nm: Partial<NmClient> | null) {
  const coreCall = vi.fn(async () => ({ ok: true as const, value: [] }));
  const core = { call: coreCall, subscribe: () => () => {}, want: vi.fn(), onStatus: () => () => {}, currentStatus: { state: 'running' as const, message: null }, start: () => {}, retry: vi.fn(), stop: () => {} };
  let nmListener: ((e: EventName, p: unknown) => void) | null = null;
  const client = nm && ({ call: vi.fn(), close: async () => {}, subscribe: (l: (e: EventName, p: unknown) => void) => ((nmListener = l), () => {}), ...nm } as NmClient);
  const host = createHost({ transport: 'electron', version: '1.2.3', core, nm: client });
  return { host, core, coreCall, client, emitNm: (e: string, p: unknown) => nmListener!(e as EventName, p) };
}

describe('the host', () => {
  it('sends vpn methods to the NetworkManager client, with defaults filled, never to the core', async () => {
    const call = vi.fn(async () => ({ uuid, name: 'x' }));
    const { host, coreCall } = setup({ call: call as never });
    const r = await host.call('vpn.disconnect', { uuid });
    expect(call).toHaveBeenCalledWith('vpn.disconnect', { uuid });
    expect(coreCall).not.toHaveBeenCalled();
    // that value is not a vpnProfile: refused on the way out
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('turns an error the client throws into the envelope with its code', async () => {
    const { host } = setup({ call: (async () => Promise.reject(new StudioError('unavailable', 'NetworkManager is not running'))) as never });
    expect(await host.call('vpn.list', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'NetworkManager is not running' } });
  });

  it('starts a helper that failed to start again only on host.retryCore, which a person presses', async () => {
    const { host, core, coreCall } = setup(null);
    expect(await host.call('host.retryCore', {})).toEqual({ ok: true, value: {} });
    expect(core.retry).toHaveBeenCalledTimes(1);
    expect(coreCall).not.toHaveBeenCalled();
    await host.call('host.info', {});
    expect(core.retry).toHaveBeenCalledTimes(1);
  });

  it('answers vpn methods "unavailable" when it holds no NetworkManager client', async () => {
    const { host } = setup(null);
    expect(await host.call('vpn.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('answers host.info itself', async () => {
    const { host, coreCall } = setup(null);
    expect(await host.call('host.info', undefined)).toEqual({ ok: true, value: { transport: 'electron', version: '1.2.3', core: { state: 'running', message: null } } });
    expect(coreCall).not.toHaveBeenCalled();
  });

  it('passes on events in the contract shape and drops malformed ones', () => {
    const { host, emitNm, core } = setup({ call: (async () => ({})) as never });
    const got: Array<[string, unknown]> = [];
    host.subscribe((e, p) => got.push([e, p]));
    expect(core.want).toHaveBeenCalledWith(expect.arrayContaining(['namespace.added', 'link.changed']));
    emitNm('vpn.removed', { uuid });
    emitNm('vpn.removed', { id: 7 });
    emitNm('not.an.event', {});
    emitNm('toString', {});
    expect(got).toEqual([['vpn.removed', { uuid }]]);
  });

  it('with warmCore, watches from the start and reads one snapshot once the helper runs, before any page asks', async () => {
    const status = new Set<(s: { state: string; message: null }) => void>();
    const coreCall = vi.fn(async () => ({ ok: true as const, value: { namespaces: [], takenAt: 1 } }));
    const core = { call: coreCall, subscribe: () => () => {}, want: vi.fn(), onStatus: (fn: never) => (status.add(fn), () => status.delete(fn)), currentStatus: { state: 'starting' as const, message: null }, start: () => {}, retry: vi.fn(), stop: () => {} };
    const host = createHost({ transport: 'browser', version: '1', core, nm: null, warmCore: true });
    const tell = (state: string) => status.forEach((fn) => fn({ state, message: null }));
    expect(core.want).toHaveBeenCalledWith(expect.arrayContaining(['namespace.added', 'link.changed']));
    // not before the helper answered: it reads its lines in order, so the watch is up first
    expect(coreCall).not.toHaveBeenCalled();
    tell('running');
    tell('restarting');
    tell('running');
    expect(coreCall.mock.calls).toEqual([['snapshot', {}]]);
    // the last page leaving does not stop the watch
    host.subscribe(() => {})();
    expect(core.want).toHaveBeenCalledTimes(2);
    expect(core.want).not.toHaveBeenCalledWith([]);
    await host.close();
  });

  it('with warmCore, gives the first page the picture read at start, with the events since applied; the next page asks the core', async () => {
    const status = new Set<(s: { state: string; message: null }) => void>();
    let coreListener!: (e: EventName, p: unknown) => void;
    const link = { ifindex: 2, name: 'e1', kind: 'veth', up: true, operstate: 'up', carrier: true, mtu: 1500, mac: null, master: null, parent: null, peer: null, addresses: [] as string[] };
    const snapshot = { namespaces: [{ id: '4026532001', names: ['a'], pids: [], processes: [], nsid: 1, current: false, links: [link], routes: [] }], takenAt: 1 };
    const coreCall = vi.fn(async () => ({ ok: true as const, value: structuredClone(snapshot) }));
    const core = { call: coreCall, subscribe: (l: never) => ((coreListener = l), () => {}), want: vi.fn(), onStatus: (fn: never) => (status.add(fn), () => status.delete(fn)), currentStatus: { state: 'starting' as const, message: null }, start: () => {}, retry: vi.fn(), stop: () => {} };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const host = createHost({ transport: 'browser', version: '1', core, nm: null, warmCore: true });
    status.forEach((fn) => fn({ state: 'running', message: null }));
    // while no page listens, the events go to the kept picture only
    coreListener('link.changed', { namespace: '4026532001', link: { ...link, up: false, operstate: 'down' } });
    const first = await host.call('snapshot', {});
    expect(first).toMatchObject({ ok: true, value: { namespaces: [{ links: [{ name: 'e1', up: false, operstate: 'down' }] }] } });
    expect(coreCall).toHaveBeenCalledTimes(1); // the warm-up read only
    const second = await host.call('snapshot', {});
    expect(second).toMatchObject({ ok: true, value: { namespaces: [{ links: [{ name: 'e1', up: true }] }] } });
    expect(coreCall).toHaveBeenCalledTimes(2);
    quiet.mockRestore();
    await host.close();
  });

  it('with warmCore, keeps no picture past a helper that restarts or an event outside the contract: the page asks the core', async () => {
    for (const spoil of ['restart', 'bad event'] as const) {
      const status = new Set<(s: { state: string; message: null }) => void>();
      let coreListener!: (e: EventName, p: unknown) => void;
      const coreCall = vi.fn(async () => ({ ok: true as const, value: { namespaces: [], takenAt: 1 } }));
      const core = { call: coreCall, subscribe: (l: never) => ((coreListener = l), () => {}), want: vi.fn(), onStatus: (fn: never) => (status.add(fn), () => status.delete(fn)), currentStatus: { state: 'starting' as const, message: null }, start: () => {}, retry: vi.fn(), stop: () => {} };
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
      const host = createHost({ transport: 'browser', version: '1', core, nm: null, warmCore: true });
      const tell = (state: string) => status.forEach((fn) => fn({ state, message: null }));
      tell('running');
      await new Promise((r) => setTimeout(r, 0));
      if (spoil === 'restart') {
        tell('restarting');
        tell('running');
      } else coreListener('route.added', { namespace: 'x', route: 'not a route' });
      await host.call('snapshot', {});
      expect(coreCall, spoil).toHaveBeenCalledTimes(2);
      quiet.mockRestore();
      await host.close();
    }
  });

  it('without warmCore, asks the core for events only while someone listens, and reads no snapshot of its own', () => {
    const status = new Set<(s: { state: string; message: null }) => void>();
    const { coreCall } = setup(null);
    const core = { call: coreCall, subscribe: () => () => {}, want: vi.fn(), onStatus: (fn: never) => (status.add(fn), () => status.delete(fn)), currentStatus: { state: 'starting' as const, message: null }, start: () => {}, retry: vi.fn(), stop: () => {} };
    const host = createHost({ transport: 'browser', version: '1', core, nm: null });
    status.forEach((fn) => fn({ state: 'running', message: null }));
    expect(core.want).not.toHaveBeenCalled();
    host.subscribe(() => {})();
    expect(core.want.mock.calls).toEqual([[expect.arrayContaining(['link.changed'])], [[]]]);
    expect(coreCall).not.toHaveBeenCalled();
  });

  it('guards every change from a UI: the guard field is always sent, with where the page came in, never what it claims', async () => {
    const { host, coreCall } = setup(null);
    await host.call('link.set', { namespace: 'pid:1', link: 'eth0', up: false }, { localAddress: '::ffff:192.0.2.10' });
    expect(coreCall).toHaveBeenLastCalledWith('link.set', { namespace: 'pid:1', link: 'eth0', up: false, guard: { confirmed: false, rollbackSeconds: 30, servedVia: '192.0.2.10' } });
    await host.call('address.delete', { namespace: 'pid:1', link: 'eth0', address: '192.0.2.10/24', guard: { confirmed: true, rollbackSeconds: 5, servedVia: '203.0.113.9' } });
    expect(coreCall).toHaveBeenLastCalledWith('address.delete', expect.objectContaining({ guard: { confirmed: true, rollbackSeconds: 5 } }));
    await host.call('address.add', { namespace: 'pid:1', link: 'eth0', address: '192.0.2.11/24' }, { localAddress: '192.0.2.10' });
    expect(coreCall).toHaveBeenLastCalledWith('address.add', { namespace: 'pid:1', link: 'eth0', address: '192.0.2.11/24' });
  });
});
