// The renderer's side of the guard (shared/guard.ts): the question the confirm dialog asks, the
// changes waiting for "keep", and the rollback time the person chose (kept in localStorage).
import type { PendingChange } from '../../shared/guard';
import { DEFAULT_ROLLBACK_SECONDS } from '../../shared/guard';
import { createStore } from '../app/store';

export interface GuardAnswer {
  rollbackSeconds: number;
}
export interface GuardQuestion {
  title: string;
  command: string | null;
  /** The core's sentence: which interface, what it carries, what may happen. */
  risk: string;
  /** False for a deletion: the core asks, but cannot undo it. */
  canRollBack: boolean;
  answer: (a: GuardAnswer | null) => void;
}

export const guardQuestion = createStore<GuardQuestion | null>(null);
/** Changes applied with a rollback timer, with when it runs out as this page counts. */
export const pendingChanges = createStore<(PendingChange & { rollsBackAt: number })[]>([]);

const KEY = 'netns-studio.guard.rollbackSeconds';
export function rollbackSetting(): number {
  const n = Number(globalThis.localStorage?.getItem(KEY));
  return Number.isInteger(n) && n >= 1 && n <= 600 ? n : DEFAULT_ROLLBACK_SECONDS;
}
export function saveRollbackSetting(n: number): void {
  globalThis.localStorage?.setItem(KEY, String(n));
}

/** Shows the confirm dialog; resolves with the answer, or null when the person says no. */
export function askGuard(q: Omit<GuardQuestion, 'answer'>): Promise<GuardAnswer | null> {
  guardQuestion.get()?.answer(null); // one question at a time: an older one is a no
  return new Promise((resolve) => {
    guardQuestion.set({
      ...q,
      answer: (a) => {
        guardQuestion.set(null);
        resolve(a);
      },
    });
  });
}

/** Shows "Keep this change?" for a change the core applied with a timer. */
export function trackPending(p: PendingChange, rollsBackAt = Date.now() + p.rollbackSeconds * 1000): void {
  pendingChanges.set((list) => [...list.filter((x) => x.id !== p.id), { ...p, rollsBackAt }]);
}
export function forgetPending(id: string): void {
  pendingChanges.set((list) => list.filter((x) => x.id !== id));
}
