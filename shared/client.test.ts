import { describe, expect, it } from 'vitest';
import { buildNetnsApi, type ApiTransport } from './client';
import { methodNames, type EventName } from './contract';

function fakeTransport() {
  const calls: Array<[string, unknown]> = [];
  const listening = new Map<EventName, (p: unknown) => void>();
  let stops = 0;
  const t: ApiTransport = {
    call: async (m, i) => (calls.push([m, i]), m === 'snapshot' ? Promise.reject(new Error('socket closed')) : { ok: true, value: m }),
    listen: (e, fn) => (listening.set(e, fn), () => (stops++, listening.delete(e))),
  };
  return { t, calls, listening, stops: () => stops };
}

describe('the shared client builder', () => {
  it('has one function per contract method and subscribe, nothing else', () => {
    const api = buildNetnsApi(fakeTransport().t);
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'subscribe'].sort());
  });

  it('sends the method name with its input, and turns a broken transport into an "unavailable" result', async () => {
    const f = fakeTransport();
    const api = buildNetnsApi(f.t);
    expect(await api['namespace.list']({})).toEqual({ ok: true, value: 'namespace.list' });
    expect(await api.snapshot({})).toEqual({ ok: false, error: { code: 'unavailable', message: 'socket closed' } });
    expect(f.calls).toEqual([['namespace.list', {}], ['snapshot', {}]]);
  });

  it('listens once per event for many listeners and stops after the last one leaves', () => {
    const f = fakeTransport();
    const api = buildNetnsApi(f.t);
    const got: string[] = [];
    const a = api.subscribe('resync', (p) => got.push(`a:${p.reason}`));
    const b = api.subscribe('resync', (p) => got.push(`b:${p.reason}`));
    f.listening.get('resync')!({ reason: 'x' });
    a();
    a();
    f.listening.get('resync')!({ reason: 'y' });
    expect(got).toEqual(['a:x', 'b:x', 'b:y']);
    expect(f.stops()).toBe(0);
    b();
    expect(f.stops()).toBe(1);
    expect(f.listening.size).toBe(0);
  });

  it('refuses an event name that is not in the contract', () => {
    const api = buildNetnsApi(fakeTransport().t);
    expect(() => api.subscribe('nope' as EventName, () => {})).toThrow(/no event named nope/);
  });
});
