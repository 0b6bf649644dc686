// The NetworkManager client the hosts hold (as the desktop user) and netns-ctl uses: every vpn.*
// method of the contract and the vpn.* events. One bus connection; the profile list and live
// state are loaded once and then kept current from NetworkManager's signals only (no polling);
// NetworkManager stopping or restarting is a state ('vpn.status'), never a crash.
//
// Its parts: presence.ts (the bus, NetworkManager coming and going, our secret agent), state.ts
// (profiles, active connections, attempts), loader.ts (reading them over D-Bus), signals.ts
// (keeping them current), handlers.ts (one handler per method), activation.ts (connect and
// disconnect), settings.ts and saved-secrets.ts (edits that keep secrets), cert-files.ts.
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { methods, type EventName, type MethodOutput, type MethodParsedInput, type VpnMethodName } from '../../shared/contract';
import { StudioError, zodErrorInfo } from '../../shared/result';
import { vpnHandlers } from './handlers';
import { Loader } from './loader';
import { fileLog, journalLog, type PluginLog } from './plugin-log';
import { Presence } from './presence';
import { Signals } from './signals';
import { VpnState, type Emit } from './state';

export interface NmClient {
  call<K extends VpnMethodName>(method: K, input: MethodParsedInput<K>): Promise<MethodOutput<K>>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

export interface NmClientOptions {
  /** D-Bus address of the system bus; default DBUS_SYSTEM_BUS_ADDRESS or the standard socket. */
  busAddress?: string;
  /** Register our secret agent (default true). */
  agent?: boolean;
  /** The agent's identifier; one per user and program (NetworkManager refuses a second one with the same id). */
  agentId?: string;
  /** Where inline PEM from the form is written (default ~/.cert/nm-openvpn, where nmcli's importer puts them). */
  certDir?: string;
  /** HOME for nmcli (default the user's). */
  home?: string;
  nmcli?: string;
  /** Where NetworkManager's VPN plugins put their .name files (default /usr/lib/NetworkManager/VPN). */
  vpnPluginDir?: string;
  /**
   * The user who owns the profiles we create (connection.permissions user:NAME, which needs only
   * polkit's settings.modify.own). Default: the user this process runs as, except root, whose
   * profiles (netns-ctl) stay system-wide; null: system-wide (needs settings.modify.system).
   */
  owner?: string | null;
  /** Where the VPN plugin's own log is read for the real reason of a failure (default the journal); null: nowhere. */
  pluginLog?: PluginLog | null;
}

/** The default owner of created profiles: the desktop user, never root. */
function defaultOwner(): string | null {
  const me = userInfo();
  return me.uid === 0 ? null : me.username;
}

/** The rules of the contract again, here at the door to NetworkManager: nothing invalid reaches it. */
function checkInput<K extends VpnMethodName>(method: K, input: unknown): MethodParsedInput<K> {
  const spec = methods[method] as (typeof methods)[VpnMethodName] | undefined;
  if (!spec || spec.side !== 'vpn') throw new StudioError('invalid-input', `${String(method)} is not a VPN method`);
  const r = spec.input.safeParse(input);
  if (!r.success) {
    const info = zodErrorInfo(r.error);
    throw new StudioError('invalid-input', info.message, info.field ? { field: info.field } : {});
  }
  return r.data as MethodParsedInput<K>;
}

export function createNmClient(options: NmClientOptions = {}): NmClient {
  const busAddress = options.busAddress ?? process.env.DBUS_SYSTEM_BUS_ADDRESS ?? 'unix:path=/var/run/dbus/system_bus_socket';
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const emit: Emit = (event, payload) => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch {
        // a listener's bug must not stop the others or our signal handling
      }
    }
  };

  const state = new VpnState();
  const presence: Presence = new Presence({
    busAddress,
    agentId: options.agent === false ? null : options.agentId ?? 'netns-studio',
    agentEvents: {
      present: (r, retry) => state.secretRequested(r, retry),
      requested: (r) => emit('vpn.secrets.requested', r),
      canceled: (requestId) => emit('vpn.secrets.canceled', { requestId }),
    },
    emit,
    load: (b) => loader.loadAll(b),
    loaded: () => loader.announceAll(),
    forget: () => state.forget(),
    signal: (msg) => signals.apply(msg),
  });
  const loader = new Loader(presence, state, emit);
  const signals = new Signals(state, loader);
  const handlers = vpnHandlers({
    presence,
    state,
    loader,
    nmcli: { nmcli: options.nmcli ?? 'nmcli', busAddress, home: options.home },
    certDir: options.certDir ?? join(options.home ?? homedir(), '.cert', 'nm-openvpn'),
    vpnPluginDir: options.vpnPluginDir ?? '/usr/lib/NetworkManager/VPN',
    owner: options.owner === undefined ? defaultOwner() : options.owner,
    // NETNS_STUDIO_VPN_LOG: openvpn's log file where it logs to a file, not the journal (the test fixture)
    pluginLog: options.pluginLog === undefined ? (process.env.NETNS_STUDIO_VPN_LOG ? fileLog(process.env.NETNS_STUDIO_VPN_LOG) : journalLog()) : options.pluginLog,
  });

  // Start connecting right away, so events flow before the first call.
  presence.ensureBus().catch(() => {});

  return {
    async call(method, input) {
      return handlers[method](checkInput(method, input));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (presence.isClosed) return;
      await presence.close();
      listeners.clear();
    },
  };
}
