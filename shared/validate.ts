// The rules for every name and number that crosses a boundary. Each one is a zod schema so that
// the same object validates in the renderer, the host, the core and the CLI, and every refusal
// names the rule. The limits are the kernel's and iproute2's own.
import { z } from 'zod';
import { parseCidr, parseIp } from './ip';

const utf8 = new TextEncoder();
const byteLength = (s: string) => utf8.encode(s).length;
/**
 * Control characters (C0, DEL, C1): the kernel takes most of them in a name, but a newline or an
 * escape sequence in a name ends up in scripts, logs and terminals as something else than a name.
 */
const hasControl = (s: string) => /\p{Cc}/u.test(s);

/** A named namespace: a file name in /run/netns (iproute2's is_valid_netns_name, NAME_MAX). */
export const namespaceName = z
  .string({ error: 'a namespace name must be text' })
  .min(1, { error: 'a namespace name must not be empty' })
  .refine((s) => s !== '.' && s !== '..', { error: 'a namespace name cannot be "." or ".."' })
  .refine((s) => !s.includes('/'), { error: 'a namespace name cannot contain "/"' })
  .refine((s) => !s.includes('\0'), { error: 'a namespace name cannot contain a NUL byte' })
  .refine((s) => !hasControl(s), { error: 'a namespace name cannot contain control characters (newline, tab, escape...)' })
  .refine((s) => byteLength(s) <= 255, { error: 'a namespace name is at most 255 bytes' });

/** An interface name (the kernel's dev_valid_name: under IFNAMSIZ, no "/", ":" or white space). */
export const interfaceName = z
  .string({ error: 'an interface name must be text' })
  .min(1, { error: 'an interface name must not be empty' })
  .refine((s) => byteLength(s) <= 15, { error: 'an interface name is at most 15 bytes' })
  .refine((s) => s !== '.' && s !== '..', { error: 'an interface name cannot be "." or ".."' })
  .refine((s) => !/[/:\s\0]/.test(s), { error: 'an interface name cannot contain "/", ":", NUL or white space' })
  .refine((s) => !hasControl(s), { error: 'an interface name cannot contain control characters (escape, DEL...)' });

/**
 * A reference to a namespace: its name, its id (the inode of its nsfs file, in decimal) or
 * "pid:N" (the namespace process N is in). Names are tried first, so a namespace named "4026531840"
 * is still reachable by name.
 */
export const namespaceRef = z
  .string({ error: 'a namespace must be named by text: a name, an id or pid:N' })
  .min(1, { error: 'a namespace reference must not be empty' })
  .refine((s) => /^pid:[1-9][0-9]{0,9}$/.test(s) || namespaceName.safeParse(s).success, {
    error: 'a namespace is a name, an id (inode) or pid:N',
  });

export const ifindex = z
  .number({ error: 'an interface index must be a number' })
  .int({ error: 'an interface index is a whole number' })
  .min(1, { error: 'an interface index is at least 1' })
  .max(2 ** 31 - 1, { error: 'an interface index is below 2^31' });

/** An interface within a namespace: its name, or its index (stable across renames and moves). */
export const linkRef = z.union([ifindex, interfaceName], { error: 'an interface is a name or an index' });

export const pid = z
  .number({ error: 'a PID must be a number' })
  .int({ error: 'a PID is a whole number' })
  .min(1, { error: 'a PID is at least 1' })
  .max(4194304, { error: 'a PID is at most 4194304 (the kernel\'s PID_MAX_LIMIT)' });

/** MTU: 68 is IPv4's minimum (RFC 791); 65535 is the largest the kernel accepts on most links. */
export const mtu = z
  .number({ error: 'an MTU must be a number' })
  .int({ error: 'an MTU is a whole number' })
  .min(68, { error: 'an MTU is at least 68' })
  .max(65535, { error: 'an MTU is at most 65535' });

/** A VXLAN network identifier is 24 bits (RFC 7348). */
export const vni = z
  .number({ error: 'a VXLAN id must be a number' })
  .int({ error: 'a VXLAN id is a whole number' })
  .min(0, { error: 'a VXLAN id is at least 0' })
  .max(16777215, { error: 'a VXLAN id is at most 16777215 (24 bits)' });

export const port = z
  .number({ error: 'a port must be a number' })
  .int({ error: 'a port is a whole number' })
  .min(1, { error: 'a port is at least 1' })
  .max(65535, { error: 'a port is at most 65535' });

export const ipAddress = z
  .string({ error: 'an IP address must be text' })
  .refine((s) => parseIp(s) !== null, { error: 'not an IPv4 or IPv6 address' });

/** ADDRESS/PREFIX with the prefix in range for the family (an address alone means /32 or /128). */
export const cidr = z
  .string({ error: 'an address must be text, ADDRESS/PREFIX' })
  .refine((s) => parseCidr(s) !== null, {
    error: 'not an address with a prefix (IPv4 /0-32, IPv6 /0-128), e.g. 10.0.0.1/24 or fd00::1/64',
  });

/** A route destination: "default" or a network in CIDR form. */
export const routeDestination = z.union([z.literal('default'), cidr], {
  error: 'a route destination is "default" or a network such as 10.1.0.0/16',
});

export const routeMetric = z
  .number({ error: 'a metric must be a number' })
  .int({ error: 'a metric is a whole number' })
  .min(0, { error: 'a metric is at least 0' })
  .max(4294967295, { error: 'a metric is at most 4294967295' });

/** A routing table: its number (1 to 2^32-1; 254 is main, 255 local), or "all" for every table. */
export const routeTable = z.union(
  [
    z.literal('all'),
    z
      .number({ error: 'a routing table is a number or "all"' })
      .int({ error: 'a routing table is a whole number' })
      .min(1, { error: 'a routing table is at least 1' })
      .max(4294967295, { error: 'a routing table is at most 4294967295' }),
  ],
  { error: 'a routing table is a number (254 is main, 255 local) or "all"' },
);

export const macvlanMode = z.enum(['private', 'vepa', 'bridge', 'passthru', 'source'], {
  error: 'a macvlan mode is private, vepa, bridge, passthru or source',
});

/** A command line to run: at least the program, no NUL bytes (execve cannot carry them). */
export const argv = z
  .array(
    z.string().refine((s) => !s.includes('\0'), { error: 'an argument cannot contain a NUL byte' }),
    { error: 'a command is a list of arguments' },
  )
  .min(1, { error: 'a command needs at least a program name' })
  .max(4096, { error: 'a command has at most 4096 arguments' })
  // zod runs this even after min(1) failed, so an empty list must not reach a[0]
  .refine((a) => a.length === 0 || a[0]!.length > 0, { error: 'the program name must not be empty' });

export const terminalSize = z
  .number({ error: 'a terminal size must be a number' })
  .int({ error: 'a terminal size is a whole number' })
  .min(1, { error: 'a terminal is at least 1 cell wide and high' })
  .max(1000, { error: 'a terminal is at most 1000 cells wide and high' });
