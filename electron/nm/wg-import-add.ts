// A WireGuard .conf import added over D-Bus, owned by the desktop user: the file converted by
// wg-import.ts, then AddConnection2 with connection.permissions user:NAME (polkit's
// settings.modify.own is enough, where `nmcli connection import` makes a system-wide profile and
// needs settings.modify.system). The profile is nmcli's import's (wg-import.nm.test.ts), owned.
import { randomUUID } from 'node:crypto';
import { shellQuote } from '../../shared/commands';
import { I_SETTINGS, NM, SETTINGS_PATH, Variant, callMethod, nmError, type MessageBus } from './bus';
import { safeFileName } from './nmcli';
import type { RawSettings } from './settings';
import type { ImportedWireguard, WgFamily } from './wg-import';

const TO_DISK = 0x1; // NM_SETTINGS_ADD_CONNECTION2_FLAG_TO_DISK, as nmcli adds an import

/** Name servers as NetworkManager 1.42 takes them: IPv4 as uint32 in host order (in_addr_t), IPv6 as 16 bytes. */
const dnsVariant = (family: 4 | 6, dns: Uint8Array[]) =>
  family === 4 ? new Variant('au', dns.map((b) => new Uint32Array(new Uint8Array(b).buffer)[0]!)) : new Variant('aay', dns.map((b) => Buffer.from(b)));

function ipSetting(family: 4 | 6, f: WgFamily, routeTable: number | null): RawSettings[string] {
  const s: RawSettings[string] = { method: new Variant('s', f.addresses.length ? 'manual' : 'disabled') };
  if (f.addresses.length) s['address-data'] = new Variant('aa{sv}', f.addresses.map((a) => ({ address: new Variant('s', a.address), prefix: new Variant('u', a.prefix) })));
  if (f.dns.length) s.dns = dnsVariant(family, f.dns);
  if (f.dnsSearch.length) s['dns-search'] = new Variant('as', f.dnsSearch);
  if (routeTable !== null) s['route-table'] = new Variant('u', routeTable);
  return s;
}

/** The settings AddConnection2 is sent (secrets included: NetworkManager stores them, flags 0). */
export function wireguardSettings(uuid: string, owner: string | null, wg: ImportedWireguard): RawSettings {
  const connection: RawSettings[string] = {
    id: new Variant('s', wg.name), uuid: new Variant('s', uuid), type: new Variant('s', 'wireguard'), 'interface-name': new Variant('s', wg.name),
  };
  // owned by the desktop user: adding it needs only settings.modify.own
  if (owner) connection.permissions = new Variant('as', [`user:${owner}`]);
  const wireguard: RawSettings[string] = {
    'listen-port': new Variant('u', wg.listenPort), fwmark: new Variant('u', wg.fwmark), mtu: new Variant('u', wg.mtu), 'peer-routes': new Variant('b', wg.peerRoutes),
    peers: new Variant('aa{sv}', wg.peers.map((p) => {
      const d: Record<string, InstanceType<typeof Variant>> = {
        'public-key': new Variant('s', p.publicKey), 'allowed-ips': new Variant('as', p.allowedIps), 'persistent-keepalive': new Variant('u', p.persistentKeepalive),
      };
      if (p.endpoint) d.endpoint = new Variant('s', p.endpoint);
      if (p.presharedKey) {
        d['preshared-key'] = new Variant('s', p.presharedKey);
        d['preshared-key-flags'] = new Variant('u', 0);
      }
      return d;
    })),
  };
  if (wg.privateKey) wireguard['private-key'] = new Variant('s', wg.privateKey);
  return { connection, wireguard, ipv4: ipSetting(4, wg.ipv4, wg.routeTable), ipv6: ipSetting(6, wg.ipv6, wg.routeTable) };
}

/**
 * The commands that make the same profile by hand. nmcli 1.42 cannot write WireGuard peers
 * (`wireguard.peers` came in nmcli 1.54), so no `nmcli connection add` can: it is nmcli's own
 * import of the file, then the owner. Run by hand, the import needs settings.modify.system,
 * which the app does not (it adds the profile owned in one step).
 */
export function wireguardCommand(fileName: string, owner: string | null, wg: ImportedWireguard): string {
  const file = safeFileName(fileName);
  const words = ['nmcli', 'connection', 'import', 'type', 'wireguard', 'file', file].map(shellQuote).join(' ');
  if (!owner) return words;
  return `${words} && ${['nmcli', 'connection', 'modify', wg.name, 'connection.permissions', `user:${owner}`].map(shellQuote).join(' ')}`;
}

/** Adds the converted file; returns the new profile's D-Bus path and the commands equal to it. */
export async function addWireguardImport(b: MessageBus, owner: string | null, fileName: string, wg: ImportedWireguard): Promise<{ path: string; command: string }> {
  const settings = wireguardSettings(randomUUID(), owner, wg);
  try {
    const [path] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'AddConnection2', 'a{sa{sv}}ua{sv}', [settings, TO_DISK, {}])) as [string];
    return { path, command: wireguardCommand(fileName, owner, wg) };
  } catch (e) {
    throw nmError(e, `importing ${fileName}`);
  }
}
