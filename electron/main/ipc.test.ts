import { describe, expect, it, vi } from 'vitest';

// The Electron module is mocked: these tests check our registry, not Electron.
const handlers = new Map<string, (event: unknown, input: unknown) => unknown>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (event: unknown, input: unknown) => unknown) => {
      if (handlers.has(ch)) throw new Error(`second handler for ${ch}`);
      handlers.set(ch, fn);
    },
    removeHandler: (ch: string) => handlers.delete(ch),
  },
}));

const { ipcMain } = await import('electron');
const { registerIpc, isOurMainFrame } = await import('./ipc');
const { methodChannel, SUBSCRIBE_CHANNEL, EVENT_CHANNEL } = await import('../../shared/ipc-channels');
const { MAX_MESSAGE_BYTES } = await import('../../shared/wire');
const { createHost } = await import('../host/host');
const { methodNames } = await import('../../shared/contract');

function fakeWebContents() {
  const sent: unknown[] = [];
  const listening: string[] = [];
  return {
    sent,
    listening,
    isDestroyed: () => false,
    send: (ch: string, frame: unknown) => sent.push([ch, frame]),
    once: (name: string) => listening.push(name),
    on: (name: string) => listening.push(name),
    removeListener: () => {},
  };
}

function setup(coreAnswer: (method: string, input: unknown) => unknown = () => ({ name: 'x', heldBy: [] })) {
  handlers.clear();
  const calls: Array<[string, unknown]> = [];
  const coreListeners = new Set<(e: never, p: unknown) => void>();
  const core = {
    call: vi.fn(async (method: string, input: unknown) => {
      calls.push([method, input]);
      return { ok: true as const, value: coreAnswer(method, input) };
    }),
    subscribe: (fn: (e: never, p: unknown) => void) => (coreListeners.add(fn), () => coreListeners.delete(fn)),
    want: vi.fn(),
    onStatus: () => () => {},
    currentStatus: { state: 'running' as const, message: null },
    start: () => {}, retry: () => {},
    stop: () => {},
  };
  const host = createHost({ transport: 'electron', version: '0.0.0', core, nm: null });
  const ours = fakeWebContents();
  const trusted = { sender: ours, senderFrame: { url: 'app://netns-studio/index.html' } };
  registerIpc({ ipcMain, host, isTrusted: (e) => e === (trusted as unknown) });
  const invoke = (event: unknown, method: string, input: unknown) => handlers.get(methodChannel(method))!(event, input);
  const emit = (e: string, p: unknown) => coreListeners.forEach((fn) => fn(e as never, p));
  return { calls, core, trusted, ours, invoke, emit };
}

describe('the sender check', () => {
  const mainFrame = { url: 'app://netns-studio/index.html' };
  const wc = { mainFrame };
  const win = { isDestroyed: () => false, webContents: wc };
  it('accepts only our window, its main frame, showing our page', () => {
    expect(isOurMainFrame(win, { sender: wc, senderFrame: mainFrame }, 'app://netns-studio')).toBe(true);
    expect(isOurMainFrame(win, { sender: { mainFrame }, senderFrame: mainFrame }, 'app://netns-studio')).toBe(false);
    expect(isOurMainFrame(win, { sender: wc, senderFrame: { url: 'app://netns-studio/index.html' } }, 'app://netns-studio')).toBe(false);
    expect(isOurMainFrame(win, { sender: wc, senderFrame: null }, 'app://netns-studio')).toBe(false);
    const away = { url: 'https://evil.example/' };
    const navigated = { mainFrame: away };
    expect(isOurMainFrame({ isDestroyed: () => false, webContents: navigated }, { sender: navigated, senderFrame: away }, 'app://netns-studio')).toBe(false);
    expect(isOurMainFrame({ isDestroyed: () => true, webContents: wc }, { sender: wc, senderFrame: mainFrame }, 'app://netns-studio')).toBe(false);
    expect(isOurMainFrame(null, { sender: wc, senderFrame: mainFrame }, 'app://netns-studio')).toBe(false);
  });
});

describe('Electron IPC registry', () => {
  it('registers exactly one handler per contract method, plus the subscription channel', () => {
    setup();
    expect([...handlers.keys()].sort()).toEqual([...methodNames.map(methodChannel), SUBSCRIBE_CHANNEL].sort());
  });

  it('refuses a request from a sender that is not our window and does not dispatch it', async () => {
    const { calls, invoke } = setup();
    const stranger = { sender: fakeWebContents(), senderFrame: { url: 'https://evil.example/' } };
    const r = (await invoke(stranger, 'namespace.delete', { name: 'blue' })) as { ok: boolean; error: { code: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('permission');
    expect(calls).toEqual([]);
  });

  it('refuses bad input before dispatch and names the field', async () => {
    const { calls, trusted, invoke } = setup();
    const r = (await invoke(trusted, 'namespace.delete', { name: '../etc' })) as { ok: boolean; error: { field: string; message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.field).toBe('input.name');
    expect(r.error.message).toMatch(/cannot contain "\/"/);
    const extra = (await invoke(trusted, 'namespace.delete', { name: 'blue', force: true })) as { ok: boolean; error: { message: string } };
    expect(extra.error.message).toMatch(/unknown field: force/);
    expect(calls).toEqual([]);
  });

  it('passes valid input to the core and returns its answer in the envelope', async () => {
    const { calls, trusted, invoke } = setup((_m, i) => ({ name: (i as { name: string }).name, heldBy: [42] }));
    const r = await invoke(trusted, 'namespace.delete', { name: 'blue' });
    expect(calls).toEqual([['namespace.delete', { name: 'blue' }]]);
    expect(r).toEqual({ ok: true, value: { name: 'blue', heldBy: [42] } });
  });

  it('refuses an output that breaks the contract instead of passing it to the page', async () => {
    const { trusted, invoke } = setup(() => ({ name: 'blue', heldBy: ['not a pid'] }));
    const r = (await invoke(trusted, 'namespace.delete', { name: 'blue' })) as { ok: boolean; error: { code: string; message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('internal');
    expect(r.error.message).toMatch(/output\.heldBy\.0/);
  });

  it('forwards only the subscribed events to the subscribing window, and refuses unknown event names', async () => {
    const { trusted, ours, emit } = setup();
    const sub = handlers.get(SUBSCRIBE_CHANNEL)!;
    expect(sub(trusted, { subscribe: ['resync'] })).toEqual({ ok: true, value: {} });
    expect((sub(trusted, { subscribe: ['no.such.event'] }) as { ok: boolean }).ok).toBe(false);
    expect((sub({ sender: fakeWebContents(), senderFrame: null }, { subscribe: ['resync'] }) as { ok: boolean }).ok).toBe(false);
    emit('resync', { reason: 'test' });
    emit('link.removed', { namespace: 'a', ifindex: 3, name: 'veth0' });
    emit('resync', { wrong: 'shape' });
    expect(ours.sent).toEqual([[EVENT_CHANNEL, { event: 'resync', payload: { reason: 'test' } }]]);
  });

  it('checks a subscription frame before it sets anything up for the window, and changes nothing when it is bad', async () => {
    const { trusted, ours, core, emit } = setup();
    const sub = handlers.get(SUBSCRIBE_CHANNEL)!;
    for (const bad of [null, 'resync', ['resync'], { subscribe: 'resync' }, { subscribe: [1] }, { subscribe: ['resync'], extra: true }]) {
      const r = sub(trusted, bad) as { ok: boolean; error: { code: string } };
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    // no per-window state (navigation and destroy listeners), no subscription to the core
    expect(ours.listening).toEqual([]);
    expect(core.want).not.toHaveBeenCalled();
    emit('resync', { reason: 'test' });
    expect(ours.sent).toEqual([]);
  });

  it('refuses a request larger than the core helper reads, at once, without dispatching it', async () => {
    const { calls, trusted, invoke } = setup(() => ({ exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false }));
    const big = 'x'.repeat(MAX_MESSAGE_BYTES);
    const r = (await invoke(trusted, 'exec.run', { namespace: 'blue', argv: ['echo', big] })) as { ok: boolean; error: { code: string; message: string; field: string } };
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input' } });
    expect(r.error.message).toMatch(/a request is at most 1048576 bytes \(1 MiB\); this one has \d+/);
    const cyclic: Record<string, unknown> = { namespace: 'blue' };
    cyclic.self = cyclic;
    expect(await invoke(trusted, 'exec.run', cyclic)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'the input cannot be written as JSON' } });
    expect(calls).toEqual([]);
    // just under the limit is still served
    const fits = (await invoke(trusted, 'exec.run', { namespace: 'blue', argv: ['echo', 'x'.repeat(1000)] })) as { ok: boolean };
    expect(fits.ok).toBe(true);
    expect(calls.map(([m]) => m)).toEqual(['exec.run']);
  });
});
