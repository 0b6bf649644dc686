// A namespace's own settings: the few per-namespace sysctls an administrator changes (forwarding,
// rp_filter, TTL/hop limit), and the resolver and hosts files `ip netns exec` binds over /etc
// (/etc/netns/NAME/resolv.conf and hosts). The rules live here once; the core, the CLI and the
// renderer validate with them.
import { z } from 'zod';
import { ipAddress, namespaceName, namespaceRef } from './validate';

// ---- sysctls ----------------------------------------------------------------------------------

/** The keys we read and write, each per network namespace (under /proc/sys/net), with its range. */
export const sysctlSpecs = {
  'net.ipv4.ip_forward': { min: 0, max: 1, meaning: 'IPv4 forwarding: route packets between interfaces' },
  'net.ipv6.conf.all.forwarding': { min: 0, max: 1, meaning: 'IPv6 forwarding: route packets between interfaces' },
  'net.ipv4.conf.all.rp_filter': { min: 0, max: 2, meaning: 'reverse path filter on every interface: 0 off, 1 strict, 2 loose' },
  'net.ipv4.conf.default.rp_filter': { min: 0, max: 2, meaning: 'reverse path filter for interfaces made from now on' },
  'net.ipv4.ip_default_ttl': { min: 1, max: 255, meaning: 'TTL of IPv4 packets sent from here' },
  'net.ipv6.conf.all.hop_limit': { min: 1, max: 255, meaning: 'hop limit of IPv6 packets sent from here' },
} as const;
export type SysctlKey = keyof typeof sysctlSpecs;
export const sysctlKeys = Object.keys(sysctlSpecs) as SysctlKey[];
export const isSysctlKey = (k: unknown): k is SysctlKey => typeof k === 'string' && Object.hasOwn(sysctlSpecs, k);
/** /proc/sys path of a key: the dots are the directories. */
export const sysctlPath = (key: SysctlKey): string => `/proc/sys/${key.replace(/\./g, '/')}`;

export const sysctlKey = z
  .string({ error: 'key must be text' })
  .refine(isSysctlKey, { error: `key: supported keys are ${sysctlKeys.join(', ')}` })
  .transform((k) => k as SysctlKey);

export const sysctlEntry = z.object({
  key: z.enum(sysctlKeys as [SysctlKey, ...SysctlKey[]]),
  /** null when the namespace has no such file (IPv6 disabled). */
  value: z.number().int().nullable(),
});
export type SysctlEntry = z.infer<typeof sysctlEntry>;

export const sysctlSetInput = z
  .object({
    namespace: namespaceRef,
    key: sysctlKey,
    value: z.number({ error: 'value must be a number' }).int({ error: 'value must be a whole number' }),
  })
  .strict()
  .superRefine((x, ctx) => {
    if (!isSysctlKey(x.key)) return;
    const s = sysctlSpecs[x.key];
    if (x.value < s.min || x.value > s.max) ctx.addIssue({ code: 'custom', path: ['value'], message: `value: ${x.key} is ${s.min} to ${s.max} (${s.meaning})` });
  });

// ---- DNS and hosts ----------------------------------------------------------------------------

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;
/** A DNS name (RFC 1035 lengths; "_" allowed as resolvers accept it), a trailing dot allowed. */
export const domainName = z
  .string({ error: 'a domain must be text' })
  .refine((s) => s.replace(/\.$/, '').length <= 253, { error: 'a domain is at most 253 characters' })
  .refine((s) => s.replace(/\.$/, '').split('.').every((l) => LABEL.test(l)), {
    error: 'a domain is labels of letters, digits, "-" or "_" (1 to 63 each, not starting or ending with "-") joined by "."',
  });

const address = ipAddress;

export const hostEntry = z.object({
  address,
  names: z.array(domainName).min(1, { error: 'a hosts line needs at least one name' }).max(16, { error: 'at most 16 names a line' }),
});
export type HostEntry = z.infer<typeof hostEntry>;

/**
 * What we write for a named namespace. glibc reads at most 3 nameservers (MAXNS) and, before 2.26,
 * 6 search domains; we keep to both so every resolver sees the whole list.
 */
export const dnsSetInput = z
  .object({
    namespace: namespaceName,
    nameservers: z.array(address).min(1, { error: 'nameservers: give at least one' }).max(3, { error: 'nameservers: at most 3 (glibc reads no more)' }),
    search: z.array(domainName).max(6, { error: 'search: at most 6 domains' }).default([]),
    /** Extra hosts lines; our hosts file also keeps localhost. Absent or empty: no hosts file of ours. */
    hosts: z.array(hostEntry).max(256, { error: 'hosts: at most 256 lines' }).default([]),
  })
  .strict();

export const dnsFile = z.object({
  /** The file commands in the namespace see: /etc/netns/NAME/FILE when it exists, else /etc/FILE. */
  path: z.string(),
  /** True when /etc/netns/NAME/FILE exists (ours or written by someone else). */
  own: z.boolean(),
  /** True when we wrote it (our header is its first line): reset removes only those. */
  ours: z.boolean(),
  /** Lines we could not read, in words (the rest is still shown). */
  problems: z.array(z.string()),
});

export const dnsConfig = z.object({
  namespace: z.string(),
  resolv: dnsFile.extend({ nameservers: z.array(z.string()), search: z.array(z.string()), options: z.array(z.string()) }),
  hosts: dnsFile.extend({ entries: z.array(z.object({ address: z.string(), names: z.array(z.string()) })) }),
});
export type DnsConfig = z.infer<typeof dnsConfig>;
