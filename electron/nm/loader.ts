// Reading NetworkManager's objects over D-Bus into the client's state: connection profiles
// (Settings.Connection.GetSettings), active connections with their IP configuration and device.
// Every load checks the generation afterwards: a load that was under way when NetworkManager went
// away is dropped, not mixed into what the next NetworkManager says.
import { formatIp } from '../../shared/ip';
import { StudioError } from '../../shared/result';
import type { IpConfig } from '../../shared/vpn';
import { I_ACTIVE, I_CONN, I_PROPS, I_SETTINGS, I_VPN, NM, NM_PATH, SETTINGS_PATH, callMethod, str, unwrap, type MessageBus } from './bus';
import { activeStateName, reasonText, vpnStateName } from './reasons';
import type { Active, Emit, Profile, VpnState } from './state';

/** The bus while there is one, and the generation: bumped each time NetworkManager goes away. */
export interface BusView {
  readonly bus: MessageBus | null;
  readonly generation: number;
  /**
   * NetworkManager is loaded and reported running. Before that nothing is announced one by one:
   * signals that come while it is being loaded would announce profiles in its own order, and a
   * panel that adds them as they come would change its order with every restart; the load
   * announces them all, in list order, once it is done (announceAll).
   */
  readonly ready: boolean;
}

type Raw = Record<string, Record<string, unknown>>;

const isVpnType = (t: string) => t === 'vpn' || t === 'wireguard';

export class Loader {
  constructor(
    private readonly from: BusView,
    private readonly state: VpnState,
    private readonly emit: Emit,
  ) {}

  /** Every connection and active connection NetworkManager has (ListConnections, ActiveConnections). */
  async loadAll(b: MessageBus): Promise<void> {
    const [paths] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'ListConnections')) as [string[]];
    await Promise.all(paths.map((p) => this.loadProfile(p, false)));
    const activePaths = unwrap((await callMethod(b, NM, NM_PATH, I_PROPS, 'Get', 'ss', [NM, 'ActiveConnections']))[0]) as string[];
    await this.syncActives(activePaths, false);
  }

  /** Announces every profile (after a load of everything), in list order: a panel that adds them as they come shows the same order after a restart. */
  announceAll(): void {
    for (const p of this.state.sorted()) this.emit('vpn.changed', this.state.view(p));
  }

  /**
   * Reads one connection. A VPN becomes (or updates) a profile; for any other connection only its
   * connection.secondaries are kept, since they name the VPNs it brings up. Null when it is not a
   * VPN or is gone.
   */
  async loadProfile(path: string, announce: boolean): Promise<Profile | null> {
    const b = this.from.bus;
    if (!b) return null;
    const gen = this.from.generation;
    let raw: Raw;
    try {
      raw = unwrap((await callMethod(b, NM, path, I_CONN, 'GetSettings'))[0]) as Raw;
    } catch {
      return null; // removed meanwhile: ConnectionRemoved follows
    }
    if (gen !== this.from.generation) return null;
    const { state } = this;
    const conn = raw.connection ?? {};
    const type = str(conn.type);
    const before = state.secondaries.get(path)?.uuids.join() ?? '';
    const uuids = ((conn.secondaries ?? []) as string[]).map((u) => u.toLowerCase());
    state.secondaries.set(path, { id: str(conn.id), uuids });
    if (!isVpnType(type)) {
      // a base connection's secondaries changed: the VPNs it names show it in autoconnectWith
      if (announce && this.from.ready && before !== uuids.join()) this.announceAll();
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
    state.profiles.set(path, p);
    if (announce && this.from.ready) this.emit('vpn.changed', state.view(p));
    return p;
  }

  /** The VPN profile with this uuid; one NetworkManager has but we have not loaded yet is loaded first. */
  async profileByUuid(b: MessageBus, uuid: string): Promise<Profile> {
    const known = this.state.byUuid(uuid);
    if (known) return known;
    // a profile just added may be known to NetworkManager before its NewConnection reached us
    const [path] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'GetConnectionByUuid', 's', [uuid]).catch(() => [null])) as [string | null];
    const p = path ? await this.loadProfile(path, false) : null;
    if (!p) throw new StudioError('not-found', `no VPN profile with uuid ${uuid}`, { field: 'uuid' });
    return p;
  }

  /** The profile was deleted (by us or by another program). */
  removeProfile(path: string): void {
    const p = this.state.removeProfile(path);
    if (p) this.emit('vpn.removed', { uuid: p.uuid });
  }

  /** Makes the active connections we know the ones in `paths` (NetworkManager's ActiveConnections). */
  async syncActives(paths: string[], announce: boolean): Promise<void> {
    for (const [path, a] of this.state.actives) {
      if (!paths.includes(path)) {
        this.state.removeActive(path);
        if (announce) this.changedActive(a);
      }
    }
    await Promise.all(paths.filter((p) => !this.state.actives.has(p)).map((p) => this.loadActive(p, announce)));
  }

  /** The profile of an active connection changed state: tell the listeners. */
  changedActive(a: Active): void {
    const p = this.state.profiles.get(a.connectionPath);
    if (p) this.announce(p);
  }

  /** Something of p changed (its state, its last failure): tell the listeners, unless p was deleted meanwhile. */
  announce(p: Profile): void {
    const now = this.state.profiles.get(p.path); // read again since, or gone
    if (this.from.ready && now) this.emit('vpn.changed', this.state.view(now));
  }

  /** Reads an active connection (VPN or WireGuard; others are ignored) with its IP configuration and device. */
  async loadActive(path: string, announce: boolean): Promise<void> {
    const b = this.from.bus;
    if (!b) return;
    const gen = this.from.generation;
    const { state } = this;
    let props: Record<string, unknown>;
    try {
      props = unwrap((await callMethod(b, NM, path, I_PROPS, 'GetAll', 's', [I_ACTIVE]))[0]) as Record<string, unknown>;
    } catch {
      return; // already gone
    }
    // signals up to here are older than these properties (D-Bus keeps one sender's messages in order)
    const seqAtProps = state.signalSeq;
    if (!isVpnType(str(props.Type)) && !props.Vpn) return;
    const connectionPath = str(props.Connection);
    let vpnProps: Record<string, unknown> = {};
    if (props.Vpn) {
      vpnProps = (unwrap((await callMethod(b, NM, path, I_PROPS, 'GetAll', 's', [I_VPN]).catch(() => [{}]))[0]) ?? {}) as Record<string, unknown>;
    }
    const seqAtVpnProps = state.signalSeq;
    const ip4Path = str(props.Ip4Config);
    const ip6Path = str(props.Ip6Config);
    const [ipv4, ipv6, baseDevice] = await Promise.all([
      ipConfig(b, ip4Path, 4),
      ipConfig(b, ip6Path, 6),
      props.Vpn ? Promise.resolve(null) : deviceName(b, (props.Devices as string[] | undefined)?.[0]),
    ]);
    const device = props.Vpn ? await tunnelDevice(b, ipv4) : baseDevice;
    if (gen !== this.from.generation) return;
    const prev = state.actives.get(path);
    const sig = state.lastSignal.get(path);
    const vpnSig = state.lastVpnSignal.get(path);
    // a signal that came after the properties were read is newer than they are
    const activeState = sig && sig.seq > seqAtProps ? sig.state : Number(props.State);
    const vpnState = vpnSig && vpnSig.seq > seqAtVpnProps ? vpnSig.state : Number(vpnProps.VpnState ?? 0);
    const a: Active = {
      path,
      connectionPath,
      ip4Path,
      ip6Path,
      state: activeStateName(activeState),
      vpnState: props.Vpn ? vpnStateName(vpnState) : null,
      reason: prev?.reason ?? (sig ? reasonText(sig.reason) : null),
      ipv4,
      ipv6,
      banner: str(vpnProps.Banner) || null,
      device: device ?? prev?.device ?? null,
      wasUp: (prev?.wasUp ?? false) || activeState === 2,
    };
    // it may have left ActiveConnections while we were loading it
    if (!prev && !(await stillActive(b, path))) return;
    state.actives.set(path, a);
    if (announce) this.changedActive(a);
  }
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
        : ((props.Nameservers ?? []) as Uint8Array[]).filter((bytes) => bytes.length === 16).map(formatIp);
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
