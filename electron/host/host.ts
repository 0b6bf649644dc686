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
import { KeptPicture } from './kept-picture';

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
   * one snapshot as soon as it runs, which the host keeps current for the first page that asks
   * (kept-picture.ts). Starting the watch opens every namespace, and a read of 1000 namespaces
   * takes 0.3 s on a quiet machine, over a second while a browser starts beside it: the first
   * picture waits for neither (docs/PERFORMANCE.md, "The first picture from the picture kept at
   * start"). Both hosts set it; without it the core watches only while someone listens.
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

export function createHost(o: HostOptions): Host {
  const listeners = new Set<HostListener>();
  const kept = new KeptPicture();
  const emit: HostListener = (event, payload) => {
    // a warm core's events while no page listens: nobody to tell, unless the kept picture wants them
    if (!listeners.size && !kept.usable) return;
    // Events leave the host in the contract's shape too; a malformed one is a bug, not news.
    const checked = isEventName(event) ? events[event].safeParse(payload) : null;
    if (!checked?.success) {
      console.error(`host: dropped a ${String(event)} event outside the contract`);
      // the kept picture would miss it: a page's snapshot is read by the core instead
      kept.drop();
      return;
    }
    kept.event(event as EventName, checked.data);
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
  // longer). The host keeps that picture current with the core's events and gives it to the first
  // page that asks (kept-picture.ts): the page does not wait for a read of every namespace.
  let warmed = !o.warmCore;
  const stopWarm = o.core.onStatus((s) => {
    // A helper that stops or starts again may have lost events: the picture is not kept then.
    if (s.state !== 'running') kept.drop();
    if (s.state !== 'running' || warmed) return;
    warmed = true;
    // Checked once against the contract, as any answer is; its events are checked as they come,
    // so the picture given later is made of checked parts only (checkedCall gives it unchecked).
    void kept.read(async () => {
      const t0 = Date.now();
      const r = await o.core.call('snapshot', {});
      if (!r.ok) return r;
      const out = methods.snapshot.output.safeParse(r.value);
      if (!out.success) return fail('internal', 'the warm-up snapshot breaks the contract');
      console.error(`host: the core read ${out.data.namespaces.length} namespaces at start in ${Date.now() - t0} ms; the first page gets that picture, kept current`);
      return { ok: true, value: out.data };
    });
  });
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
    if (method === 'snapshot') {
      // The picture kept since start, for the first page: its parts were checked as they came.
      const picture = await kept.take();
      if (picture) return { ok: true, value: picture };
    }
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
