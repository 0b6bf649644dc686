// The one client builder: turns a transport (Electron IPC in the preload, a WebSocket in the
// browser) into the NetnsApi object the renderer sees as window.netns. One function per contract
// method and subscribe(event, fn); nothing generic, so the page can only ask for what the
// contract names. Both transports share this code, so the renderer never has a second branch.
import { isEventName, methodNames, type EventName, type NetnsApi } from './contract';
import { toErrorInfo, type Result } from './result';

export interface ApiTransport {
  /** Sends one request; resolves with the host's Result envelope. May reject if the transport broke. */
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /** Starts delivering one event; the returned function stops it. Called once per event name in use. */
  listen(event: EventName, deliver: (payload: unknown) => void): () => void;
}

export function buildNetnsApi(transport: ApiTransport): NetnsApi {
  const api: Record<string, unknown> = {};
  for (const name of methodNames) {
    api[name] = async (input: unknown): Promise<Result<unknown>> => {
      try {
        // undefined is not sent by every transport: an empty object is what "no input" means.
        return await transport.call(name, input === undefined ? {} : input);
      } catch (e) {
        // a broken transport is an answer too, never a rejected promise the page must catch
        return { ok: false, error: { ...toErrorInfo(e), code: 'unavailable' } };
      }
    };
  }

  // One transport subscription per event name, shared by every listener of that event.
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const stops = new Map<EventName, () => void>();
  api.subscribe = (event: unknown, listener: unknown): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`no event named ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener function');
    const fn = listener as (payload: unknown) => void;
    let set = listeners.get(event);
    if (!set) {
      const fresh = new Set<(payload: unknown) => void>();
      set = fresh;
      listeners.set(event, fresh);
      stops.set(
        event,
        transport.listen(event, (payload) => {
          for (const l of [...fresh]) {
            try {
              l(payload);
            } catch (e) {
              console.error(`a listener of ${event} threw`, e);
            }
          }
        }),
      );
    }
    set.add(fn);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      set.delete(fn);
      if (set.size === 0) {
        listeners.delete(event);
        stops.get(event)?.();
        stops.delete(event);
      }
    };
  };
  return api as NetnsApi;
}
