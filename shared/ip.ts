// IP address parsing and formatting without node:net, so the contract can validate addresses in
// every process (renderer included) and the netlink codec can turn them into bytes.

export type Family = 4 | 6;
export interface ParsedIp {
  family: Family;
  bytes: Uint8Array;
}
export interface ParsedCidr extends ParsedIp {
  prefix: number;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    // Decimal only, no leading zeros: "010" means octal to inet_aton and decimal to others.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | null {
  if (text.length === 0 || text.length > 45) return null;
  let head = text;
  let tail4: Uint8Array | null = null;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    tail4 = parseIpv4(text.slice(lastColon + 1));
    if (!tail4) return null;
    head = text.slice(0, lastColon + 1) + '0:0'; // placeholder for the two last groups
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parseGroups(halves[0]!);
  const right = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!left || !right) return null;
  const total = left.length + right.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...left, ...new Array<number>(8 - total).fill(0), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail4) out.set(tail4, 12);
  return out;
}

/** Parses a bare IPv4 or IPv6 address (no prefix, no zone). */
export function parseIp(text: string): ParsedIp | null {
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    return bytes ? { family: 6, bytes } : null;
  }
  const bytes = parseIpv4(text);
  return bytes ? { family: 4, bytes } : null;
}

/** Parses ADDRESS/PREFIX; without a prefix the address stands alone (/32 or /128), as `ip` does. */
export function parseCidr(text: string): ParsedCidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ...ip, prefix: max };
  const p = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
  const prefix = Number(p);
  if (prefix > max) return null;
  return { ...ip, prefix };
}

/** Formats address bytes the way iproute2 prints them (RFC 5952 for IPv6). */
export const formatIp = (bytes: Uint8Array): string => formatIpAt(bytes, 0, bytes.length);

/**
 * The same for the `length` bytes at `offset` of a larger buffer, so a decoder can print an
 * address straight out of a netlink message. Written without arrays or views: a snapshot of a
 * thousand namespaces prints some ten thousand addresses.
 */
export function formatIpAt(b: Uint8Array, offset: number, length: number): string {
  if (length === 4) return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
  if (length !== 16) throw new Error(`an IP address has 4 or 16 bytes, not ${length}`);
  const group = (i: number): number => (b[offset + 2 * i]! << 8) | b[offset + 2 * i + 1]!;
  // IPv4-mapped addresses print with a dotted tail, as inet_ntop does.
  if (group(0) === 0 && group(1) === 0 && group(2) === 0 && group(3) === 0 && group(4) === 0 && group(5) === 0xffff) {
    return `::ffff:${formatIpAt(b, offset + 12, 4)}`;
  }
  // The longest run of two or more zero groups becomes "::" (the first one on a tie).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (group(i) !== 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < 8 && group(j) === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += group(i).toString(16);
  }
  return out;
}

/** The network address of a CIDR (host bits cleared), as a route destination wants it. */
export function networkOf(cidr: ParsedCidr): Uint8Array {
  const out = new Uint8Array(cidr.bytes);
  for (let bit = cidr.prefix; bit < out.length * 8; bit++) {
    out[bit >> 3]! &= ~(0x80 >> (bit & 7));
  }
  return out;
}

/** A multicast address: 224.0.0.0/4 or ff00::/8 (what iproute2 requires of a VXLAN group). */
export function isMulticast(text: string): boolean {
  const ip = parseIp(text);
  if (!ip) return false;
  return ip.family === 4 ? (ip.bytes[0]! & 0xf0) === 0xe0 : ip.bytes[0] === 0xff;
}

/**
 * An IPv6 link-local address (fe80::/10), with or without its prefix length: every interface
 * with IPv6 makes one of its own, so it says little about where the interface leads.
 */
export function isLinkLocal(text: string): boolean {
  const ip = parseIp(text.split('/')[0]!);
  return !!ip && ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80;
}

/**
 * Why a route's gateway does not fit its destination, or null when it does: an IPv4 route's
 * gateway is IPv4 and an IPv6 route's IPv6 ("default" takes the gateway's family). iproute2
 * refuses the same: `ip route add 10.0.0.0/8 via fd00::1` says "inet address is expected".
 */
export function gatewayFamilyProblem(destination: string, gateway: string | undefined): string | null {
  if (gateway === undefined || destination === 'default') return null;
  const dst = parseCidr(destination);
  const gw = parseIp(gateway);
  if (!dst || !gw || dst.family === gw.family) return null;
  return `the gateway ${gateway} is IPv${gw.family} but the destination ${destination} is IPv${dst.family}: a route's gateway is of its destination's family`;
}
