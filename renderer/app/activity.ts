// Every change made from the UI goes through run(): it shows the equivalent command, calls the
// host, and records the result or the error in words in the activity log.
import { commandFor, type CommandContext } from '../../shared/commands';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { askGuard, trackPending } from '../guard/guard-store';
import type { PendingChange } from '../../shared/guard';
import { api } from './api';
import { createStore } from './store';

export interface Activity {
  id: number;
  at: number;
  /** What the person asked for, in words ("Create veth pair v0 / v1"). */
  title: string;
  command: string | null;
  /** rolled-back: a guarded change the core undid (shared/guard.ts). */
  state: 'running' | 'ok' | 'error' | 'rolled-back';
  message: string | null;
}

export const activityLog = createStore<Activity[]>([]);
let nextId = 1;
/** Filled in by the topology view so commands name interfaces and namespaces as a shell would. */
export const commandContext: { current: CommandContext } = { current: {} };

export async function run<K extends MethodName>(method: K, input: MethodInput<K>, title: string): Promise<Result<MethodOutput<K>>> {
  const id = nextId++;
  const command = commandFor(method, input, commandContext.current);
  activityLog.set((list) => [...list.slice(-499), { id, at: Date.now(), title, command, state: 'running', message: null }]);
  const call = api[method] as (i: MethodInput<K>) => Promise<Result<MethodOutput<K>>>;
  let result: Result<MethodOutput<K>>;
  try {
    result = await call(input);
    // A change that could cut this machine off: ask, then call again confirmed, with a timer.
    if (!result.ok && result.error.code === 'needs-confirmation') {
      const answer = await askGuard({ title, command, risk: result.error.message, canRollBack: method !== 'link.delete' });
      result = answer
        ? await call({ ...input, guard: { confirmed: true, rollbackSeconds: answer.rollbackSeconds } } as MethodInput<K>)
        : { ok: false, error: { code: 'canceled', message: `not done: ${result.error.message}` } };
    }
  } catch (e) {
    result = { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
  const pending = result.ok ? (result.value as { pending?: PendingChange } | null)?.pending : undefined;
  if (pending) trackPending(pending);
  const done = pending ? `done; rolls back in ${pending.rollbackSeconds} s unless kept` : 'done';
  // A call that knows the command equal to what it really did (vpn.create, vpn.update) says so.
  const actual = result.ok ? (result.value as { command?: string | null } | null)?.command : undefined;
  activityLog.set((list) =>
    list.map((a) =>
      a.id === id ? { ...a, command: actual !== undefined ? actual : a.command, state: result.ok ? 'ok' : 'error', message: result.ok ? done : result.error.message } : a,
    ),
  );
  return result;
}

/** An entry that no call of this page made (a rollback the core did by itself). */
export function record(entry: Omit<Activity, 'id'>): void {
  activityLog.set((list) => [...list.slice(-499), { ...entry, id: nextId++ }]);
}

/** Records what was refused before anything was sent (no command ran), with the reason in words. */
export function refused(title: string, message: string): void {
  record({ at: Date.now(), title, command: null, state: 'error', message });
}
