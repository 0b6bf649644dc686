// One client's event subscriptions (a window, a WebSocket): the host sends every event, each
// client gets only the ones it asked for. Both transports use this.
import { isEventName, type EventName } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import type { Host } from './host';

export interface ClientEvents {
  /** Applies a subscribe/unsubscribe request; refuses names that are not events. */
  change(subscribe: unknown, unsubscribe: unknown): Result<Record<string, never>>;
  close(): void;
}

export function clientEvents(host: Host, deliver: (event: EventName, payload: unknown) => void): ClientEvents {
  const wanted = new Set<EventName>();
  let stop: (() => void) | null = null;
  const names = (x: unknown): EventName[] | string => {
    if (x === undefined) return [];
    if (!Array.isArray(x)) return 'a list of event names';
    const bad = x.filter((e) => !isEventName(e));
    return bad.length ? `no event named ${bad.map(String).join(', ').slice(0, 200)}` : (x as EventName[]);
  };
  return {
    change(subscribe, unsubscribe) {
      const add = names(subscribe);
      if (typeof add === 'string') return fail('invalid-input', `subscribe: ${add}`, { field: 'subscribe' });
      const drop = names(unsubscribe);
      if (typeof drop === 'string') return fail('invalid-input', `unsubscribe: ${drop}`, { field: 'unsubscribe' });
      for (const e of add) wanted.add(e);
      for (const e of drop) wanted.delete(e);
      // subscribe to the host only while this client wants something: the core watches only then
      if (wanted.size && !stop) stop = host.subscribe((event, payload) => wanted.has(event) && deliver(event, payload));
      if (!wanted.size && stop) {
        stop();
        stop = null;
      }
      return { ok: true, value: {} };
    },
    close() {
      wanted.clear();
      stop?.();
      stop = null;
    },
  };
}
