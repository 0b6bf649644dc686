// The IP side of a VPN profile the form shows (nm-connection-editor's IPv4/IPv6 tabs, as far as
// a VPN needs them): "use this connection only for resources on its network" (never-default),
// DNS servers, search domains, extra routes. NetworkManager keeps them in the ipv4 and ipv6
// settings; the form shows one list of DNS servers and one of routes, split by family when
// written, and the search domains of each family apart (ipv4.dns-search applies while the VPN
// has an IPv4 address, ipv6.dns-search while it has an IPv6 one).
//
// An edit writes a group (never-default, dns, dns-search, routes) only when the form's value
// differs from what the profile reads as: a profile with ipv4.never-default yes and ipv6's no
// keeps both while the person changes something else.
import { endianness } from 'node:os';
import { formatIp, parseCidr, parseIp } from '../../shared/ip';
import type { OpenVpnFields, VpnRoute } from '../../shared/vpn';
import { Variant, unwrap } from './bus';
import type { RawSettings } from './settings';

export interface IpFields {
  neverDefault: boolean;
  dns: string[];
  dnsSearch: string[];
  dnsSearchIpv6: string[];
  routes: VpnRoute[];
}
type Group = keyof IpFields;
const groups: Group[] = ['neverDefault', 'dns', 'dnsSearch', 'dnsSearchIpv6', 'routes'];

/** The unwrapped ipv4 and ipv6 settings of GetSettings (NetworkManager leaves out defaults). */
type IpSettings = { ipv4?: Record<string, unknown>; ipv6?: Record<string, unknown> };

/**
 * ipv4.dns travels as uint32 holding the address in network byte order (NetworkManager's
 * in_addr_t): the number whose bytes in this machine's memory are the address's bytes.
 */
const le = endianness() === 'LE';
const ipv4FromUint32 = (n: number) => {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(n >>> 0);
  else b.writeUInt32BE(n >>> 0);
  return formatIp(b);
};
const uint32FromIpv4 = (bytes: Uint8Array) => (le ? Buffer.from(bytes).readUInt32LE(0) : Buffer.from(bytes).readUInt32BE(0));

type RouteData = { dest?: string; prefix?: number; 'next-hop'?: string; metric?: number };
const routeOf = (r: RouteData): VpnRoute => ({
  to: `${r.dest}/${r.prefix}`,
  ...(r['next-hop'] ? { via: r['next-hop'] } : {}),
  ...(r.metric !== undefined && r.metric >= 0 ? { metric: r.metric } : {}),
});

/** What the form shows of a profile's IP settings. */
export function ipFieldsOf(s: IpSettings): IpFields {
  const v4 = s.ipv4 ?? {};
  const v6 = s.ipv6 ?? {};
  const dns4 = ((v4.dns ?? []) as number[]).map(ipv4FromUint32);
  const dns6 = ((v6.dns ?? []) as Uint8Array[]).filter((b) => b.length === 16).map((b) => formatIp(b));
  const routes = [...((v4['route-data'] ?? []) as RouteData[]), ...((v6['route-data'] ?? []) as RouteData[])].map(routeOf);
  return {
    neverDefault: v4['never-default'] === true, dns: [...dns4, ...dns6], dnsSearch: (v4['dns-search'] ?? []) as string[], dnsSearchIpv6: (v6['dns-search'] ?? []) as string[], routes,
  };
}

/** The form's IP fields, absent ones as their defaults. */
const ipFieldsFrom = (f: Partial<OpenVpnFields>): IpFields => ({
  neverDefault: f.neverDefault ?? false, dns: f.dns ?? [], dnsSearch: f.dnsSearch ?? [], dnsSearchIpv6: f.dnsSearchIpv6 ?? [], routes: f.routes ?? [],
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const familyOf = (address: string) => parseIp(address)?.family ?? parseCidr(address)?.family;

/** nmcli's text of a route: "10.50.0.0/16 10.8.0.1 50". */
const routeText = (r: VpnRoute) => [r.to, r.via, r.metric].filter((x) => x !== undefined).join(' ');

/** Each group's nmcli properties and their values for these fields. */
function propertiesOf(f: IpFields, group: Group): Record<string, string> {
  const v4 = <T extends string | VpnRoute>(list: T[], key: (x: T) => string) => list.filter((x) => familyOf(key(x)) === 4);
  const v6 = <T extends string | VpnRoute>(list: T[], key: (x: T) => string) => list.filter((x) => familyOf(key(x)) === 6);
  switch (group) {
    case 'neverDefault':
      return { 'ipv4.never-default': f.neverDefault ? 'yes' : 'no', 'ipv6.never-default': f.neverDefault ? 'yes' : 'no' };
    case 'dns':
      return { 'ipv4.dns': v4(f.dns, (x) => x).join(','), 'ipv6.dns': v6(f.dns, (x) => x).join(',') };
    case 'dnsSearch':
      return { 'ipv4.dns-search': f.dnsSearch.join(',') };
    case 'dnsSearchIpv6':
      return { 'ipv6.dns-search': f.dnsSearchIpv6.join(',') };
    case 'routes':
      return { 'ipv4.routes': v4(f.routes, (r) => r.to).map(routeText).join(', '), 'ipv6.routes': v6(f.routes, (r) => r.to).map(routeText).join(', ') };
  }
}

/** The groups whose value in `f` differs from the profile's (`was`; a new profile's are the defaults). */
export function changedIpGroups(was: IpFields | null, f: Partial<OpenVpnFields>): Group[] {
  const now = ipFieldsFrom(f);
  const before = was ?? ipFieldsFrom({});
  return groups.filter((g) => !same(before[g], now[g]));
}

/**
 * The nmcli properties (ipv4.dns...) and values of the changed groups, for the command shown:
 * `before` as the profile has them, `after` as written.
 */
export function ipCommandSettings(was: IpFields | null, f: Partial<OpenVpnFields>): { before: Record<string, string>; after: Record<string, string> } {
  const before: Record<string, string> = {};
  const after: Record<string, string> = {};
  for (const g of changedIpGroups(was, f)) {
    Object.assign(before, propertiesOf(was ?? ipFieldsFrom({}), g));
    Object.assign(after, propertiesOf(ipFieldsFrom(f), g));
  }
  return { before, after };
}

/** A route as NetworkManager's route-data (aa{sv}) carries it. */
function routeData(r: VpnRoute): Record<string, InstanceType<typeof Variant>> {
  const c = parseCidr(r.to)!;
  const out: Record<string, InstanceType<typeof Variant>> = { dest: new Variant('s', formatIp(c.bytes)), prefix: new Variant('u', c.prefix) };
  if (r.via) out['next-hop'] = new Variant('s', r.via);
  if (r.metric !== undefined) out.metric = new Variant('u', r.metric);
  return out;
}

/**
 * Writes the changed groups into the raw settings (ipv4, ipv6 made when missing). A route kept
 * from before keeps its route-data entry whole (table=, onlink... that the form does not show).
 */
export function applyIpFields(raw: RawSettings, was: IpFields | null, f: Partial<OpenVpnFields>): void {
  const now = ipFieldsFrom(f);
  const ipv4 = (raw.ipv4 ??= { method: new Variant('s', 'auto') });
  const ipv6 = (raw.ipv6 ??= { method: new Variant('s', 'auto') });
  for (const g of changedIpGroups(was, f)) {
    if (g === 'neverDefault') {
      ipv4['never-default'] = new Variant('b', now.neverDefault);
      ipv6['never-default'] = new Variant('b', now.neverDefault);
    } else if (g === 'dns') {
      const parsed = now.dns.map((a) => parseIp(a)!);
      ipv4.dns = new Variant('au', parsed.filter((p) => p.family === 4).map((p) => uint32FromIpv4(p.bytes)));
      ipv6.dns = new Variant('aay', parsed.filter((p) => p.family === 6).map((p) => Buffer.from(p.bytes)));
    } else if (g === 'dnsSearch') {
      ipv4['dns-search'] = new Variant('as', now.dnsSearch);
    } else if (g === 'dnsSearchIpv6') {
      ipv6['dns-search'] = new Variant('as', now.dnsSearchIpv6);
    } else {
      for (const [setting, family] of [[ipv4, 4], [ipv6, 6]] as const) {
        const old = ((setting['route-data']?.value ?? []) as Array<Record<string, InstanceType<typeof Variant>>>).map((d) => ({ d, r: routeOf(unwrap(d) as RouteData) }));
        const list = now.routes.filter((r) => familyOf(r.to) === family).map((r) => old.find((o) => same(o.r, r))?.d ?? routeData(r));
        setting['route-data'] = new Variant('aa{sv}', list);
        // the older "routes" (aau) would be read instead when route-data is absent; with it, ignored
        delete setting.routes;
      }
    }
  }
}
