// What both hosts (Electron main, the serve host) share, with no Electron import: every contract
// method checked and dispatched (privileged → the core helper, vpn → the NetworkManager client,
// host.* answered here), inputs validated before dispatch and outputs after, every answer a
// Result; and the events of the core, the NetworkManager client and the helper's own status fanned
// out to subscribers. A transport only carries requests and events to and from this object.
import {
  coreEventNames,
  events,
  isEventName,
  isMethodName,
  methods,
  type EventName,
  type MethodName,
  type MethodOutput,
  type VpnMethodName,
} from '../../shared/contract';
import { DEFAULT_ROLLBACK_SECONDS, isGuardedMethod } from '../../shared/guard';
import { fail, toErrorInfo, zodErrorInfo, type Result } from '../../shared/result';
import type { NmClient } from '../nm/client';
import type { CoreHelper } from './core-helper';

export type HostListener = (event: EventName, payload: unknown) => void;

export interface HostOptions {
  transport: 'electron' | 'browser';
  version: string;
  /** Anything that serves privileged methods like the core helper does. */
  core: Pick<CoreHelper, 'call' | 'subscribe' | 'want' | 'onStatus' | 'currentStatus' | 'start' | 'retry' | 'stop'>;
  /** Null where NetworkManager support is not wanted; vpn.* then answer "unavailable". */
  nm: NmClient | null;
  /**
   * Warm the core at start: it watches from the start, not only while a page listens, and reads
   * one snapshot as soon as it runs, so a page's first picture waits for neither. Starting the
   * watch opens every namespace (1.4 s at 1000 namespaces, more on a busy machine), and the first
   * snapshot of a fresh helper, and the host's first check of it, are several times slower than
   * the next (docs/PERFORMANCE.md, "The first picture, stamped from navigation to boxes"). Both
   * hosts set it; without it the core watches only while someone listens.
   */
  warmCore?: boolean;
}

/** What a transport knows about the caller's connection. */
export interface CallContext {
  /** The local address of the connection the page is served over (the browser host). */
  localAddress?: string;
}

export interface Host {
  /** Any method name and input from any sender: everything is checked here. */
  call(method: unknown, input: unknown, context?: CallContext): Promise<Result<unknown>>;
  /** All events; a transport filters them by what its client subscribed to. */
  subscribe(listener: HostListener): () => void;
  close(): Promise<void>;
}

/** How often the warm-up snapshot goes through the contract's check (see warm in createHost). */
const WARM_CHECKS = 6;

export function createHost(o: HostOptions): Host {
  const listeners = new Set<HostListener>();
  const emit: HostListener = (event, payload) => {
    if (!listeners.size) return; // a warm core's events while no page listens: nobody to tell
    // Events leave the host in the contract's shape too; a malformed one is a bug, not news.
    const checked = isEventName(event) ? events[event].safeParse(payload) : null;
    if (!checked?.success) {
      console.error(`host: dropped a ${String(event)} event outside the contract`);
      return;
    }
    for (const l of listeners) {
      try {
        l(event, checked.data);
      } catch (e) {
        console.error(`host: a listener of ${event} threw`, e);
      }
    }
  };
  const stopCore = o.core.subscribe(emit);
  const stopStatus = o.core.onStatus((s) => emit('core.status', s));
  const stopNm = o.nm?.subscribe(emit);
  o.core.start();
  // A warm core: watching from the start, and one snapshot read once it answers (it reads its
  // lines in order, so after the watch is up: a snapshot racing the watch's start took 5-10 times
  // longer). The answer only warms the helper and is not used: a page reads its own after it
  // subscribed, so no event falls between the two.
  let warmed = !o.warmCore;
  const stopWarm = o.core.onStatus((s) => {
    if (s.state !== 'running' || warmed) return;
    warmed = true;
    void warm();
  });
  /**
   * The warm-up snapshot also goes through the contract's check a few times, a tick apart (the
   * host stays responsive): V8 optimizes that check of a 2 MB answer only after a few passes
   * (1000 namespaces, on a busy VM: the page's check took 145-275 ms with none, 64-106 ms after
   * three, 3-23 ms after six).
   */
  async function warm() {
    const r = await o.core.call('snapshot', {});
    // Not while a page listens: its own snapshot is on its way, and these passes would hold it up.
    for (let i = 0; r.ok && i < WARM_CHECKS && !listeners.size; i++) {
      await new Promise((tick) => setImmediate(tick));
      methods.snapshot.output.safeParse(r.value);
    }
  }
  if (o.warmCore) o.core.want(coreEventNames);
  // Connect to NetworkManager now, so its events flow and our secret agent is registered before
  // the first VPN asks for a password.
  void o.nm?.call('vpn.status', {}).catch(() => {});

  async function dispatch(method: MethodName, input: unknown): Promise<Result<unknown>> {
    const side = methods[method].side;
    if (side === 'privileged') return o.core.call(method, input);
    if (side === 'vpn') {
      if (!o.nm) return fail('unavailable', 'NetworkManager support is off in this host');
      try {
        return { ok: true, value: await o.nm.call(method as VpnMethodName, input as never) };
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      }
    }
    if (method === 'host.retryCore') {
      o.core.retry();
      return { ok: true, value: {} };
    }
    const info: MethodOutput<'host.info'> = { transport: o.transport, version: o.version, core: o.core.currentStatus };
    return { ok: true, value: info };
  }

  async function checkedCall(method: unknown, input: unknown, context: CallContext): Promise<Result<unknown>> {
    if (!isMethodName(method)) return fail('invalid-input', `no method named ${String(method).slice(0, 64)}`, { field: 'method' });
    const spec = methods[method];
    const parsed = spec.input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) return { ok: false, error: zodErrorInfo(parsed.error, 'input') };
    const result = await dispatch(method, isGuardedMethod(method) ? guarded(parsed.data, context) : parsed.data);
    if (!result.ok) return result;
    // What leaves the host is what the contract promises, or a plain "internal" error.
    const out = spec.output.safeParse(result.value);
    if (!out.success) {
      const why = zodErrorInfo(out.error, 'output').message;
      console.error(`host: ${method} answered outside the contract: ${why}`);
      return fail('internal', `${method} answered with a value that breaks the contract (${why})`);
    }
    return { ok: true, value: out.data };
  }

  /**
   * Every change from a UI is guarded (shared/guard.ts): the guard field is always there, and
   * where the page is served from is what this host saw, never what the page says.
   */
  function guarded(input: unknown, context: CallContext): unknown {
    const given = (input as { guard?: { servedVia?: string } }).guard ?? {};
    const { servedVia: _ignored, ...rest } = given;
    // Node names an IPv4 peer of a dual-stack socket ::ffff:a.b.c.d, and a link-local one with its zone.
    const local = context.localAddress?.replace(/%.*$/, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
    const servedVia = local ? { servedVia: local } : {};
    return { ...(input as object), guard: { confirmed: false, rollbackSeconds: DEFAULT_ROLLBACK_SECONDS, ...rest, ...servedVia } };
  }

  return {
    async call(method, input, context = {}) {
      try {
        return await checkedCall(method, input, context);
      } catch (e) {
        // a bug in a schema or a handler is still an answer, never a rejected promise
        return { ok: false, error: { ...toErrorInfo(e), code: 'internal' } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) o.core.want(coreEventNames);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && !o.warmCore) o.core.want([]);
      };
    },
    async close() {
      stopCore();
      stopStatus();
      stopWarm();
      stopNm?.();
      o.core.stop();
      await o.nm?.close();
    },
  };
}
