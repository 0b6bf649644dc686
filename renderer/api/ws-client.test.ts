// The page's side of the browser host's credential, with the browser's globals stood in for:
// the token comes from the fragment, leaves the address bar, is kept for the tab and is offered
// only as a WebSocket subprotocol; a request too large for the host is refused without sending.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_BYTES, TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../shared/wire';
import { createWsNetnsApi } from './ws-client';

class FakeSocket {
  static OPEN = 1;
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.made.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
}

function browser(hash: string, kept: string | null = null) {
  const storage = new Map<string, string>(kept ? [['netns-studio.token', kept]] : []);
  const location = { protocol: 'http:', host: '127.0.0.1:8080', pathname: '/', search: '', hash, replace: vi.fn() };
  const history = { state: null, replaceState: vi.fn((_s: unknown, _t: string, url: string) => ((location.hash = ''), url)) };
  FakeSocket.made = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', history);
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) });
  return { storage, location, history };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the WebSocket client of the browser host', () => {
  it('marks when it connects and when a snapshot is asked and answered, for the benchmark, and only those', async () => {
    browser('#token=abc');
    performance.clearMarks();
    const api = createWsNetnsApi();
    const sock = FakeSocket.made[0]!;
    sock.readyState = FakeSocket.OPEN;
    sock.onopen!();
    const snapshot = api.snapshot({});
    void api['namespace.stale']({});
    const id = (JSON.parse(sock.sent.find((t) => t.includes('"snapshot"'))!) as { id: number }).id;
    sock.onmessage!({ data: JSON.stringify({ id, result: { ok: true, value: { namespaces: [], takenAt: 1 } } }) });
    await snapshot;
    expect(performance.getEntriesByType('mark').map((m) => m.name)).toEqual(['netns:ws-connect', 'netns:ws-open', 'netns:snapshot-asked', 'netns:snapshot-answered']);
  });

  it('takes the token from the fragment, clears the address bar, keeps it for the tab and offers it as a subprotocol', () => {
    const b = browser('#token=abc_DEF-123');
    createWsNetnsApi();
    expect(b.history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(b.storage.get('netns-studio.token')).toBe('abc_DEF-123');
    expect(FakeSocket.made.map((s) => [s.url, s.protocols])).toEqual([['ws://127.0.0.1:8080/api', [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}abc_DEF-123`]]]);
  });

  it('signs in again after a reload with the token kept for the tab', () => {
    const b = browser('', 'kept');
    createWsNetnsApi();
    expect(b.history.replaceState).not.toHaveBeenCalled();
    expect(FakeSocket.made[0]!.protocols).toEqual([WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}kept`]);
  });

  it('sends a tab without a token to the sign-in page, and opens no socket', async () => {
    const b = browser('');
    const api = createWsNetnsApi();
    expect(b.location.replace).toHaveBeenCalledWith('/login');
    expect(FakeSocket.made).toEqual([]);
    expect(await api['host.info']({})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('refuses a request larger than the host reads at once, without sending it', async () => {
    browser('#token=t');
    const api = createWsNetnsApi();
    const sock = FakeSocket.made[0]!;
    const r = await api['exec.run']({ namespace: 'blue', argv: ['echo', 'x'.repeat(MAX_MESSAGE_BYTES)] });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input', message: expect.stringMatching(/at most 1048576 bytes/) } });
    sock.readyState = FakeSocket.OPEN;
    sock.onopen?.();
    expect(sock.sent).toEqual([]);
  });

  it('sends a tab whose token the running host refuses to the sign-in page, saying why, and forgets the token', async () => {
    const b = browser('', 'from-an-earlier-start');
    const fetch = vi.fn(async () => ({ ok: true }));
    vi.stubGlobal('fetch', fetch);
    createWsNetnsApi();
    FakeSocket.made[0]!.onclose?.(); // refused before it opened
    await vi.waitFor(() => expect(b.location.replace).toHaveBeenCalledWith('/login?stale=1'));
    expect(fetch).toHaveBeenCalledWith('/', { method: 'HEAD', cache: 'no-store' });
    expect(b.storage.has('netns-studio.token')).toBe(false);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('keeps retrying with the token while the host does not answer at all, and after a connection that had opened', async () => {
    vi.useFakeTimers();
    const b = browser('', 'kept');
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    createWsNetnsApi();
    FakeSocket.made[0]!.onclose?.();
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeSocket.made).toHaveLength(2);
    const second = FakeSocket.made[1]!;
    second.readyState = FakeSocket.OPEN;
    second.onopen?.();
    second.onclose?.(); // the host went away after answering: no sign-in question, a retry
    await vi.advanceTimersByTimeAsync(300);
    expect(FakeSocket.made).toHaveLength(3);
    expect(b.location.replace).not.toHaveBeenCalled();
    expect(b.storage.get('netns-studio.token')).toBe('kept');
  });

  describe('asking for the live picture before the app has loaded (prefetch)', () => {
    const open = () => {
      const sock = FakeSocket.made[0]!;
      sock.readyState = FakeSocket.OPEN;
      sock.onopen!();
      return sock;
    };
    const event = (sock: FakeSocket, name: string, n: number) => sock.onmessage!({ data: JSON.stringify({ event: name, payload: { n } }) });
    const answer = (sock: FakeSocket, value: unknown) => {
      const id = (JSON.parse(sock.sent.filter((t) => t.includes('"snapshot"')).at(-1)!) as { id: number }).id;
      sock.onmessage!({ data: JSON.stringify({ id, result: { ok: true, value } }) });
    };

    it('subscribes, then asks for a snapshot at once; the first snapshot call gets that answer, and the events that came meanwhile follow it in order', async () => {
      browser('#token=t');
      const api = createWsNetnsApi({ prefetch: ['link.changed', 'address.added'] });
      const sock = open();
      expect(sock.sent.map((t) => JSON.parse(t) as object)).toEqual([{ subscribe: ['link.changed', 'address.added'] }, { id: 1, method: 'snapshot', input: {} }]);
      event(sock, 'link.changed', 1);
      answer(sock, { namespaces: [], takenAt: 7 });
      event(sock, 'address.added', 2);
      event(sock, 'link.changed', 3);

      // the page: its listeners, then its first snapshot, in one go (renderer/app/use-topology.ts)
      const seen: string[] = [];
      api.subscribe('link.changed', (p) => seen.push(`link ${(p as unknown as { n: number }).n}`));
      api.subscribe('address.added', (p) => seen.push(`address ${(p as unknown as { n: number }).n}`));
      const snapshot = api.snapshot({});
      expect(seen).toEqual([]); // not before the page's first snapshot call was made
      expect(await snapshot).toEqual({ ok: true, value: { namespaces: [], takenAt: 7 } });
      expect(seen).toEqual(['link 1', 'address 2', 'link 3']);
      expect(sock.sent.filter((t) => t.includes('"snapshot"'))).toHaveLength(1);

      // later events go straight to the listeners; a second snapshot is a request of its own
      event(sock, 'link.changed', 4);
      expect(seen.at(-1)).toBe('link 4');
      const again = api.snapshot({});
      answer(sock, { namespaces: [], takenAt: 8 });
      expect(await again).toEqual({ ok: true, value: { namespaces: [], takenAt: 8 } });
    });

    it('does not keep events nobody asked for early, and gives up the early answer when too many came before the page listened', async () => {
      browser('#token=t');
      const api = createWsNetnsApi({ prefetch: ['link.changed'] });
      const sock = open();
      for (let i = 0; i <= 10_000; i++) event(sock, 'link.changed', i);
      answer(sock, { namespaces: [], takenAt: 1 });
      const seen: unknown[] = [];
      api.subscribe('link.changed', (p) => seen.push(p));
      const fresh = api.snapshot({});
      expect(sock.sent.filter((t) => t.includes('"snapshot"'))).toHaveLength(2); // read anew, after the page's subscription
      answer(sock, { namespaces: [], takenAt: 2 });
      expect(await fresh).toEqual({ ok: true, value: { namespaces: [], takenAt: 2 } });
      await Promise.resolve();
      expect(seen).toEqual([]);
    });
  });
});
