// What the client knows of NetworkManager: the VPN profiles, their active connections, the last
// failure of each, and the bookkeeping of connection attempts (final states that arrived before
// the call that caused them, and secret requests within an attempt). Plain data and the views
// built from it; loading it from D-Bus is loader.ts's, reacting to signals is signals.ts's.
import type { EventName, EventPayload } from '../../shared/contract';
import type { SecretRequest, VpnActive, VpnProfile } from '../../shared/vpn';
import { OPENVPN_SERVICE, parseRemote } from './openvpn-data';

/** Tells the client's listeners of a change, as the contract's events. */
export type Emit = <K extends EventName>(event: K, payload: EventPayload<K>) => void;

export interface Profile {
  path: string;
  uuid: string;
  name: string;
  connType: string;
  serviceType: string | null;
  data: Record<string, string>;
  autoconnect: boolean;
}

export interface Active extends VpnActive {
  connectionPath: string;
  ip4Path: string;
  ip6Path: string;
  /** It has been activated: a failure now means it went down, not that it did not come up. */
  wasUp: boolean;
}

/** A final ActiveConnection state (2 activated, 4 deactivated; -1: NetworkManager went away) and its reason. */
interface Settled {
  state: number;
  reason: number;
}

/** NMActiveConnectionStateReason 9 "no secrets" and 10 "login failed". */
const NO_SECRETS = 9;
const LOGIN_FAILED = 10;

export class VpnState {
  readonly profiles = new Map<string, Profile>(); // by settings path
  readonly actives = new Map<string, Active>(); // by active connection path
  readonly lastError = new Map<string, string>(); // by uuid
  /** Profiles (by uuid) whose attempt the user stopped with Disconnect while it was connecting. */
  readonly canceled = new Set<string>();
  /** Every connection's id and connection.secondaries (the VPNs it brings up with it), by path. */
  readonly secondaries = new Map<string, { id: string; uuids: string[] }>();
  /**
   * The last StateChanged / VpnStateChanged of each active path, numbered in arrival order, so a
   * load that was under way when a signal came does not overwrite it with older properties.
   */
  signalSeq = 0;
  readonly lastSignal = new Map<string, Settled & { seq: number }>();
  readonly lastVpnSignal = new Map<string, Settled & { seq: number }>();
  // Final states from StateChanged signals, by active path: a signal may arrive before the reply
  // of the ActivateConnection call that caused it.
  private readonly settled = new Map<string, Settled>();
  // Every caller waiting for a path's final state, by path: a connect and the Disconnect that
  // cancels it wait for the same path at the same time, and both must hear the answer.
  private readonly settleWaiters = new Map<string, Set<(s: Settled) => void>>();
  // Profiles whose current attempt was asked for secrets again (the server refused the first ones):
  // a "no secrets" end then really means the login failed. Keyed by lower-case uuid.
  private readonly refusedLogin = new Set<string>();
  private readonly askedInAttempt = new Set<string>();

  byUuid(uuid: string): Profile | undefined {
    for (const p of this.profiles.values()) if (p.uuid.toLowerCase() === uuid.toLowerCase()) return p;
    return undefined;
  }

  /**
   * Every profile, as the contract shows it, by name, then by uuid: an order of NetworkManager's
   * own (object paths, load order) changes when it restarts, and two profiles may share a name.
   */
  list(): VpnProfile[] {
    return this.sorted().map((p) => this.view(p));
  }

  /** The profiles in list order. */
  sorted(): Profile[] {
    return [...this.profiles.values()].sort((x, y) => x.name.localeCompare(y.name) || (x.uuid < y.uuid ? -1 : x.uuid > y.uuid ? 1 : 0));
  }

  view(p: Profile): VpnProfile {
    let active: Active | null = null;
    for (const a of this.actives.values()) {
      if (a.connectionPath !== p.path) continue;
      if (!active || active.state === 'deactivated') active = a;
    }
    const openvpn = p.connType !== 'wireguard' && p.serviceType === OPENVPN_SERVICE ? parseRemote(p.data) : null;
    const remote =
      p.connType === 'wireguard'
        ? p.data.remote ?? null
        : p.serviceType === OPENVPN_SERVICE
          ? openvpn?.host ?? null
          : p.data.remote ?? p.data.gateway ?? null;
    return {
      uuid: p.uuid,
      name: p.name,
      type: p.connType === 'wireguard' ? 'wireguard' : (p.serviceType ?? 'vpn').split('.').pop() ?? 'vpn',
      serviceType: p.serviceType,
      remote,
      remotePort: openvpn?.port ?? null,
      remoteProtocol: openvpn?.protocol ?? null,
      autoconnectWith: [...this.secondaries.values()].filter((c) => c.uuids.includes(p.uuid.toLowerCase())).map((c) => c.id),
      path: p.path,
      active: active
        ? { path: active.path, state: active.state, vpnState: active.vpnState, reason: active.reason, ipv4: active.ipv4, ipv6: active.ipv6, banner: active.banner, device: active.device }
        : null,
      lastError: this.lastError.get(p.uuid) ?? null,
    };
  }

  /** Drops a removed profile; returns it if it was a VPN we knew. */
  removeProfile(path: string): Profile | undefined {
    this.secondaries.delete(path);
    const p = this.profiles.get(path);
    if (!p) return undefined;
    this.profiles.delete(path);
    this.lastError.delete(p.uuid);
    return p;
  }

  /** An active connection left NetworkManager's list. */
  removeActive(path: string): void {
    this.actives.delete(path);
    this.lastSignal.delete(path);
    this.lastVpnSignal.delete(path);
  }

  /** NetworkManager went away: everything it told us is void. Returns the uuids of the profiles dropped. */
  forget(): string[] {
    const uuids = [...this.profiles.values()].map((p) => p.uuid);
    this.profiles.clear();
    this.actives.clear();
    this.secondaries.clear();
    // a new NetworkManager numbers its active connections from 1 again
    this.settled.clear();
    this.lastSignal.clear();
    this.lastVpnSignal.clear();
    const waiting = [...this.settleWaiters.values()].flatMap((set) => [...set]);
    this.settleWaiters.clear();
    for (const resolve of waiting) resolve({ state: -1, reason: 0 });
    return uuids;
  }

  // ---- attempts --------------------------------------------------------------------------------

  /**
   * Profiles (by uuid) our own connect call is waiting for. Their failure is told by that call, once,
   * with openvpn's words where NetworkManager has none (activation.ts), not first by the signal.
   */
  readonly connecting = new Set<string>();

  /** We start connecting p: its last failure and the secret requests of earlier attempts no longer count. */
  startAttempt(p: Profile): void {
    this.lastError.delete(p.uuid);
    this.canceled.delete(p.uuid);
    this.refusedLogin.delete(p.uuid.toLowerCase());
    this.askedInAttempt.delete(p.uuid.toLowerCase());
  }

  /** An attempt we did not start (another program's, or autoconnect) began. */
  attemptBegan(p: Profile, path: string): void {
    this.lastError.delete(p.uuid);
    if (!this.settleWaiters.has(path)) this.askedInAttempt.delete(p.uuid.toLowerCase());
  }

  /** The reason to believe: asked for the password twice, then "no secrets" means the server refused the first one. */
  reasonFor(p: Profile | undefined, reason: number): number {
    return reason === NO_SECRETS && p && this.refusedLogin.has(p.uuid.toLowerCase()) ? LOGIN_FAILED : reason;
  }

  /**
   * The request to show for the agent's request r. A second request in one attempt: either the
   * server refused the first answer (nm-openvpn asks again after AUTH_FAILED, with its stock
   * message and without REQUEST_NEW), or it sent a second-factor challenge (nm-openvpn 1.10 asks
   * for "password" again with the challenge's text as the message; later versions use
   * x-dynamic-challenge hints); with the password saved, the challenge is the first question.
   * A challenge's fields carry its text as their prompt, which is also how an answer to it is
   * told from a password (see saved-secrets.ts).
   */
  secretRequested(r: SecretRequest, retry: boolean): SecretRequest {
    const key = r.uuid.toLowerCase();
    const again = retry || this.askedInAttempt.has(key);
    this.askedInAttempt.add(key);
    const stock = !r.message || /^A password is required\.?$/i.test(r.message.trim());
    if (again && stock) {
      this.refusedLogin.add(key);
      return { ...r, message: `The server refused the last answer (wrong password?): try again.${r.message ? ` ${r.message}` : ''}` };
    }
    // The plugin's own text on a password question is a challenge's, also as the attempt's first
    // question (when the password is saved, the challenge is all that is asked).
    const challenge = !stock && (again || r.fields.some((f) => f.key === 'password'));
    if (challenge) return { ...r, fields: r.fields.map((f) => ({ ...f, prompt: f.prompt ?? r.message })) };
    return r;
  }

  // ---- final states ------------------------------------------------------------------------------

  settle(path: string, s: Settled): void {
    this.settled.set(path, s);
    if (this.settled.size > 200) this.settled.delete(this.settled.keys().next().value!);
    const waiting = this.settleWaiters.get(path);
    this.settleWaiters.delete(path);
    for (const resolve of waiting ?? []) resolve(s);
  }

  /** A new request on path: a final state it had before is not this request's. */
  unsettle(path: string): void {
    this.settled.delete(path);
  }

  /** The final state of path once it has one, or null after timeoutMs. */
  waitSettled(path: string, timeoutMs: number): Promise<Settled | null> {
    const done = this.settled.get(path);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      const waiting = this.settleWaiters.get(path) ?? new Set<(s: Settled) => void>();
      this.settleWaiters.set(path, waiting);
      const waiter = (s: Settled) => {
        clearTimeout(timer);
        resolve(s);
      };
      const timer = setTimeout(() => {
        waiting.delete(waiter);
        if (waiting.size === 0 && this.settleWaiters.get(path) === waiting) this.settleWaiters.delete(path);
        resolve(null);
      }, timeoutMs);
      waiting.add(waiter);
    });
  }
}
