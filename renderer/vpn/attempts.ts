// What this page's own connect and disconnect calls are doing, per profile: when a connect began
// (the panel counts it against the timeout), what a failed connect call answered (said under the
// profile: the call's sentence is the fullest, with the real reason from openvpn's log), and
// which profiles are being disconnected (their switch waits). Kept in one place, so the panel
// shows an attempt whichever place started it (its switch, the diagram's menus). Pure.
import type { Result } from '../../shared/result';

export interface VpnAttempts {
  /** uuid → when the connect began (ms). */
  started: ReadonlyMap<string, number>;
  /** uuid → the failed connect call's message, until the next attempt. */
  errors: ReadonlyMap<string, string>;
  /** The profiles a disconnect (or a cancel) is running for. */
  disconnecting: ReadonlySet<string>;
}

export const noAttempts: VpnAttempts = { started: new Map(), errors: new Map(), disconnecting: new Set() };

const withKey = <V>(m: ReadonlyMap<string, V>, uuid: string, v: V | undefined): Map<string, V> => {
  const n = new Map(m);
  if (v === undefined) n.delete(uuid);
  else n.set(uuid, v);
  return n;
};

/** A connect begins: counted from now, the last failure forgotten. */
export const connectBegan = (a: VpnAttempts, uuid: string, now: number): VpnAttempts => ({ ...a, started: withKey(a.started, uuid, now), errors: withKey(a.errors, uuid, undefined) });

/** A connect answered: a failure is kept to be said; a cancel is no error. */
export const connectEnded = (a: VpnAttempts, uuid: string, r: Result<unknown>): VpnAttempts => ({
  ...a,
  started: withKey(a.started, uuid, undefined),
  errors: !r.ok && r.error.code !== 'canceled' ? withKey(a.errors, uuid, r.error.message) : a.errors,
});

export const disconnectBegan = (a: VpnAttempts, uuid: string): VpnAttempts => ({ ...a, disconnecting: new Set(a.disconnecting).add(uuid) });

export function disconnectEnded(a: VpnAttempts, uuid: string): VpnAttempts {
  const disconnecting = new Set(a.disconnecting);
  disconnecting.delete(uuid);
  return { ...a, disconnecting };
}
