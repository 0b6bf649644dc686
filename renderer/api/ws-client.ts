// window.netns over the serve host's WebSocket, built with the same builder as the preload
// (shared/client.ts), so the page cannot tell the two apart. The token comes from the printed
// URL's fragment (#token=..., which the browser never sends to any server), is kept for this tab
// in sessionStorage (scoped to this origin, port included) so a reload still works, leaves the
// address bar at once, and is offered only when this script opens the WebSocket, as a
// subprotocol (shared/wire.ts). A dropped connection is retried with a growing delay; requests in
// flight get an "unavailable" answer and subscriptions are restored on reconnect. A browser is
// not told why a WebSocket was refused, so when one closes without opening, the page asks the
// host for its front page: if that answers, the host is up and refused this tab's token (it was
// printed by an earlier start of the host), and the tab goes to the sign-in page saying so
// instead of retrying forever.
import type { EventName, NetnsApi } from '../../shared/contract';
import { buildNetnsApi } from '../../shared/client';
import { fail, type Result } from '../../shared/result';
import { requestSizeError, TOKEN_PROTOCOL_PREFIX, utf8Bytes, WS_PROTOCOL } from '../../shared/wire';

export interface WsClientOptions {
  /** Default: /api on the page's own host. */
  url?: string;
  /** Default: takeToken(). */
  token?: string | null;
  onConnection?: (state: 'open' | 'closed') => void;
  /**
   * Live events to subscribe to, and a snapshot to ask for, the moment the socket is made: before
   * the app's code has loaded, so the core reads while the page compiles (the first picture waited
   * about a second for the app to ask; docs/PERFORMANCE.md, "The first picture"). The page's first
   * `snapshot` call is answered by that request, and these events that came before anyone listened
   * are handed over in their order once the page's first listener is in (see takeEarly).
   */
  prefetch?: readonly EventName[];
}

/** Early events kept for the page at most; with more the early answer is not used (the page reads anew). */
const EARLY_EVENTS_MAX = 10_000;

const TOKEN_KEY = 'netns-studio.token';
/** Where a tab without a token is sent: the host's sign-in page (electron/serve/pages.ts). */
const LOGIN_PATH = '/login';
/** The sign-in page's words for a token the running host did not print (electron/serve/pages.ts). */
export const STALE_LOGIN_PATH = '/login?stale=1';

/** Whether the host answers plain HTTP now (then a refused WebSocket means a refused token). */
async function hostAnswers(): Promise<boolean> {
  try {
    return (await fetch('/', { method: 'HEAD', cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

/** The token from the address's fragment (then removed from the address bar), or this tab's kept one. */
export function takeToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(history.state, '', location.pathname + location.search);
    return m[1]!;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * A User Timing mark (`netns:NAME`), read by bench/renderer.mjs to say where the time to the first
 * picture goes. Only rare moments are marked (a connection, a snapshot), as marks are kept.
 */
const mark = (name: string) => performance.mark(`netns:${name}`);

export function createWsNetnsApi(options: WsClientOptions = {}): NetnsApi {
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`;
  const token = options.token === undefined ? takeToken() : options.token;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const deliver = new Map<EventName, (payload: unknown) => void>();
  const queue: string[] = [];
  let nextId = 1;
  let ws: WebSocket | null = null;
  let retry = 0;
  /** Ids of snapshot requests in flight: their answers get a performance mark (see mark). */
  const snapshots = new Set<number>();
  /** The prefetch: its snapshot's answer, and its events kept until the page listens (null: over). */
  const prefetched = new Set<EventName>(options.prefetch ?? []);
  let earlySnapshot: Promise<Result<unknown>> | null = null;
  let earlyEvents: [EventName, unknown][] | null = prefetched.size ? [] : null;

  const sendRaw = (text: string) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(text);
    else queue.push(text);
  };

  function connect() {
    if (!token) {
      // nothing to sign in with: the host's sign-in page asks for the printed URL
      location.replace(LOGIN_PATH);
      return;
    }
    const sock = new WebSocket(url, [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token]);
    ws = sock;
    let opened = false;
    mark('ws-connect');
    sock.onopen = () => {
      mark('ws-open');
      opened = true;
      retry = 0;
      options.onConnection?.('open');
      if (deliver.size) sock.send(JSON.stringify({ subscribe: [...deliver.keys()] }));
      for (const text of queue.splice(0)) sock.send(text);
    };
    sock.onmessage = (m) => {
      let frame: { id?: unknown; result?: Result<unknown>; event?: EventName; payload?: unknown };
      try {
        frame = JSON.parse(String(m.data));
      } catch {
        return;
      }
      if (typeof frame.event === 'string') {
        const to = deliver.get(frame.event);
        if (to) return to(frame.payload);
        if (!earlyEvents || !prefetched.has(frame.event)) return;
        earlyEvents.push([frame.event, frame.payload]);
        // Too many to keep: the page reads a snapshot of its own, after its own subscription.
        if (earlyEvents.length > EARLY_EVENTS_MAX) earlyEvents = earlySnapshot = null;
        return;
      }
      if (typeof frame.id === 'number' && frame.result) {
        if (snapshots.delete(frame.id)) mark('snapshot-answered');
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else if (frame.result && !frame.result.ok) console.error('netns host:', frame.result.error.message);
    };
    sock.onclose = () => {
      options.onConnection?.('closed');
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'unavailable', message: 'the connection to the host was lost' } });
      }
      queue.length = 0;
      snapshots.clear();
      const delay = Math.min(10_000, 250 * 2 ** retry++);
      if (opened) return void setTimeout(connect, delay);
      void hostAnswers().then((up) => {
        if (!up) return void setTimeout(connect, delay);
        sessionStorage.removeItem(TOKEN_KEY);
        location.replace(STALE_LOGIN_PATH);
      });
    };
  }
  connect();

  const request = (method: string, input: unknown): Promise<Result<unknown>> => {
    const id = nextId++;
    const text = JSON.stringify({ id, method, input });
    // the host would refuse it anyway: say so at once, without sending a megabyte first
    const tooLarge = requestSizeError(utf8Bytes(text));
    if (tooLarge) return Promise.resolve(tooLarge);
    if (!token) return Promise.resolve(fail('unavailable', 'not signed in: open the address netns-studio serve printed'));
    if (method === 'snapshot') {
      snapshots.add(id);
      mark('snapshot-asked');
    }
    return new Promise((resolve) => {
      pending.set(id, resolve);
      sendRaw(text);
    });
  };

  if (prefetched.size && token) {
    // In this order, as the page itself does: no event after the snapshot is read is lost.
    sendRaw(JSON.stringify({ subscribe: [...prefetched] }));
    earlySnapshot = request('snapshot', {});
  }
  /**
   * The early events, handed to the listeners in the order they came, once: a microtask after the
   * page's first listener, so its other listeners are in and its first snapshot call was made
   * (renderer/model/live-topology.ts applies what comes after that call on top of the snapshot;
   * these came after the early snapshot was asked, so they belong on top of it too).
   */
  const takeEarly = () => {
    const kept = earlyEvents;
    if (!kept) return;
    earlyEvents = null;
    queueMicrotask(() => {
      for (const [event, payload] of kept) deliver.get(event)?.(payload);
    });
  };

  return buildNetnsApi({
    call(method, input) {
      if (method === 'snapshot' && earlySnapshot) {
        const early = earlySnapshot;
        earlySnapshot = null;
        return early;
      }
      return request(method, input);
    },
    listen(event, fn) {
      deliver.set(event, fn);
      if (prefetched.has(event)) takeEarly();
      sendRaw(JSON.stringify({ subscribe: [event] }));
      return () => {
        deliver.delete(event);
        sendRaw(JSON.stringify({ unsubscribe: [event] }));
      };
    },
  });
}
