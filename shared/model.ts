// The domain model of the topology: what a snapshot holds and what events carry.
import { z } from 'zod';

/** Where an interface points in another (or the same) namespace: the peer of a veth, a parent. */
export const linkPointer = z.object({
  /** The namespace's id (inode, decimal), or null when the kernel reports a namespace we cannot see. */
  namespace: z.string().nullable(),
  ifindex: z.number().int(),
});
export type LinkPointer = z.infer<typeof linkPointer>;

export const link = z.object({
  ifindex: z.number().int(),
  name: z.string(),
  /** IFLA_INFO_KIND: veth, bridge, macvlan, vxlan, tun...; "loopback" for lo; null for plain devices. */
  kind: z.string().nullable(),
  /** Administratively up (IFF_UP). */
  up: z.boolean(),
  /** RFC 2863 operational state as the kernel reports it: up, down, lowerlayerdown, unknown... */
  operstate: z.string(),
  /** Carrier present (IFF_LOWER_UP). */
  carrier: z.boolean(),
  mtu: z.number().int(),
  mac: z.string().nullable(),
  /** ifindex of the bridge (or bond) this interface is a port of, in the same namespace. */
  master: z.number().int().nullable(),
  /** The lower device of a macvlan/vxlan/vlan (IFLA_LINK), possibly in another namespace. */
  parent: linkPointer.nullable(),
  /** The other end of a veth pair. */
  peer: linkPointer.nullable(),
  addresses: z.array(z.string()),
  /** Kind-specific facts worth showing: vxlan id, macvlan mode... */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type Link = z.infer<typeof link>;

export const route = z.object({
  family: z.union([z.literal(4), z.literal(6)]),
  /** "default" or a network in CIDR form. */
  destination: z.string(),
  gateway: z.string().nullable(),
  /** The output interface (ifindex) and its name at dump time. */
  ifindex: z.number().int().nullable(),
  dev: z.string().nullable(),
  table: z.number().int(),
  protocol: z.string(),
  scope: z.string(),
  type: z.string(),
  metric: z.number().int().nullable(),
  prefsrc: z.string().nullable(),
});
export type Route = z.infer<typeof route>;

export const processInfo = z.object({ pid: z.number().int(), command: z.string() });
export type ProcessInfo = z.infer<typeof processInfo>;

/** Who made a namespace, as far as /proc and the engines' own sockets tell (electron/core/owners). */
export const ownerKinds = [
  'docker',
  'podman',
  'containerd',
  'kubernetes',
  'lxc',
  'systemd-nspawn',
  'flatpak',
  'browser',
  'systemd-service',
  'netns', // a name under /run/netns and nothing more
  'host', // the namespace the core runs in
  'unknown',
] as const;
export const ownerKind = z.enum(ownerKinds);
export type OwnerKind = z.infer<typeof ownerKind>;

export const namespaceOwner = z.object({
  kind: ownerKind,
  /** The container, machine, app or unit name ("web-1", "org.mozilla.firefox", "foo.service"). */
  name: z.string().nullable(),
  /** The engine's id (a container id, a pod uid, a machine uuid). */
  id: z.string().nullable(),
  /** Where it shows: image, pod, namespace, unit, engine... */
  detail: z.record(z.string(), z.string()),
  /** How it was told: "cgroup", "cmdline", "environ", "docker api"... */
  source: z.string(),
});
export type NamespaceOwner = z.infer<typeof namespaceOwner>;

export const namespaceSummary = z.object({
  /** The inode of the namespace's nsfs file, in decimal: unique while the namespace lives. */
  id: z.string(),
  /** Names under /run/netns bound to it (usually zero or one). */
  names: z.array(z.string()),
  /** Every process whose network namespace this is. */
  pids: z.array(z.number().int()),
  /** A few of those processes with their command names (for labels and details). */
  processes: z.array(processInfo),
  /** The nsid this namespace has as seen from the core's own namespace; null if none assigned. */
  nsid: z.number().int().nullable(),
  /** True for the namespace the core itself runs in (the host's, outside tests). */
  current: z.boolean(),
  /** Who made it; absent where the core did not look (events from older cores). */
  owner: namespaceOwner.optional(),
  /**
   * Whether it forwards IPv4/IPv6 (a router): in snapshots, in namespace.changed when it changed
   * (netconf events, sysctl.set), in namespace.added while watching; absent where not known.
   */
  forwarding: z.object({ ipv4: z.boolean(), ipv6: z.boolean() }).optional(),
});
export type NamespaceSummary = z.infer<typeof namespaceSummary>;

export const namespace = namespaceSummary.extend({
  links: z.array(link),
  routes: z.array(route),
});
export type Namespace = z.infer<typeof namespace>;

export const snapshot = z.object({
  namespaces: z.array(namespace),
  /** Milliseconds since the epoch when the dump finished. */
  takenAt: z.number(),
});
export type Snapshot = z.infer<typeof snapshot>;
