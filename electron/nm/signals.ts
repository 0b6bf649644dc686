// NetworkManager's signals, applied to the client's state: profiles added, changed and removed,
// active connections coming and going and changing state. After the first load this is how the
// client stays current (it never polls).
import { I_ACTIVE, I_CONN, I_PROPS, I_SETTINGS, I_VPN, NM, NM_PATH, unwrap, type DbusMessage } from './bus';
import type { Loader } from './loader';
import { activeStateName, droppedText, failureText, reasonText, vpnStateName } from './reasons';
import type { VpnState } from './state';

/** NMActiveConnectionState and NMVpnConnectionState numbers the client acts on. */
const ACTIVATING = 1;
const ACTIVATED = 2;
const DEACTIVATED = 4;
const VPN_ACTIVATED = 5;
const VPN_FAILED = 6;
const VPN_DISCONNECTED = 7;
/** Reasons that are no failure: "none" and "disconnected by the user". */
const REASON_NONE = 1;
const REASON_USER = 2;

export class Signals {
  constructor(
    private readonly state: VpnState,
    private readonly loader: Loader,
  ) {}

  /** One signal from the NetworkManager we loaded (its sender checked by the caller). */
  apply(msg: DbusMessage): void {
    const { state, loader } = this;
    const body = msg.body as unknown[];
    switch (`${msg.interface}.${msg.member}`) {
      case `${I_SETTINGS}.NewConnection`:
        void loader.loadProfile(String(body[0]), true);
        return;
      case `${I_SETTINGS}.ConnectionRemoved`:
        loader.removeProfile(String(body[0]));
        return;
      case `${I_CONN}.Updated`:
        void loader.loadProfile(msg.path, true);
        return;
      case `${I_ACTIVE}.StateChanged`: {
        const [s, reason] = body as [number, number];
        this.stateChanged(msg.path, s, reason);
        return;
      }
      case `${I_VPN}.VpnStateChanged`: {
        const [s, reason] = body as [number, number];
        state.lastVpnSignal.set(msg.path, { state: s, reason, seq: ++state.signalSeq });
        const a = state.actives.get(msg.path);
        if (a) {
          a.vpnState = vpnStateName(s);
          if (s === VPN_FAILED || s === VPN_DISCONNECTED) a.reason = reasonText(reason);
          loader.changedActive(a);
          if (s === VPN_ACTIVATED) void loader.loadActive(msg.path, true);
        }
        return;
      }
      case `${I_PROPS}.PropertiesChanged`: {
        const [iface, changed] = body as [string, Record<string, unknown>];
        if (msg.path === NM_PATH && iface === NM && 'ActiveConnections' in changed) {
          void loader.syncActives(unwrap(changed.ActiveConnections) as string[], true);
        } else if (state.actives.has(msg.path) && (iface === I_ACTIVE || iface === I_VPN)) {
          if ('Ip4Config' in changed || 'Ip6Config' in changed || 'Banner' in changed || 'Devices' in changed) void loader.loadActive(msg.path, true);
        } else if (iface === `${NM}.IP4Config` || iface === `${NM}.IP6Config`) {
          for (const a of state.actives.values()) if (a.ip4Path === msg.path || a.ip6Path === msg.path) void loader.loadActive(a.path, true);
        }
        return;
      }
    }
  }

  private stateChanged(path: string, s: number, reason0: number): void {
    const { state } = this;
    state.lastSignal.set(path, { state: s, reason: reason0, seq: ++state.signalSeq });
    const a = state.actives.get(path);
    const p = a ? state.profiles.get(a.connectionPath) : undefined;
    const reason = state.reasonFor(p, reason0);
    if (s === ACTIVATED || s === DEACTIVATED) state.settle(path, { state: s, reason });
    if (!a) return;
    a.state = activeStateName(s);
    a.reason = reasonText(reason);
    if (s === ACTIVATED) a.wasUp = true;
    // An attempt of our own connect call is told by that call (with openvpn's words for NetworkManager's
    // "unknown reason"); told here as well, the page would show "unknown reason" first, then the real one.
    const ours = p && !a.wasUp && state.connecting.has(p.uuid);
    if (p && !ours && s === DEACTIVATED && reason !== REASON_NONE && reason !== REASON_USER) state.lastError.set(p.uuid, a.wasUp ? droppedText(p.name, reason) : failureText(p.name, reason));
    if (p && s === ACTIVATING) state.attemptBegan(p, path);
    this.loader.changedActive(a);
  }
}
