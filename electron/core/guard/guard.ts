// The guard at work in the core (see shared/guard.ts): refuses a risky change until it is
// confirmed, records what the change can take away, applies it, and rolls it back by itself
// when guard.keep does not come in time. The timer lives here, in the root helper, so it fires
// even when the host or the page is gone; the history stays for guard.list, so a page that
// reconnects learns what happened.
import { commandFor, defaultNamespaceTarget } from '../../../shared/commands';
import type { MethodParsedInput } from '../../../shared/contract';
import type { GuardedMethod, GuardInput, PendingChange } from '../../../shared/guard';
import { StudioError, toErrorInfo } from '../../../shared/result';
import type { Link } from '../../../shared/model';
import { closeNamespace, resolveNamespace } from '../namespaces/resolve';
import { dumpAll } from '../net/dump';
import { addAddress } from '../net/addresses';
import { moveLink, setLink } from '../net/links';
import type { NsHandle } from '../net/ns-handle';
import { ownNamespaceId } from '../net/nsid';
import { addRoute } from '../net/routes';
import { ownNamespaceFd } from '../netlink/socket';
import { assessRisk } from './risk';
import { captureState, describeSteps, restoreSteps, type PreviousState, type RestoreStep } from './restore';

type GuardedInput = MethodParsedInput<GuardedMethod> & { guard?: GuardInput };

interface Entry {
  view: PendingChange;
  prev: PreviousState;
  /** Where a moved link went: the namespace reference and its index there. */
  movedTo: { ref: string; ifindex: number } | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Set while a rollback runs, so keep and a second rollback wait their turn. */
  busy: Promise<PendingChange> | null;
}

/** How many resolved changes guard.list still reports. */
const HISTORY = 20;

/** The core's own namespace, through the fd the netlink layer keeps open for its whole life. */
const own = (): NsHandle => ({ id: ownNamespaceId(), fd: ownNamespaceFd(), label: 'the main namespace' });

/** Links and routes of the core's own namespace: equals `ip -json addr show` + `ip -json route show`. */
function dumpOwn(): { links: Link[]; routes: import('../../../shared/model').Route[] } {
  const d = dumpAll([own()])[0]!;
  return { links: d.links, routes: d.routes };
}

/** Whether a namespace reference names the core's own namespace (false when it names nothing). */
function isOwn(ref: string): boolean {
  let h;
  try {
    h = resolveNamespace(ref);
  } catch {
    return false;
  }
  try {
    return h.id === ownNamespaceId();
  } finally {
    closeNamespace(h);
  }
}

export class Guard {
  private readonly entries = new Map<string, Entry>();
  private next = 1;
  private idleWaiters: (() => void)[] = [];

  /**
   * Runs a guarded method: `apply` gets the input without its guard field. Without a guard field
   * (netns-ctl) the call is not guarded; otherwise a risky call is refused with
   * "needs-confirmation" until confirmed, then applied with a rollback timer.
   */
  async run<T extends object>(method: GuardedMethod, input: GuardedInput, apply: (plain: GuardedInput) => Promise<T> | T): Promise<T & { pending?: PendingChange }> {
    const { guard, ...plain } = input;
    if (!guard || !isOwn(input.namespace)) return apply(plain as GuardedInput);
    if (method === 'link.move' && isOwn((input as MethodParsedInput<'link.move'>).to)) return apply(plain as GuardedInput);
    const before = dumpOwn();
    const risk = assessRisk({ method, input: input as never }, before.links, before.routes, guard.servedVia);
    if (!risk) return apply(plain as GuardedInput);
    if (!guard.confirmed) throw new StudioError('needs-confirmation', risk.sentence, { field: risk.field });
    if (!risk.canRollBack) return apply(plain as GuardedInput);

    const prev = captureState(before.links.find((l) => l.ifindex === risk.ifindex)!, before.routes);
    const out = await apply(plain as GuardedInput);
    const id = `${Date.now().toString(36)}-${this.next++}`;
    const seconds = guard.rollbackSeconds;
    // The change is in the core's own namespace: plain `ip`; a move names where it goes.
    const namespace = (ref: string) => (ref === input.namespace ? ({ kind: 'current' } as const) : defaultNamespaceTarget(ref));
    const command = commandFor(method, input as never, { namespace, linkName: () => risk.link }) ?? method;
    const entry: Entry = {
      view: { id, command, link: risk.link, risk: risk.sentence, state: 'pending', rollbackSeconds: seconds, deadline: Date.now() + seconds * 1000, resolvedAt: null, reason: null, outcome: null },
      prev,
      movedTo: method === 'link.move' ? { ref: (input as MethodParsedInput<'link.move'>).to, ifindex: (out as unknown as { link: Link }).link.ifindex } : null,
      timer: null,
      busy: null,
    };
    entry.timer = setTimeout(() => {
      try {
        void this.rollback(id, `not confirmed within ${seconds} s`).catch(() => {});
      } catch {
        // resolved meanwhile: nothing to roll back
      }
    }, seconds * 1000);
    this.entries.set(id, entry);
    return { ...out, pending: { ...entry.view } };
  }

  /** guard.keep: the change stays; its timer stops. */
  async keep(id: string): Promise<PendingChange> {
    const e = this.pendingEntry(id);
    if (e.busy) await e.busy;
    if (e.view.state !== 'pending') throw this.resolvedError(e);
    this.finish(e, 'kept', null, 'kept');
    return { ...e.view };
  }

  /** Rolls a pending change back now (guard.rollback, the timer, or the helper stopping). */
  rollback(id: string, reason = 'rolled back on request'): Promise<PendingChange> {
    const e = this.pendingEntry(id);
    if (e.busy) return e.busy;
    if (e.view.state !== 'pending') return Promise.reject(this.resolvedError(e));
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    e.busy = this.restore(e).then(
      (outcome) => (this.finish(e, 'rolled-back', reason, outcome), { ...e.view }),
      (err) => (this.finish(e, 'rollback-failed', reason, `could not restore ${e.prev.name}: ${toErrorInfo(err).message}`), { ...e.view }),
    );
    return e.busy;
  }

  /** guard.list: pending changes and the last ones resolved, oldest first. */
  list(): PendingChange[] {
    return [...this.entries.values()].map((e) => ({ ...e.view }));
  }

  /** Resolves once nothing is pending (the timers have fired or the changes were kept). */
  idle(): Promise<void> {
    if (![...this.entries.values()].some((e) => e.view.state === 'pending')) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Rolls back everything still pending, now (the helper is told to stop). */
  async rollbackAll(reason: string): Promise<void> {
    const ids = [...this.entries.values()].filter((e) => e.view.state === 'pending').map((e) => e.view.id);
    await Promise.all(ids.map((id) => this.rollback(id, reason).catch(() => {})));
  }

  private pendingEntry(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new StudioError('not-found', `no guarded change ${id} (the helper may have restarted)`, { field: 'id' });
    return e;
  }

  private resolvedError(e: Entry): StudioError {
    const what = e.view.state === 'kept' ? 'was already kept' : `was already rolled back (${e.view.reason})`;
    return new StudioError('failed', `the change "${e.view.command}" ${what}`, { field: 'id' });
  }

  private finish(e: Entry, state: PendingChange['state'], reason: string | null, outcome: string) {
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    e.view = { ...e.view, state, reason, outcome, resolvedAt: Date.now() };
    // keep the history short: the oldest resolved ones go first
    const resolved = [...this.entries.values()].filter((x) => x.view.state !== 'pending');
    for (const old of resolved.slice(0, Math.max(0, resolved.length - HISTORY))) this.entries.delete(old.view.id);
    if (![...this.entries.values()].some((x) => x.view.state === 'pending')) for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Brings the recorded state back: equals `ip -n DEST link set dev IF netns 1` (for a move),
   * then `ip link set dev IF up`, `ip addr add CIDR dev IF` and `ip route add DEST [via GW]
   * dev IF [metric N]` for what is missing. Every step is tried; the failures are reported.
   */
  private async restore(e: Entry): Promise<string> {
    const home = own();
    let ifindex = e.prev.ifindex;
    if (e.movedTo) {
      const dest = resolveNamespace(e.movedTo.ref);
      try {
        ifindex = (await moveLink(dest, e.movedTo.ifindex, home)).ifindex;
      } finally {
        closeNamespace(dest);
      }
    }
    const now = dumpOwn();
    const link = now.links.find((l) => l.ifindex === ifindex);
    if (!link) throw new StudioError('not-found', `${e.prev.name} is no longer in the main namespace`);
    const steps = restoreSteps(e.prev, link, now.routes);
    const failures: string[] = [];
    const apply = (s: RestoreStep) => {
      if (s.kind === 'up') setLink(home, ifindex, { up: true });
      else if (s.kind === 'address') addAddress(home, ifindex, s.cidr);
      else addRoute(home, { destination: s.destination, link: ifindex, ...(s.gateway ? { gateway: s.gateway } : {}), ...(s.metric ? { metric: s.metric } : {}) });
    };
    // A route may need another one first (a gateway reached through a route): one more round.
    let todo = steps;
    for (let round = 0; round < 2 && todo.length; round++) {
      const failed: RestoreStep[] = [];
      failures.length = 0;
      for (const s of todo) {
        try {
          apply(s);
        } catch (err) {
          if (toErrorInfo(err).code === 'exists') continue; // already back
          failed.push(s);
          failures.push(toErrorInfo(err).message);
        }
      }
      todo = failed;
    }
    const done = describeSteps(link.name, steps.filter((s) => !todo.includes(s)), e.movedTo !== null);
    if (failures.length) throw new StudioError('failed', `${done}; ${failures.join('; ')}`);
    return done;
  }
}
