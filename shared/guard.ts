// The guard for changes that could cut the administrator off (issue 9 §4): what a guarded call
// carries, and what a pending change looks like. A change in the core's own namespace that takes
// down, moves, deletes or re-addresses the interface carrying the default route, or the one this
// page is served over, is refused with code "needs-confirmation" until the input says it was
// confirmed; then it is applied with a rollback timer that only guard.keep stops.
import { z } from 'zod';
import * as v from './validate';

/** The methods the guard looks at (the ones that can take an interface away from its traffic). */
export const guardedMethods = ['link.set', 'link.move', 'link.delete', 'address.delete'] as const;
export type GuardedMethod = (typeof guardedMethods)[number];
export const isGuardedMethod = (m: string): m is GuardedMethod => (guardedMethods as readonly string[]).includes(m);

export const DEFAULT_ROLLBACK_SECONDS = 30;

/**
 * The `guard` field of a guarded method's input. The hosts always set it for calls from a UI
 * (netns-ctl, a root shell already, leaves it out and is not guarded); `servedVia` is written by
 * the browser host itself: the local address of the page's own connection.
 */
export const guardInput = z
  .object({
    /** The person saw the risk and said go. */
    confirmed: z.boolean({ error: 'guard.confirmed is true or false' }).default(false),
    /** Roll back unless guard.keep comes within this many seconds. */
    rollbackSeconds: z
      .number({ error: 'guard.rollbackSeconds is a number of seconds' })
      .int({ error: 'guard.rollbackSeconds is a whole number of seconds' })
      .min(1, { error: 'guard.rollbackSeconds is at least 1' })
      .max(600, { error: 'guard.rollbackSeconds is at most 600 (10 minutes)' })
      .default(DEFAULT_ROLLBACK_SECONDS),
    servedVia: v.ipAddress.optional(),
  })
  .strict();
export type GuardInput = z.output<typeof guardInput>;

export const pendingChange = z.object({
  id: z.string(),
  /** The command the change equals (`ip link set dev eth0 down`). */
  command: z.string(),
  /** The interface at risk, by its name when the change was made. */
  link: z.string(),
  /** The risk in words, as the confirmation named it. */
  risk: z.string(),
  state: z.enum(['pending', 'kept', 'rolled-back', 'rollback-failed']),
  rollbackSeconds: z.number().int(),
  /** Milliseconds since the epoch when it rolls back unless kept. */
  deadline: z.number(),
  /** When it was kept or rolled back; null while pending. */
  resolvedAt: z.number().nullable(),
  /** Why it was rolled back ("not confirmed within 30 s"), or null. */
  reason: z.string().nullable(),
  /** What the rollback did, or what it could not do, in words; null while pending. */
  outcome: z.string().nullable(),
});
export type PendingChange = z.infer<typeof pendingChange>;

