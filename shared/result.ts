// How results cross every process boundary: data, never thrown objects. A stable `code` for
// programs, a `message` in words for people, and the offending `field` where there is one.
import { z } from 'zod';

export const errorCodes = [
  'invalid-input', // the request broke a rule of the contract; nothing was touched
  'not-found', // the namespace, interface, profile... does not exist
  'exists', // something by that name is already there
  'busy', // in use (a namespace held by processes, a device busy)
  'permission', // the kernel or NetworkManager said no
  'unsupported', // the kernel or a plugin cannot do this here
  'kernel', // another kernel error; the message carries errno and the kernel's own words
  'failed', // an operation ran and failed (a VPN that did not come up, a command that could not start)
  'timeout',
  'unavailable', // NetworkManager is not running, the core helper is down
  'auth-dismissed', // pkexec: the user dismissed the authentication dialog
  'not-authorized', // pkexec/polkit: the user may not do this
  'canceled',
  'needs-confirmation', // the change could cut this machine off (shared/guard.ts): ask, then call again confirmed
  'internal', // a bug: say so plainly
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  field: z.string().optional(),
  /** errno name for kernel errors (EEXIST), for programs and the activity log. */
  errno: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof errorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: errorSchema })]);

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, extra: Omit<ErrorInfo, 'code' | 'message'> = {}): Result<never> => ({
  ok: false,
  error: { code, message, ...extra },
});

/** An error that carries its ErrorInfo, for code that throws inside a process and converts at the boundary. */
export class StudioError extends Error {
  readonly info: ErrorInfo;
  constructor(code: ErrorCode, message: string, extra: Omit<ErrorInfo, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'StudioError';
    this.info = { code, message, ...extra };
  }
}

/** Turns anything thrown into ErrorInfo; unknown errors become "internal" with their message. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof StudioError) return e.info;
  if (e instanceof z.ZodError) return zodErrorInfo(e);
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message };
}

/** The first issue of a zod error, as "field: rule" (the field path joined with dots). */
export function zodErrorInfo(e: z.ZodError, prefix = ''): ErrorInfo {
  const issue = e.issues[0];
  if (!issue) return { code: 'invalid-input', message: 'invalid input' };
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  return { code: 'invalid-input', message: path ? `${path}: ${message}` : message, ...(path ? { field: path } : {}) };
}
