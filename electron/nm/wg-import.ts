// A WireGuard .conf (wg-quick's format) read the way NetworkManager's own importer reads it
// (libnm's nm_conn_wireguard_import, NetworkManager 1.42: src/libnm-client-impl/nm-conn-utils.c),
// into the settings of a `wireguard` profile. Pure: text in, settings out, no file or bus.
// What the importer refuses is refused here, in words naming the line and the rule; the profile
// is the one `nmcli connection import type wireguard file NAME.conf` makes
// (wg-import.nm.test.ts compares the two), to be added owned by the user (wg-import-add.ts).
import { parseIp, type ParsedIp } from '../../shared/ip';
import { StudioError } from '../../shared/result';
import { safeFileName } from './nmcli';

export interface WgPeer {
  publicKey: string;
  presharedKey: string | null;
  /** As written ("host:port", "[v6]:port"): NetworkManager keeps the text. */
  endpoint: string | null;
  /** As written, each ADDRESS[/PREFIX]: NetworkManager normalizes them. */
  allowedIps: string[];
  persistentKeepalive: number;
}

export interface WgFamily {
  /** Address text and prefix (a missing prefix is /32 or /128, as the importer makes it). */
  addresses: Array<{ address: string; prefix: number }>;
  /** Name servers as bytes (4 or 16), the form NetworkManager 1.42 takes over D-Bus. */
  dns: Uint8Array[];
  /** Their text, for the nmcli command. */
  dnsText: string[];
  dnsSearch: string[];
}

export interface ImportedWireguard {
  /** The profile's name and its interface's: the file's name without ".conf", as nmcli names it. */
  name: string;
  privateKey: string | null;
  listenPort: number;
  fwmark: number;
  mtu: number;
  /** false for `Table = off`: no routes for the peers' AllowedIPs. */
  peerRoutes: boolean;
  /** `Table = N`: ipv4.route-table and ipv6.route-table; null for auto (the main table). */
  routeTable: number | null;
  ipv4: WgFamily;
  ipv6: WgFamily;
  peers: WgPeer[];
}

const INTERFACE_KEYS = ['Address', 'DNS', 'MTU', 'ListenPort', 'FwMark', 'PrivateKey', 'Table', 'SaveConfig', 'PreUp', 'PreDown', 'PostUp', 'PostDown'];
const PEER_KEYS = ['PublicKey', 'PresharedKey', 'AllowedIPs', 'Endpoint', 'PersistentKeepalive'];

/** g_ascii_isspace: the importer drops these everywhere in a line, as `wg setconf` does. */
const SPACE = /[ \t\n\v\f\r]/g;
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * A whole-string integer as libnm reads one (g_ascii_strtoll, then a range check): an optional
 * sign, and with base 0 C's prefixes ("0x" hex, a leading "0" octal). null when it is not one.
 */
export function cInteger(text: string, base: 0 | 10, min: number, max: number): number | null {
  const m = base === 10 ? /^([+-]?)([0-9]+)$/.exec(text) : /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const digits = m[2]!;
  let v: bigint;
  if (base === 10) v = BigInt(digits);
  else if (/^0[xX]/.test(digits)) v = BigInt(digits);
  else if (digits.startsWith('0')) v = digits.length > 1 ? BigInt(`0o${digits.slice(1)}`) : 0n;
  else v = BigInt(digits);
  if (m[1] === '-') v = -v;
  return v < BigInt(min) || v > BigInt(max) ? null : Number(v);
}

/** A 32-byte key in base64, as strict as libnm (nm_utils_base64secret_decode): 43 characters, "=", no stray bits. */
export const isWgKey = (text: string): boolean => /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(text);

/** ADDRESS[/PREFIX] as libnm reads it (nm_inet_parse_with_prefix_bin): the prefix decimal, sign allowed. */
function addressWithPrefix(text: string): { ip: ParsedIp; prefix: number | null } | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  if (slash < 0) return { ip, prefix: null };
  const prefix = cInteger(text.slice(slash + 1), 10, 0, ip.family === 4 ? 32 : 128);
  return prefix === null ? null : { ip, prefix };
}

/** An endpoint as libnm accepts one (nm_sock_addr_endpoint_new): HOST:PORT or [HOST]:PORT, port 1 to 65535. */
function isEndpoint(text: string): boolean {
  let port: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close <= 1 || text[close + 1] !== ':') return false;
    port = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon <= 0) return false;
    port = text.slice(colon + 1);
  }
  return /^[0-9]+$/.test(port) && cInteger(port, 10, 1, 65535) !== null;
}

/** The value's comma-separated words, as the importer splits them ("a," is one word, "a,,b" has an empty one). */
function words(value: string): string[] {
  const out: string[] = [];
  let rest = value;
  while (rest !== '') {
    const comma = rest.indexOf(',');
    out.push(comma < 0 ? rest : rest.slice(0, comma));
    rest = comma < 0 ? '' : rest.slice(comma + 1);
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The profile's name: the file's (as nmcli is given it), without ".conf"; a kernel interface name. */
export function wireguardName(fileName: string): string {
  const file = safeFileName(fileName);
  const bad = (rule: string) =>
    new StudioError('invalid-input', `${fileName}: the file's name names the WireGuard interface (as nmcli connection import does), so it must be ${rule}`, { field: 'fileName' });
  if (!file.endsWith('.conf')) throw bad('an interface name followed by ".conf" (in small letters)');
  const name = file.slice(0, -'.conf'.length);
  if (name.length < 1 || name.length > 15) throw bad(`1 to 15 characters before ".conf" (this one has ${name.length}), e.g. wg0.conf`);
  return name;
}

/** Converts a WireGuard .conf as NetworkManager's importer does; throws a StudioError naming the line for what it refuses. */
export function convertWireguard(fileName: string, content: string): ImportedWireguard {
  const name = wireguardName(fileName);
  const fail = (line: number, text: string) => new StudioError('invalid-input', `${fileName} line ${line}: ${text}`, { field: 'content' });
  const families: Record<4 | 6, WgFamily & { addrBytes: Uint8Array[] }> = {
    4: { addresses: [], addrBytes: [], dns: [], dnsText: [], dnsSearch: [] },
    6: { addresses: [], addrBytes: [], dns: [], dnsText: [], dnsSearch: [] },
  };
  // the importer adds "~" (every name to these servers) when no DNS word was a search domain
  let searchSeen = false;
  const search: string[] = [];
  const out: ImportedWireguard = { name, privateKey: null, listenPort: 0, fwmark: 0, mtu: 0, peerRoutes: true, routeTable: null, ipv4: families[4], ipv6: families[6], peers: [] };
  // the last Table line counts
  let table: number | 'auto' | 'off' = 'auto';
  let context: 'none' | 'interface' | 'peer' = 'none';
  let peer: (Omit<WgPeer, 'publicKey'> & { publicKey: string | null; line: number }) | null = null;

  const completePeer = () => {
    if (!peer) return;
    if (!peer.publicKey) throw fail(peer.line, 'this [Peer] has no PublicKey: every peer needs one');
    const { line: _line, publicKey, ...rest } = peer;
    // a later peer with the same public key replaces the earlier one (libnm's append_peer)
    out.peers = out.peers.filter((p) => p.publicKey !== publicKey);
    out.peers.push({ publicKey, ...rest });
    peer = null;
  };

  const lines = content.split('\n');
  for (let n = 1; n <= lines.length; n++) {
    const hash = lines[n - 1]!.indexOf('#');
    const line = (hash < 0 ? lines[n - 1]! : lines[n - 1]!.slice(0, hash)).replace(SPACE, '');
    if (line === '') continue;
    const lower = asciiLower(line);
    if (lower === '[interface]') {
      completePeer();
      context = 'interface';
      continue;
    }
    if (lower === '[peer]') {
      completePeer();
      peer = { publicKey: null, presharedKey: null, endpoint: null, allowedIps: [], persistentKeepalive: 0, line: n };
      context = 'peer';
      continue;
    }
    const eq = line.indexOf('=');
    const keys = context === 'interface' ? INTERFACE_KEYS : context === 'peer' ? PEER_KEYS : [];
    const key = eq > 0 ? keys.find((k) => asciiLower(k) === asciiLower(line.slice(0, eq))) : undefined;
    if (!key) {
      const where = context === 'none' ? 'before any [Interface] or [Peer] section' : `in [${context === 'interface' ? 'Interface' : 'Peer'}], which reads ${keys.join(', ')}`;
      throw fail(n, `"${eq > 0 ? line.slice(0, eq) : line}" is not a WireGuard setting ${where}`);
    }
    const value = line.slice(eq + 1);
    const invalid = (rule: string) => fail(n, `${key} = ${key.endsWith('Key') ? '(hidden)' : value}: ${rule}`);
    switch (key) {
      case 'Address':
        for (const w of words(value)) {
          const a = addressWithPrefix(w);
          if (!a) throw invalid(`"${w}" is not an IPv4 or IPv6 address with an optional /PREFIX`);
          const f = families[a.ip.family];
          const prefix = a.prefix ?? (a.ip.family === 4 ? 32 : 128);
          // libnm adds an address once (nm_setting_ip_config_add_address)
          if (f.addrBytes.some((b, i) => sameBytes(b, a.ip.bytes) && f.addresses[i]!.prefix === prefix)) continue;
          f.addrBytes.push(a.ip.bytes);
          f.addresses.push({ address: w.slice(0, w.includes('/') ? w.indexOf('/') : undefined), prefix });
        }
        break;
      case 'MTU': {
        const v = cInteger(value, 0, 0, 0xffffffff);
        if (v === null) throw invalid('the MTU is a number from 0 to 4294967295');
        out.mtu = v;
        break;
      }
      case 'DNS':
        for (const w of words(value)) {
          const ip = parseIp(w);
          if (ip) {
            const f = families[ip.family];
            if (!f.dns.some((b) => sameBytes(b, ip.bytes))) {
              f.dns.push(ip.bytes);
              f.dnsText.push(w);
            }
          } else {
            // not an address: a search domain, as wg-quick takes it
            searchSeen = true;
            if (w !== '' && !search.includes(w)) search.push(w);
          }
        }
        break;
      case 'Table':
        if (value === 'auto' || value === 'off') table = value;
        else {
          const v = cInteger(value, 0, 0, 0x7fffffff);
          if (v === null) throw invalid('the table is auto, off or a number from 0 to 2147483647 (names from rt_tables are not read)');
          table = v;
        }
        break;
      case 'PreUp':
      case 'PreDown':
      case 'PostUp':
      case 'PostDown':
        // NetworkManager runs no scripts; the importer skips these
        break;
      case 'SaveConfig':
        if (value !== 'true' && value !== 'false') throw invalid('SaveConfig is true or false');
        break;
      case 'ListenPort': {
        const v = cInteger(value, 10, 0, 65535);
        if (v === null) throw invalid('the port is a number from 0 to 65535');
        out.listenPort = v;
        break;
      }
      case 'FwMark': {
        const v = value === 'off' ? 0 : cInteger(value, 0, 0, 0x7fffffff);
        if (v === null) throw invalid('the mark is off or a number from 0 to 2147483647 (0x... for hex)');
        out.fwmark = v;
        break;
      }
      case 'PrivateKey':
        if (!isWgKey(value)) throw invalid('a key is 32 bytes in base64 (44 characters ending in "="), as `wg genkey` prints it');
        out.privateKey = value;
        break;
      case 'Endpoint':
        if (!isEndpoint(value)) throw invalid('the endpoint is HOST:PORT or [IPv6]:PORT, with a port from 1 to 65535');
        peer!.endpoint = value;
        break;
      case 'PublicKey':
        if (!isWgKey(value)) throw invalid('a key is 32 bytes in base64 (44 characters ending in "="), as `wg pubkey` prints it');
        peer!.publicKey = value;
        break;
      case 'AllowedIPs':
        for (const w of words(value)) {
          if (!addressWithPrefix(w)) throw invalid(`"${w}" is not an IPv4 or IPv6 address with an optional /PREFIX`);
          peer!.allowedIps.push(w);
        }
        break;
      case 'PersistentKeepalive': {
        const v = value === 'off' ? 0 : cInteger(value, 10, 0, 65535);
        if (v === null) throw invalid('the interval is off or a number of seconds from 0 to 65535');
        peer!.persistentKeepalive = v;
        break;
      }
      case 'PresharedKey':
        if (!isWgKey(value)) throw invalid('a key is 32 bytes in base64 (44 characters ending in "="), as `wg genpsk` prints it');
        peer!.presharedKey = value;
        break;
    }
  }
  completePeer();
  out.peerRoutes = table !== 'off';
  out.routeTable = typeof table === 'number' ? table : null;

  // Name servers and search domains belong to a family only when it has an address: a profile
  // cannot have DNS with IPv4 or IPv6 disabled (the importer drops them silently).
  for (const f of [families[4], families[6]]) {
    if (!f.addresses.length) {
      f.dns = [];
      f.dnsText = [];
      continue;
    }
    f.dnsSearch = f.dns.length && !searchSeen ? ['~'] : [...search];
  }
  for (const f of [families[4], families[6]]) delete (f as Partial<typeof f>).addrBytes;
  return out;
}
