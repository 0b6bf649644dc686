// The NetworkManager client the hosts hold (as the desktop user) and netns-ctl uses: every vpn.*
// method of the contract and the vpn.* events. One bus connection; the profile list and live
// state are loaded once and then kept current from NetworkManager's signals only (no polling);
// NetworkManager stopping or restarting is a state ('vpn.status'), never a crash.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { methods, type EventName, type MethodOutput, type MethodParsedInput, type VpnMethodName } from '../../shared/contract';
import { StudioError, zodErrorInfo } from '../../shared/result';
import type { IpConfig, NmStatus, OpenVpnFields, VpnActive, VpnProfile } from '../../shared/vpn';
import { SecretAgent } from './agent';
import { NM, NM_PATH, Variant, callMethod, connectBus, nmError, onBusLost, unwrap, type DbusMessage, type MessageBus } from './bus';
import { nmcliExport, nmcliImport, type NmcliOptions } from './nmcli';
import { OPENVPN_SERVICE, fieldsToVpnData, parseRemote, vpnDataToFields } from './openvpn-data';
import { checkOpenvpnInlineBlocks, choosePlugin } from './plugin-choice';
import { activeStateName, failureText, reasonText, vpnStateName } from './reasons';

export type NmEventListener = (event: EventName, payload: unknown) => void;

export interface NmClient {
  call<K extends VpnMethodName>(method: K, input: MethodParsedInput<K>): Promise<MethodOutput<K>>;
  subscribe(listener: NmEventListener): () => void;
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
}

const SETTINGS_PATH = `${NM_PATH}/Settings`;
const I_SETTINGS = `${NM}.Settings`;
const I_CONN = `${NM}.Settings.Connection`;
const I_ACTIVE = `${NM}.Connection.Active`;
const I_VPN = `${NM}.VPN.Connection`;
const I_PROPS = 'org.freedesktop.DBus.Properties';
const NOT_RUNNING = 'NetworkManager is not running';

interface Profile {
  path: string;
  uuid: string;
  name: string;
  connType: string;
  serviceType: string | null;
  data: Record<string, string>;
  autoconnect: boolean;
}

interface Active extends VpnActive {
  connectionPath: string;
  ip4Path: string;
  ip6Path: string;
}

type Raw = Record<string, Record<string, unknown>>;
type Settled = { state: number; reason: number };

const isVpnType = (t: string) => t === 'vpn' || t === 'wireguard';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function createNmClient(options: NmClientOptions = {}): NmClient {
  const busAddress = options.busAddress ?? process.env.DBUS_SYSTEM_BUS_ADDRESS ?? 'unix:path=/var/run/dbus/system_bus_socket';
  const nmcliOpts: NmcliOptions = { nmcli: options.nmcli ?? 'nmcli', busAddress, home: options.home };
  const certDir = options.certDir ?? join(options.home ?? homedir(), '.cert', 'nm-openvpn');
  const listeners = new Set<NmEventListener>();
  const profiles = new Map<string, Profile>(); // by settings path
  const actives = new Map<string, Active>(); // by active connection path
  const lastError = new Map<string, string>(); // by uuid
  // Every connection's id and connection.secondaries (the VPNs it brings up with it), by path.
  const secondaries = new Map<string, { id: string; uuids: string[] }>();
  // Final states from StateChanged signals, by active path: a signal may arrive before the reply
  // of the ActivateConnection call that caused it.
  const settled = new Map<string, Settled>();
  const settleWaiters = new Map<string, (s: Settled) => void>();
  // The last StateChanged / VpnStateChanged of each active path, numbered in arrival order, so a
  // load that was under way when a signal came does not overwrite it with older properties.
  let signalSeq = 0;
  const lastSignal = new Map<string, Settled & { seq: number }>();
  const lastVpnSignal = new Map<string, Settled & { seq: number }>();
  // Profiles whose current attempt was asked for secrets again (the server refused the first ones):
  // a "no secrets" end then really means the login failed.
  const refusedLogin = new Set<string>();
  const askedInAttempt = new Set<string>();
  let bus: MessageBus | null = null;
  let connecting: Promise<void> | null = null;
  let agent: SecretAgent | null = null;
  let nmOwner: string | null = null;
  let status: NmStatus = { running: false, version: null, message: 'not connected yet' };
  let closed = false;
  let generation = 0; // bumped when NetworkManager goes away, so late loads are dropped

  const emit = (event: EventName, payload: unknown) => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch {
        // a listener's bug must not stop the others or our signal handling
      }
    }
  };
  const setStatus = (s: NmStatus) => {
    const changed = s.running !== status.running || s.message !== status.message || s.version !== status.version;
    status = s;
    if (changed) emit('vpn.status', s);
  };

  // ---- bus and NetworkManager presence ------------------------------------------------------
  async function ensureBus(): Promise<MessageBus> {
    if (closed) throw new StudioError('unavailable', 'the NetworkManager client is closed');
    if (bus) return bus;
    connecting ??= openBus().finally(() => (connecting = null));
    await connecting;
    if (!bus) throw new StudioError('unavailable', status.message ?? NOT_RUNNING);
    return bus;
  }

  async function openBus(): Promise<void> {
    let b: MessageBus | null = null;
    try {
      b = await connectBus(busAddress);
      const bb = b;
      onBusLost(bb, () => lostBus(bb));
      bb.on('message', (msg: DbusMessage) => onMessage(msg));
      const match = (rule: string) => callMethod(bb, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [rule]);
      await match(`type='signal',sender='${NM}'`);
      await match(`type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${NM}'`);
    } catch (e) {
      b?.disconnect();
      setStatus({ running: false, version: null, message: `the system bus is not reachable (${busAddress}): ${e instanceof Error ? e.message : String(e)}` });
      retryLater();
      return;
    }
    if (closed) {
      b.disconnect();
      return;
    }
    retryDelay = 1000;
    bus = b;
    if (options.agent !== false) {
      agent = new SecretAgent(b, options.agentId ?? 'netns-studio', {
        requested: (r, retry) => {
          // A second request in one attempt: either the server refused the first answer (nm-openvpn
          // asks again after AUTH_FAILED, with its stock message and without REQUEST_NEW), or it
          // sent a second-factor challenge (nm-openvpn 1.10 asks for "password" again with the
          // challenge's text as the message; later versions use x-dynamic-challenge hints).
          const key = r.uuid.toLowerCase();
          const again = retry || askedInAttempt.has(key);
          askedInAttempt.add(key);
          const stock = !r.message || /^A password is required\.?$/i.test(r.message.trim());
          if (again && stock) {
            refusedLogin.add(key);
            emit('vpn.secrets.requested', { ...r, message: `The server refused the last answer (wrong password?): try again.${r.message ? ` ${r.message}` : ''}` });
          } else if (again) {
            emit('vpn.secrets.requested', { ...r, fields: r.fields.map((f) => ({ ...f, prompt: f.prompt ?? r.message })) });
          } else emit('vpn.secrets.requested', r);
        },
        canceled: (id) => emit('vpn.secrets.canceled', { requestId: id }),
      });
    }
    const [owner] = await callMethod(b, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'GetNameOwner', 's', [NM]).catch(() => ['']);
    if (owner) await nmAppeared(String(owner));
    else setStatus({ running: false, version: null, message: NOT_RUNNING });
  }

  function lostBus(b: MessageBus) {
    if (bus !== b) return;
    nmGone('the connection to the system bus was lost');
    bus = null;
    agent = null;
    b.disconnect();
    retryLater();
  }

  // Without a bus there is no signal to wait for: try again, less and less often (1 s to 30 s).
  let retryTimer: NodeJS.Timeout | null = null;
  let retryDelay = 1000;
  function retryLater() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void ensureBus().catch(() => {});
    }, retryDelay);
    retryTimer.unref(); // never the reason a process (netns-ctl) stays alive
    retryDelay = Math.min(retryDelay * 2, 30_000);
  }

  async function nmAppeared(owner: string) {
    nmOwner = owner;
    const gen = generation;
    try {
      const b = bus!;
      const version = str(unwrap((await callMethod(b, NM, NM_PATH, I_PROPS, 'Get', 'ss', [NM, 'Version']))[0]));
      // Without our agent everything but password prompts still works: say so, do not fail.
      const agentProblem = await agent?.register().then(
        () => null,
        (e: unknown) => `NetworkManager runs, but our secret agent could not register (${nmError(e, 'RegisterWithCapabilities').message}): password prompts will not reach this app`,
      );
      const [paths] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'ListConnections')) as [string[]];
      await Promise.all(paths.map((p) => loadProfile(p, false)));
      const activePaths = unwrap((await callMethod(b, NM, NM_PATH, I_PROPS, 'Get', 'ss', [NM, 'ActiveConnections']))[0]) as string[];
      await syncActives(activePaths, false);
      if (gen !== generation) return;
      setStatus({ running: true, version, message: agentProblem ?? null });
      for (const p of profiles.values()) emit('vpn.changed', view(p));
    } catch (e) {
      if (gen !== generation) return;
      nmGone(`NetworkManager did not answer: ${nmError(e, 'loading').message}`);
      // If it went away, NameOwnerChanged tells us when it is back. But a NetworkManager that has
      // just taken its name may not have exported its settings yet: with the same owner still on
      // the bus nothing else will wake us, so look again shortly (a few times).
      if (loadRetries < 20) {
        loadRetries++;
        const retryGen = generation;
        setTimeout(() => {
          if (!closed && bus && nmOwner === null && generation === retryGen) void nmAppeared(owner);
        }, 500).unref();
      }
      return;
    }
    loadRetries = 0;
  }
  let loadRetries = 0;

  function nmGone(message: string) {
    generation++;
    nmOwner = null;
    const uuids = [...profiles.values()].map((p) => p.uuid);
    profiles.clear();
    actives.clear();
    secondaries.clear();
    // a new NetworkManager numbers its active connections from 1 again
    settled.clear();
    lastSignal.clear();
    lastVpnSignal.clear();
    agent?.forgetAll();
    for (const [path, resolve] of settleWaiters) {
      settleWaiters.delete(path);
      resolve({ state: -1, reason: 0 });
    }
    setStatus({ running: false, version: null, message });
    for (const uuid of uuids) emit('vpn.removed', { uuid });
  }

  // ---- signals -------------------------------------------------------------------------------
  function onMessage(msg: DbusMessage) {
    if (msg.type !== 4 /* SIGNAL */) return;
    if (msg.member === 'NameOwnerChanged' && msg.interface === 'org.freedesktop.DBus') {
      const [name, , newOwner] = msg.body as [string, string, string];
      if (name !== NM) return;
      if (newOwner) {
        if (nmOwner !== newOwner) {
          if (nmOwner) nmGone('NetworkManager restarted');
          void nmAppeared(newOwner);
        }
      } else if (nmOwner) nmGone(`${NOT_RUNNING} (it stopped)`);
      return;
    }
    if (!nmOwner || msg.sender !== nmOwner) return;
    const body = msg.body as unknown[];
    switch (`${msg.interface}.${msg.member}`) {
      case `${I_SETTINGS}.NewConnection`:
        void loadProfile(String(body[0]), true);
        return;
      case `${I_SETTINGS}.ConnectionRemoved`:
        removeProfile(String(body[0]));
        return;
      case `${I_CONN}.Updated`:
        void loadProfile(msg.path, true);
        return;
      case `${I_ACTIVE}.StateChanged`: {
        const [state, reason] = body as [number, number];
        onStateChanged(msg.path, state, reason);
        return;
      }
      case `${I_VPN}.VpnStateChanged`: {
        const [state, reason] = body as [number, number];
        lastVpnSignal.set(msg.path, { state, reason, seq: ++signalSeq });
        const a = actives.get(msg.path);
        if (a) {
          a.vpnState = vpnStateName(state);
          if (state === 6 /* failed */ || state === 7 /* disconnected */) a.reason = reasonText(reason);
          changedActive(a);
          if (state === 5 /* activated */) void loadActive(msg.path, true);
        }
        return;
      }
      case `${I_PROPS}.PropertiesChanged`: {
        const [iface, changed] = body as [string, Record<string, unknown>];
        if (msg.path === NM_PATH && iface === NM && 'ActiveConnections' in changed) {
          void syncActives(unwrap(changed.ActiveConnections) as string[], true);
        } else if (actives.has(msg.path) && (iface === I_ACTIVE || iface === I_VPN)) {
          if ('Ip4Config' in changed || 'Ip6Config' in changed || 'Banner' in changed || 'Devices' in changed) void loadActive(msg.path, true);
        } else if (iface === `${NM}.IP4Config` || iface === `${NM}.IP6Config`) {
          for (const a of actives.values()) if (a.ip4Path === msg.path || a.ip6Path === msg.path) void loadActive(a.path, true);
        }
        return;
      }
    }
  }

  function onStateChanged(path: string, state: number, reason0: number) {
    lastSignal.set(path, { state, reason: reason0, seq: ++signalSeq });
    const a = actives.get(path);
    const p = a ? profiles.get(a.connectionPath) : undefined;
    // asked for the password twice, then "no secrets": the server refused the first one
    const reason = reason0 === 9 && p && refusedLogin.has(p.uuid.toLowerCase()) ? 10 : reason0;
    if (state === 2 || state === 4) {
      settled.set(path, { state, reason });
      if (settled.size > 200) settled.delete(settled.keys().next().value!);
      settleWaiters.get(path)?.({ state, reason });
    }
    if (!a) return;
    a.state = activeStateName(state);
    a.reason = reasonText(reason);
    if (p && state === 4 && reason !== 1 && reason !== 2) lastError.set(p.uuid, failureText(p.name, reason));
    if (p && state === 1) {
      lastError.delete(p.uuid);
      if (!settleWaiters.has(path)) askedInAttempt.delete(p.uuid.toLowerCase()); // an attempt we did not start
    }
    changedActive(a);
  }

  function changedActive(a: Active) {
    const p = profiles.get(a.connectionPath);
    if (p) emit('vpn.changed', view(p));
  }

  // ---- loading objects -----------------------------------------------------------------------
  async function loadProfile(path: string, announce: boolean): Promise<Profile | null> {
    const b = bus;
    if (!b) return null;
    const gen = generation;
    let raw: Raw;
    try {
      raw = unwrap((await callMethod(b, NM, path, I_CONN, 'GetSettings'))[0]) as Raw;
    } catch {
      return null; // removed meanwhile: ConnectionRemoved follows
    }
    if (gen !== generation) return null;
    const conn = raw.connection ?? {};
    const type = str(conn.type);
    const before = secondaries.get(path)?.uuids.join() ?? '';
    secondaries.set(path, { id: str(conn.id), uuids: ((conn.secondaries ?? []) as string[]).map((u) => u.toLowerCase()) });
    if (!isVpnType(type)) {
      // a base connection's secondaries changed: the VPNs it names show it in autoconnectWith
      if (announce && before !== secondaries.get(path)!.uuids.join()) for (const p of profiles.values()) emit('vpn.changed', view(p));
      return null;
    }
    const vpn = raw.vpn ?? {};
    const p: Profile = {
      path,
      uuid: str(conn.uuid),
      name: str(conn.id),
      connType: type,
      serviceType: type === 'vpn' ? str(vpn['service-type']) || null : null,
      data: (vpn.data ?? {}) as Record<string, string>,
      autoconnect: conn.autoconnect !== false,
    };
    if (type === 'wireguard') {
      const peers = (raw.wireguard?.peers ?? []) as Array<Record<string, unknown>>;
      const endpoint = str(peers[0]?.endpoint);
      if (endpoint) p.data = { remote: endpoint };
    }
    profiles.set(path, p);
    if (announce) emit('vpn.changed', view(p));
    return p;
  }

  function removeProfile(path: string) {
    secondaries.delete(path);
    const p = profiles.get(path);
    if (!p) return;
    profiles.delete(path);
    lastError.delete(p.uuid);
    emit('vpn.removed', { uuid: p.uuid });
  }

  async function syncActives(paths: string[], announce: boolean) {
    for (const [path, a] of actives) {
      if (!paths.includes(path)) {
        actives.delete(path);
        lastSignal.delete(path);
        lastVpnSignal.delete(path);
        if (announce) changedActive(a);
      }
    }
    await Promise.all(paths.filter((p) => !actives.has(p)).map((p) => loadActive(p, announce)));
  }

  async function loadActive(path: string, announce: boolean): Promise<void> {
    const b = bus;
    if (!b) return;
    const gen = generation;
    let props: Record<string, unknown>;
    try {
      props = unwrap((await callMethod(b, NM, path, I_PROPS, 'GetAll', 's', [I_ACTIVE]))[0]) as Record<string, unknown>;
    } catch {
      return; // already gone
    }
    // signals up to here are older than these properties (D-Bus keeps one sender's messages in order)
    const seqAtProps = signalSeq;
    if (!isVpnType(str(props.Type)) && !props.Vpn) return;
    const connectionPath = str(props.Connection);
    let vpnProps: Record<string, unknown> = {};
    if (props.Vpn) {
      vpnProps = (unwrap((await callMethod(b, NM, path, I_PROPS, 'GetAll', 's', [I_VPN]).catch(() => [{}]))[0]) ?? {}) as Record<string, unknown>;
    }
    const seqAtVpnProps = signalSeq;
    const ip4Path = str(props.Ip4Config);
    const ip6Path = str(props.Ip6Config);
    const [ipv4, ipv6, baseDevice] = await Promise.all([
      ipConfig(b, ip4Path, 4),
      ipConfig(b, ip6Path, 6),
      props.Vpn ? Promise.resolve(null) : deviceName(b, (props.Devices as string[] | undefined)?.[0]),
    ]);
    const device = props.Vpn ? await tunnelDevice(b, ipv4) : baseDevice;
    if (gen !== generation) return;
    const prev = actives.get(path);
    const sig = lastSignal.get(path);
    const vpnSig = lastVpnSignal.get(path);
    // a signal that came after the properties were read is newer than they are
    const state = sig && sig.seq > seqAtProps ? sig.state : Number(props.State);
    const vpnState = vpnSig && vpnSig.seq > seqAtVpnProps ? vpnSig.state : Number(vpnProps.VpnState ?? 0);
    const a: Active = {
      path,
      connectionPath,
      ip4Path,
      ip6Path,
      state: activeStateName(state),
      vpnState: props.Vpn ? vpnStateName(vpnState) : null,
      reason: prev?.reason ?? (sig ? reasonText(sig.reason) : null),
      ipv4,
      ipv6,
      banner: str(vpnProps.Banner) || null,
      device: device ?? prev?.device ?? null,
    };
    // it may have left ActiveConnections while we were loading it
    if (!prev && !(await stillActive(b, path))) return;
    actives.set(path, a);
    if (announce) changedActive(a);
  }

  /** AddressData, Gateway and DNS of an IP4Config/IP6Config object ("/" = none). */
  async function ipConfig(b: MessageBus, path: string, family: 4 | 6): Promise<IpConfig | null> {
    if (!path || path === '/') return null;
    try {
      const props = unwrap((await callMethod(b, NM, path, I_PROPS, 'GetAll', 's', [`${NM}.IP${family}Config`]))[0]) as Record<string, unknown>;
      const addresses = ((props.AddressData ?? []) as Array<{ address?: string; prefix?: number }>).map((a) => `${a.address}/${a.prefix}`);
      const dns =
        family === 4
          ? ((props.NameserverData ?? []) as Array<{ address?: string }>).map((d) => String(d.address))
          : ((props.Nameservers ?? []) as Uint8Array[]).map(ipv6Text);
      // NM says 0.0.0.0 (or ::) for "no gateway" on a point-to-point tunnel
      const gateway = str(props.Gateway);
      return { addresses, gateway: gateway && gateway !== '0.0.0.0' && gateway !== '::' ? gateway : null, dns };
    } catch {
      return null;
    }
  }

  async function deviceName(b: MessageBus, path: string | undefined): Promise<string | null> {
    if (!path || path === '/') return null;
    try {
      return str(unwrap((await callMethod(b, NM, path, I_PROPS, 'Get', 'ss', [`${NM}.Device`, 'IpInterface']))[0])) || null;
    } catch {
      return null;
    }
  }

  /**
   * The interface a plugin VPN made (tun0...). NetworkManager lists only the base device on the
   * VPN's active connection; the tunnel is a device of its own that carries the VPN's addresses.
   */
  async function tunnelDevice(b: MessageBus, ipv4: IpConfig | null): Promise<string | null> {
    if (!ipv4?.addresses.length) return null;
    try {
      const [paths] = (await callMethod(b, NM, NM_PATH, NM, 'GetAllDevices')) as [string[]];
      for (const path of paths) {
        const props = unwrap((await callMethod(b, NM, path, I_PROPS, 'GetAll', 's', [`${NM}.Device`]))[0]) as Record<string, unknown>;
        // only a device that exists now and is up (a removed tunnel's object may keep its old config)
        if (props.Real !== true || props.State !== 100) continue;
        const cfg = await ipConfig(b, str(props.Ip4Config), 4);
        if (cfg && cfg.addresses.some((a) => ipv4.addresses.includes(a))) return str(props.IpInterface) || str(props.Interface) || null;
      }
    } catch {
      // a device went away while we looked: no name rather than a wrong one
    }
    return null;
  }

  async function stillActive(b: MessageBus, path: string): Promise<boolean> {
    try {
      const list = unwrap((await callMethod(b, NM, NM_PATH, I_PROPS, 'Get', 'ss', [NM, 'ActiveConnections']))[0]) as string[];
      return list.includes(path);
    } catch {
      return false;
    }
  }

  // ---- views ---------------------------------------------------------------------------------
  function view(p: Profile): VpnProfile {
    let active: Active | null = null;
    for (const a of actives.values()) {
      if (a.connectionPath !== p.path) continue;
      if (!active || active.state === 'deactivated') active = a;
    }
    const remote = p.connType === 'wireguard' ? p.data.remote ?? null : p.serviceType === OPENVPN_SERVICE ? parseRemote(p.data)?.host ?? null : p.data.remote ?? p.data.gateway ?? null;
    return {
      uuid: p.uuid,
      name: p.name,
      type: p.connType === 'wireguard' ? 'wireguard' : (p.serviceType ?? 'vpn').split('.').pop() ?? 'vpn',
      serviceType: p.serviceType,
      remote,
      autoconnectWith: [...secondaries.values()].filter((c) => c.uuids.includes(p.uuid.toLowerCase())).map((c) => c.id),
      path: p.path,
      active: active
        ? { path: active.path, state: active.state, vpnState: active.vpnState, reason: active.reason, ipv4: active.ipv4, ipv6: active.ipv6, banner: active.banner, device: active.device }
        : null,
      lastError: lastError.get(p.uuid) ?? null,
    };
  }

  async function requireRunning(): Promise<MessageBus> {
    const b = await ensureBus();
    if (!nmOwner || !status.running) throw new StudioError('unavailable', status.message ?? NOT_RUNNING);
    return b;
  }

  function byUuid(uuid: string): Profile {
    for (const p of profiles.values()) if (p.uuid.toLowerCase() === uuid.toLowerCase()) return p;
    throw new StudioError('not-found', `no VPN profile with uuid ${uuid}`, { field: 'uuid' });
  }

  async function profileByUuid(b: MessageBus, uuid: string): Promise<Profile> {
    try {
      return byUuid(uuid);
    } catch (e) {
      // a profile just added may be known to NetworkManager before its NewConnection reached us
      const [path] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'GetConnectionByUuid', 's', [uuid]).catch(() => [null])) as [string | null];
      const p = path ? await loadProfile(path, false) : null;
      if (!p) throw e;
      return p;
    }
  }

  // ---- settings ------------------------------------------------------------------------------
  async function rawSettings(b: MessageBus, p: Profile): Promise<Record<string, Record<string, InstanceType<typeof Variant>>>> {
    return (await callMethod(b, NM, p.path, I_CONN, 'GetSettings'))[0] as Record<string, Record<string, InstanceType<typeof Variant>>>;
  }

  /** The stored secrets (GetSecrets) of the profile's secret setting, or {} when it has none. */
  async function storedSecrets(b: MessageBus, p: Profile): Promise<Record<string, Record<string, InstanceType<typeof Variant>>>> {
    const setting = p.connType === 'wireguard' ? 'wireguard' : 'vpn';
    try {
      return (await callMethod(b, NM, p.path, I_CONN, 'GetSecrets', 's', [setting]))[0] as Record<string, Record<string, InstanceType<typeof Variant>>>;
    } catch {
      return {};
    }
  }

  /** Update2 (to disk) with the profile's stored secrets merged in, so an edit never drops them. */
  async function updateKeepingSecrets(b: MessageBus, p: Profile, edit: (raw: Record<string, Record<string, InstanceType<typeof Variant>>>, secrets: Record<string, string>) => void) {
    const raw = await rawSettings(b, p);
    const stored = await storedSecrets(b, p);
    let vpnSecrets: Record<string, string> = {};
    for (const [setting, values] of Object.entries(stored)) {
      for (const [key, v] of Object.entries(values)) {
        if (setting === 'vpn' && key === 'secrets') vpnSecrets = { ...(unwrap(v) as Record<string, string>) };
        else if (key !== 'peers') (raw[setting] ??= {})[key] = v;
      }
    }
    edit(raw, vpnSecrets);
    if (raw.vpn) raw.vpn.secrets = new Variant('a{ss}', vpnSecrets);
    await callMethod(b, NM, p.path, I_CONN, 'Update2', 'a{sa{sv}}ua{sv}', [raw, 0x1 /* TO_DISK */, {}]);
  }

  const fileKeys = ['ca', 'cert', 'key', 'staticKey', 'tlsAuth', 'tlsCrypt'] as const;

  /** Writes inline PEM to a private file (NetworkManager's openvpn plugin takes paths); checks paths exist. */
  async function fileFields(f: OpenVpnFields, uuid: string): Promise<OpenVpnFields> {
    const out = { ...f };
    for (const key of fileKeys) {
      const v = out[key];
      if (!v) continue;
      if (v.trimStart().startsWith('-----BEGIN')) {
        await mkdir(certDir, { recursive: true, mode: 0o700 });
        const file = join(certDir, `${uuid}-${key}.pem`);
        await writeFile(file, v.endsWith('\n') ? v : `${v}\n`, { mode: 0o600 });
        out[key] = file;
      } else {
        await stat(v).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') throw new StudioError('invalid-input', `${key}: the file ${v} does not exist`, { field: key });
        });
      }
    }
    return out;
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

  // ---- connect / disconnect --------------------------------------------------------------------
  function waitSettled(path: string, timeoutMs: number): Promise<Settled | null> {
    const done = settled.get(path);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settleWaiters.delete(path);
        resolve(null);
      }, timeoutMs);
      settleWaiters.set(path, (s) => {
        clearTimeout(timer);
        settleWaiters.delete(path);
        resolve(s);
      });
    });
  }

  async function connect(uuid: string, timeoutMs: number): Promise<VpnProfile> {
    const b = await requireRunning();
    const p = await profileByUuid(b, uuid);
    lastError.delete(p.uuid);
    refusedLogin.delete(p.uuid.toLowerCase());
    askedInAttempt.delete(p.uuid.toLowerCase());
    let activePath: string;
    try {
      // device "/" and specific object "/": NetworkManager picks the default connection as the base
      [activePath] = (await callMethod(b, NM, NM_PATH, NM, 'ActivateConnection', 'ooo', [p.path, '/', '/'])) as [string];
    } catch (e) {
      throw nmError(e, `connecting ${p.name}`);
    }
    const s = await waitSettled(activePath, timeoutMs);
    if (!s) {
      await callMethod(b, NM, NM_PATH, NM, 'DeactivateConnection', 'o', [activePath]).catch(() => {});
      throw new StudioError('timeout', `the VPN ${p.name} did not come up within ${Math.round(timeoutMs / 1000)} s`);
    }
    if (s.state === -1) throw new StudioError('unavailable', `${NOT_RUNNING}: it went away while ${p.name} was connecting`);
    if (s.state !== 2) {
      const reason = s.reason === 9 && refusedLogin.has(p.uuid.toLowerCase()) ? 10 : s.reason;
      const message = failureText(p.name, reason);
      lastError.set(p.uuid, message);
      throw new StudioError('failed', message);
    }
    await loadActive(activePath, true);
    return view(p);
  }

  async function disconnect(uuid: string): Promise<VpnProfile> {
    const b = await requireRunning();
    const p = await profileByUuid(b, uuid);
    const mine = [...actives.values()].filter((a) => a.connectionPath === p.path && a.state !== 'deactivated');
    for (const a of mine) {
      settled.delete(a.path);
      try {
        await callMethod(b, NM, NM_PATH, NM, 'DeactivateConnection', 'o', [a.path]);
      } catch (e) {
        if (!/not active/i.test(String((e as { text?: string }).text ?? ''))) throw nmError(e, `disconnecting ${p.name}`);
      }
      await waitSettled(a.path, 15_000);
    }
    return view(p);
  }

  // ---- the methods -----------------------------------------------------------------------------
  async function dispatch(method: VpnMethodName, input: never): Promise<unknown> {
    switch (method) {
      case 'vpn.status':
        if (!closed) await ensureBus().catch(() => {});
        return status;
      case 'vpn.list': {
        await requireRunning();
        return [...profiles.values()].map(view).sort((x, y) => x.name.localeCompare(y.name));
      }
      case 'vpn.get': {
        const { uuid } = input as MethodParsedInput<'vpn.get'>;
        const b = await requireRunning();
        const p = await profileByUuid(b, uuid);
        // GetSettings leaves out values at their default (autoconnect is on by default): the
        // profile as loaded already reads that right.
        const fields = p.serviceType === OPENVPN_SERVICE ? vpnDataToFields(p.name, p.autoconnect, p.data) : null;
        return { profile: view(p), fields };
      }
      case 'vpn.import': {
        const { fileName, content } = input as MethodParsedInput<'vpn.import'>;
        const plugin = choosePlugin(fileName, content);
        if (plugin.pluginNameFile && !existsSync(join(options.vpnPluginDir ?? '/usr/lib/NetworkManager/VPN', plugin.pluginNameFile))) {
          throw new StudioError('unsupported', `NetworkManager's ${plugin.label} plugin is not installed: install the Debian package ${plugin.debianPackage}`);
        }
        if (plugin.nmcliType === 'openvpn') checkOpenvpnInlineBlocks(fileName, content);
        const b = await requireRunning();
        const uuid = await nmcliImport(nmcliOpts, plugin, fileName, content);
        return view(await profileByUuid(b, uuid));
      }
      case 'vpn.create': {
        const fields = input as MethodParsedInput<'vpn.create'>;
        const b = await requireRunning();
        const uuid = randomUUID();
        const f = await fileFields(fields, uuid);
        const { data, secrets } = fieldsToVpnData(f);
        const settings = {
          connection: { id: new Variant('s', f.name), uuid: new Variant('s', uuid), type: new Variant('s', 'vpn'), autoconnect: new Variant('b', f.autoconnect) },
          vpn: { 'service-type': new Variant('s', OPENVPN_SERVICE), data: new Variant('a{ss}', data), secrets: new Variant('a{ss}', secrets) },
          ipv4: { method: new Variant('s', 'auto') },
          ipv6: { method: new Variant('s', 'auto') },
        };
        let path: string;
        try {
          [path] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'AddConnection', 'a{sa{sv}}', [settings])) as [string];
        } catch (e) {
          throw nmError(e, `creating ${f.name}`);
        }
        const p = profiles.get(path) ?? (await loadProfile(path, false));
        if (!p) throw new StudioError('internal', `NetworkManager added ${f.name} but it cannot be read back`);
        return view(p);
      }
      case 'vpn.update': {
        const { uuid, fields } = input as MethodParsedInput<'vpn.update'>;
        const b = await requireRunning();
        const p = await profileByUuid(b, uuid);
        if (p.serviceType !== OPENVPN_SERVICE) throw new StudioError('unsupported', `${p.name} is not an OpenVPN profile: only OpenVPN profiles are edited with the form`, { field: 'uuid' });
        const f = await fileFields(fields, p.uuid);
        try {
          await updateKeepingSecrets(b, p, (raw, secrets) => {
            const { data, secrets: given } = fieldsToVpnData(f, p.data);
            raw.connection!.id = new Variant('s', f.name);
            raw.connection!.autoconnect = new Variant('b', f.autoconnect);
            raw.vpn!.data = new Variant('a{ss}', data);
            Object.assign(secrets, given);
            // a secret now asked for every time must not stay stored
            if (f.passwordFlag === 'ask') delete secrets.password;
            if (f.keyPasswordFlag === 'ask') delete secrets['cert-pass'];
          });
        } catch (e) {
          throw nmError(e, `changing ${p.name}`);
        }
        return view((await loadProfile(p.path, false)) ?? p);
      }
      case 'vpn.rename': {
        const { uuid, name } = input as MethodParsedInput<'vpn.rename'>;
        const b = await requireRunning();
        const p = await profileByUuid(b, uuid);
        try {
          await updateKeepingSecrets(b, p, (raw) => {
            raw.connection!.id = new Variant('s', name);
          });
        } catch (e) {
          throw nmError(e, `renaming ${p.name}`);
        }
        return view((await loadProfile(p.path, false)) ?? p);
      }
      case 'vpn.delete': {
        const { uuid } = input as MethodParsedInput<'vpn.delete'>;
        const b = await requireRunning();
        const p = await profileByUuid(b, uuid);
        try {
          await callMethod(b, NM, p.path, I_CONN, 'Delete');
        } catch (e) {
          throw nmError(e, `deleting ${p.name}`);
        }
        removeProfile(p.path);
        // the files we wrote for its inline PEM (nmcli's importer keeps its own, as nmcli does)
        await Promise.all(fileKeys.map((k) => rm(join(certDir, `${p.uuid}-${k}.pem`), { force: true }))).catch(() => {});
        return {};
      }
      case 'vpn.export': {
        const { uuid } = input as MethodParsedInput<'vpn.export'>;
        const b = await requireRunning();
        const p = await profileByUuid(b, uuid);
        const content = await nmcliExport(nmcliOpts, p.uuid);
        const ext = p.connType === 'wireguard' ? 'conf' : 'ovpn';
        return { fileName: `${p.name.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`, content };
      }
      case 'vpn.connect': {
        const { uuid, timeoutMs } = input as MethodParsedInput<'vpn.connect'>;
        return connect(uuid, timeoutMs);
      }
      case 'vpn.disconnect':
        return disconnect((input as MethodParsedInput<'vpn.disconnect'>).uuid);
      case 'vpn.secrets.answer': {
        const { requestId, secrets, save } = input as MethodParsedInput<'vpn.secrets.answer'>;
        const b = await requireRunning();
        if (!agent) throw new StudioError('unsupported', 'this client runs without a secret agent');
        const { request } = agent.request(requestId);
        agent.answer(requestId, secrets);
        if (save) {
          // keep them in NetworkManager from now on: flags 0 = saved by NetworkManager
          const p = await profileByUuid(b, request.uuid);
          await updateKeepingSecrets(b, p, (raw, stored) => {
            const data = { ...(unwrap(raw.vpn?.data) as Record<string, string>) };
            for (const [k, v] of Object.entries(secrets)) {
              stored[k] = v;
              data[`${k}-flags`] = '0';
            }
            raw.vpn!.data = new Variant('a{ss}', data);
          }).catch((e) => {
            throw nmError(e, `saving the secrets of ${p.name}`);
          });
        }
        return {};
      }
      case 'vpn.secrets.cancel': {
        const { requestId } = input as MethodParsedInput<'vpn.secrets.cancel'>;
        if (!agent) throw new StudioError('unsupported', 'this client runs without a secret agent');
        agent.cancel(requestId);
        return {};
      }
    }
    throw new StudioError('invalid-input', `unknown VPN method ${String(method)}`);
  }

  // Start connecting right away, so events flow before the first call.
  void ensureBus().catch(() => {});

  return {
    async call(method, input) {
      const parsed = checkInput(method, input);
      return (await dispatch(method, parsed as never)) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await connecting?.catch(() => {});
      const b = bus;
      bus = null;
      if (b) {
        await agent?.unregister();
        agent?.detach();
        b.disconnect();
      }
      listeners.clear();
    },
  };
}

/** 16 bytes of an IPv6 address as text (groups in hex, zeros not compressed: enough for display). */
function ipv6Text(bytes: Uint8Array): string {
  const b = Array.from(bytes);
  const groups: string[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) groups.push((((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}
