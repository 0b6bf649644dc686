// What the page learns from the core's guard.list: changes still waiting for "keep" (after a
// reload or a reconnect too), and the ones the core rolled back by itself, which go into the
// activity log once per page ("rolled back: ip link set dev eth0 down (not confirmed within 30 s)").
import type { PendingChange } from '../../shared/guard';
import { record } from '../app/activity';
import { api } from '../app/api';
import { forgetPending, pendingChanges, trackPending } from './guard-store';

const told = new Set<string>();

/** The activity entry for a change the core resolved. */
export function recordResolved(e: PendingChange): void {
  if (told.has(e.id)) return;
  told.add(e.id);
  if (e.state === 'kept' || e.state === 'pending') return;
  record({
    at: e.resolvedAt ?? Date.now(),
    title: `rolled back: ${e.command} (${e.reason ?? 'no reason given'})`,
    command: e.command,
    state: e.state === 'rolled-back' ? 'rolled-back' : 'error',
    message: e.outcome,
  });
}

/** Reads guard.list once; false when the host did not answer (the connection is down). */
export async function syncGuard(): Promise<boolean> {
  const r = await api['guard.list']({});
  if (!r.ok) return false;
  const known = new Set(pendingChanges.get().map((p) => p.id));
  for (const e of r.value) {
    if (e.state === 'pending') {
      if (!known.has(e.id)) trackPending(e, e.deadline);
      continue;
    }
    forgetPending(e.id);
    recordResolved(e);
  }
  // a change the core no longer knows (the helper restarted) cannot be kept any more
  for (const id of known) if (!r.value.some((e) => e.id === id)) forgetPending(id);
  return true;
}
