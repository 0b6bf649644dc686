// window.netns over the serve host's WebSocket, built with the same builder as the preload
// (shared/client.ts), so the page cannot tell the two apart. The token travels in the HttpOnly
// cookie the host set, never in script. A dropped connection is retried with a growing delay;
// requests in flight get an "unavailable" answer and subscriptions are restored on reconnect.
import type { EventName, NetnsApi } from '../../shared/contract';
import { buildNetnsApi } from '../../shared/client';
import type { Result } from '../../shared/result';

export interface WsClientOptions {
  /** Default: /api on the page's own host. */
  url?: string;
  onConnection?: (state: 'open' | 'closed') => void;
}

export function createWsNetnsApi(options: WsClientOptions = {}): NetnsApi {
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const deliver = new Map<EventName, (payload: unknown) => void>();
  const queue: string[] = [];
  let nextId = 1;
  let ws: WebSocket | null = null;
  let retry = 0;

  const sendRaw = (text: string) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(text);
    else queue.push(text);
  };

  function connect() {
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
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
      if (typeof frame.event === 'string') return deliver.get(frame.event)?.(frame.payload);
      if (typeof frame.id === 'number' && frame.result) {
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
      const delay = Math.min(10_000, 250 * 2 ** retry++);
      setTimeout(connect, delay);
    };
  }
  connect();

  return buildNetnsApi({
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        sendRaw(JSON.stringify({ id, method, input }));
      });
    },
    listen(event, fn) {
      deliver.set(event, fn);
      sendRaw(JSON.stringify({ subscribe: [event] }));
      return () => {
        deliver.delete(event);
        sendRaw(JSON.stringify({ unsubscribe: [event] }));
      };
    },
  });
}
