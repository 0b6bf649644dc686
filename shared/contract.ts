// The one contract. Every method any UI or script can call, with the zod schema of its input and
// its output, and every event with its payload. The host registers exactly these handlers, the
// preload and the WebSocket client expose exactly these functions, the core helper serves the
// privileged ones, and all of them validate with these same objects.
import { z } from 'zod';
import { guardInput, pendingChange } from './guard';
import * as m from './model';
import * as cfg from './netns-config';
import * as v from './validate';
import * as vpn from './vpn';
import { gatewayFamilyProblem, isMulticast } from './ip';

/** A route's gateway of its destination's family, the problem named on the gateway field. */
function gatewayFits(x: { destination: string; gateway?: string | undefined }, ctx: z.RefinementCtx): void {
  const problem = gatewayFamilyProblem(x.destination, x.gateway);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['gateway'] });
}

/**
 * privileged: needs root, so it is served by the core helper.
 * vpn: served by the host's NetworkManager client, as the desktop user.
 * host: answered by the host itself.
 */
export type MethodSide = 'privileged' | 'vpn' | 'host';

interface MethodSpec<S extends MethodSide, I extends z.ZodType, O extends z.ZodType> {
  side: S;
  summary: string;
  input: I;
  output: O;
}
// S is inferred as the literal side, so NamesOfSide below can tell the sides apart.
const method = <S extends MethodSide, I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<S, I, O>) => spec;
const none = z.object({}).strict();
const done = z.object({}).strict();

const nsLink = { namespace: v.namespaceRef, link: v.linkRef };
/** Guarded methods (shared/guard.ts) take a `guard` field and may answer with a pending change. */
const guard = { guard: guardInput.optional() };
const pending = { pending: pendingChange.optional() };

export const methods = {
  // ---- namespaces -------------------------------------------------------------------------
  snapshot: method({
    side: 'privileged',
    summary: 'Every namespace with its interfaces, addresses and routes.',
    input: none,
    output: m.snapshot,
  }),
  'namespace.list': method({
    side: 'privileged',
    summary: 'Every namespace, named and anonymous, without its contents.',
    input: none,
    output: z.array(m.namespaceSummary),
  }),
  'namespace.add': method({
    side: 'privileged',
    summary: 'Create a named namespace (ip netns add NAME).',
    input: z.object({ name: v.namespaceName }).strict(),
    output: m.namespaceSummary,
  }),
  'namespace.delete': method({
    side: 'privileged',
    summary: 'Remove a namespace name (ip netns del NAME); processes may keep it alive.',
    input: z.object({ name: v.namespaceName }).strict(),
    /** PIDs that still hold the namespace after its name is gone. */
    output: z.object({ name: z.string(), heldBy: z.array(z.number().int()) }),
  }),
  'namespace.stale': method({
    side: 'privileged',
    summary: 'Names under /run/netns with no namespace mounted on them (left by a killed ip netns add).',
    input: none,
    output: z.object({ names: z.array(z.string()) }),
  }),
  'namespace.removeStale': method({
    side: 'privileged',
    summary: 'Remove a stale name (rm /run/netns/NAME); refused for a name that holds a namespace.',
    input: z.object({ name: v.namespaceName }).strict(),
    output: z.object({ name: z.string() }),
  }),
  'namespace.attach': method({
    side: 'privileged',
    summary: 'Give the namespace of a process a name (ip netns attach NAME PID).',
    input: z.object({ name: v.namespaceName, pid: v.pid }).strict(),
    output: m.namespaceSummary,
  }),

  // ---- links --------------------------------------------------------------------------------
  'link.addVeth': method({
    side: 'privileged',
    summary: 'Create a veth pair, each end in any namespace.',
    input: z
      .object({ namespace: v.namespaceRef, name: v.interfaceName, peerNamespace: v.namespaceRef, peerName: v.interfaceName })
      .strict(),
    output: z.object({ link: m.link, peer: m.link }),
  }),
  'link.addBridge': method({
    side: 'privileged',
    summary: 'Create a bridge.',
    input: z.object({ namespace: v.namespaceRef, name: v.interfaceName }).strict(),
    output: m.link,
  }),
  'link.addMacvlan': method({
    side: 'privileged',
    summary: 'Create a macvlan on a parent interface, which may live in another namespace.',
    input: z
      .object({
        namespace: v.namespaceRef,
        name: v.interfaceName,
        parentNamespace: v.namespaceRef,
        parent: v.linkRef,
        mode: v.macvlanMode.default('bridge'),
      })
      .strict(),
    output: m.link,
  }),
  'link.addVxlan': method({
    side: 'privileged',
    summary: 'Create a VXLAN interface.',
    input: z
      .object({
        namespace: v.namespaceRef,
        name: v.interfaceName,
        vni: v.vni,
        remote: v.ipAddress.optional(),
        local: v.ipAddress.optional(),
        group: v.ipAddress.optional(),
        /** Underlay device, in the same namespace. */
        dev: v.linkRef.optional(),
        port: v.port.default(4789),
      })
      .strict()
      .refine((x) => !(x.remote && x.group), { error: 'give remote or group, not both', path: ['group'] })
      // As iproute2: a group is a multicast address, a remote a unicast one.
      .refine((x) => x.group === undefined || isMulticast(x.group), { error: 'a VXLAN group is a multicast address (224.0.0.0/4 or ff00::/8); for one peer use remote', path: ['group'] })
      .refine((x) => x.remote === undefined || !isMulticast(x.remote), { error: 'a VXLAN remote is a unicast address; for a multicast address use group', path: ['remote'] }),
    output: m.link,
  }),
  'link.delete': method({
    side: 'privileged',
    summary: 'Delete an interface (a veth takes its peer with it).',
    input: z.object({ ...nsLink, ...guard }).strict(),
    output: z.object({ ...pending }).strict(),
  }),
  'link.set': method({
    side: 'privileged',
    summary: 'Change an interface: up/down, MTU, name, master.',
    input: z
      .object({
        ...nsLink,
        up: z.boolean({ error: 'up is true or false' }).optional(),
        mtu: v.mtu.optional(),
        name: v.interfaceName.optional(),
        /** A bridge in the same namespace, or null for nomaster. */
        master: v.linkRef.nullable().optional(),
        ...guard,
      })
      .strict()
      .refine((x) => x.up !== undefined || x.mtu !== undefined || x.name !== undefined || x.master !== undefined, {
        error: 'say what to change: up, mtu, name or master',
      }),
    output: m.link.extend(pending),
  }),
  'link.move': method({
    side: 'privileged',
    summary: 'Move an interface into another namespace (ip link set IF netns NS).',
    input: z.object({ ...nsLink, to: v.namespaceRef, ...guard }).strict(),
    /** The interface as it now is in its new namespace. */
    output: z.object({ namespace: z.string(), link: m.link, ...pending }),
  }),

  // ---- addresses and routes -----------------------------------------------------------------
  'address.add': method({
    side: 'privileged',
    summary: 'Add an IPv4 or IPv6 address to an interface.',
    input: z.object({ ...nsLink, address: v.cidr }).strict(),
    output: done,
  }),
  'address.delete': method({
    side: 'privileged',
    summary: 'Remove an address from an interface.',
    input: z.object({ ...nsLink, address: v.cidr, ...guard }).strict(),
    output: z.object({ ...pending }).strict(),
  }),
  'route.add': method({
    side: 'privileged',
    summary: 'Add a route (a default route included).',
    input: z
      .object({
        namespace: v.namespaceRef,
        destination: v.routeDestination,
        gateway: v.ipAddress.optional(),
        link: v.linkRef.optional(),
        metric: v.routeMetric.optional(),
      })
      .strict()
      .refine((x) => x.gateway !== undefined || x.link !== undefined, { error: 'a route needs a gateway (via) or an interface (dev)' })
      .superRefine(gatewayFits),
    output: done,
  }),
  'route.list': method({
    side: 'privileged',
    summary: 'The routes of one table of a namespace, or of every table (the picture follows the main table only).',
    input: z.object({ namespace: v.namespaceRef, table: v.routeTable }).strict(),
    output: z.object({ routes: z.array(m.route) }).strict(),
  }),
  'route.delete': method({
    side: 'privileged',
    summary: 'Delete a route.',
    input: z
      .object({
        namespace: v.namespaceRef,
        destination: v.routeDestination,
        gateway: v.ipAddress.optional(),
        link: v.linkRef.optional(),
        metric: v.routeMetric.optional(),
      })
      .strict()
      .superRefine(gatewayFits),
    output: done,
  }),

  // ---- commands and terminals ---------------------------------------------------------------
  'exec.run': method({
    side: 'privileged',
    summary: 'Run a command inside a namespace and return its output (ip netns exec).',
    input: z
      .object({
        namespace: v.namespaceRef,
        argv: v.argv,
        timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
      })
      .strict(),
    output: z.object({
      exitCode: z.number().int().nullable(),
      signal: z.string().nullable(),
      stdout: z.string(),
      stderr: z.string(),
      timedOut: z.boolean(),
    }),
  }),
  'terminal.open': method({
    side: 'privileged',
    summary: 'Open a shell on a pseudo-terminal inside a namespace.',
    input: z
      .object({ namespace: v.namespaceRef, cols: v.terminalSize.default(80), rows: v.terminalSize.default(24), argv: v.argv.optional() })
      .strict(),
    output: z.object({ id: z.string() }),
  }),
  'terminal.write': method({
    side: 'privileged',
    summary: 'Type into a terminal.',
    input: z.object({ id: z.string().min(1), data: z.string().max(65536, { error: 'at most 64 KiB a write' }) }).strict(),
    output: done,
  }),
  'terminal.resize': method({
    side: 'privileged',
    summary: 'Resize a terminal.',
    input: z.object({ id: z.string().min(1), cols: v.terminalSize, rows: v.terminalSize }).strict(),
    output: done,
  }),
  'terminal.close': method({
    side: 'privileged',
    summary: 'Close a terminal (its shell gets SIGHUP).',
    input: z.object({ id: z.string().min(1) }).strict(),
    output: done,
  }),

  // ---- the guard (shared/guard.ts) ----------------------------------------------------------
  'guard.keep': method({
    side: 'privileged',
    summary: 'Keep a guarded change: its rollback timer stops.',
    input: z.object({ id: z.string().min(1, { error: 'id names a pending change' }).max(64) }).strict(),
    output: pendingChange,
  }),
  'guard.rollback': method({
    side: 'privileged',
    summary: 'Roll a guarded change back now, without waiting for its timer.',
    input: z.object({ id: z.string().min(1, { error: 'id names a pending change' }).max(64) }).strict(),
    output: pendingChange,
  }),
  'guard.list': method({
    side: 'privileged',
    summary: 'Guarded changes still pending, and the last ones kept or rolled back (read on connect).',
    input: none,
    output: z.array(pendingChange),
  }),

  // ---- per-namespace settings: sysctls, DNS and hosts ---------------------------------------
  'sysctl.get': method({
    side: 'privileged',
    summary: 'Forwarding, rp_filter and TTL/hop limit of a namespace (ip netns exec NS sysctl KEY...).',
    input: z.object({ namespace: v.namespaceRef }).strict(),
    output: z.array(cfg.sysctlEntry),
  }),
  'sysctl.set': method({
    side: 'privileged',
    summary: 'Change one of those settings (ip netns exec NS sysctl -w KEY=VALUE).',
    input: cfg.sysctlSetInput,
    /** Every supported key as it now is. */
    output: z.array(cfg.sysctlEntry),
  }),
  'dns.get': method({
    side: 'privileged',
    summary: 'The resolv.conf and hosts that commands in a named namespace see (/etc/netns/NAME).',
    input: z.object({ namespace: v.namespaceName }).strict(),
    output: cfg.dnsConfig,
  }),
  'dns.set': method({
    side: 'privileged',
    summary: 'Write /etc/netns/NAME/resolv.conf (and hosts) atomically.',
    input: cfg.dnsSetInput,
    output: cfg.dnsConfig,
  }),
  'dns.reset': method({
    side: 'privileged',
    summary: 'Remove the resolv.conf and hosts we wrote for a named namespace.',
    input: z.object({ namespace: v.namespaceName }).strict(),
    output: cfg.dnsConfig,
  }),

  // ---- NetworkManager VPN -------------------------------------------------------------------
  'vpn.status': method({ side: 'vpn', summary: 'Whether NetworkManager is running.', input: none, output: vpn.nmStatus }),
  'vpn.list': method({ side: 'vpn', summary: 'VPN profiles with their live state.', input: none, output: z.array(vpn.vpnProfile) }),
  'vpn.get': method({
    side: 'vpn',
    summary: 'The editable fields of an OpenVPN profile (secrets left out).',
    input: z.object({ uuid: vpn.uuid }).strict(),
    output: z.object({ profile: vpn.vpnProfile, fields: z.record(z.string(), z.unknown()).nullable() }),
  }),
  'vpn.import': method({
    side: 'vpn',
    summary: 'Import an OpenVPN .ovpn (read as nmcli connection import reads it, owned by the user) or WireGuard .conf file (read as nmcli connection import type wireguard reads it, owned by the user).',
    input: z
      .object({
        fileName: z.string().min(1, { error: 'a file name is needed to choose the plugin' }).max(255),
        /** The file's text. */
        content: z.string().max(1_000_000, { error: 'a VPN file is at most 1 MB' }),
        scope: vpn.profileScope,
      })
      .strict(),
    output: vpn.vpnProfile,
  }),
  'vpn.create': method({ side: 'vpn', summary: 'Create an OpenVPN profile from form fields.', input: vpn.openVpnFields, output: vpn.vpnProfile }),
  'vpn.update': method({
    side: 'vpn',
    summary: 'Change an OpenVPN profile, keeping its stored secrets.',
    input: z.object({ uuid: vpn.uuid, fields: vpn.openVpnEditFields }).strict(),
    output: vpn.vpnProfile,
  }),
  'vpn.rename': method({
    side: 'vpn',
    summary: 'Rename a VPN profile.',
    input: z.object({ uuid: vpn.uuid, name: vpn.profileName }).strict(),
    output: vpn.vpnProfile,
  }),
  'vpn.delete': method({ side: 'vpn', summary: 'Delete a VPN profile.', input: z.object({ uuid: vpn.uuid }).strict(), output: done }),
  'vpn.export': method({
    side: 'vpn',
    summary: 'Export a VPN profile to its plugin file format (nmcli connection export).',
    input: z.object({ uuid: vpn.uuid }).strict(),
    output: z.object({ fileName: z.string(), content: z.string() }),
  }),
  'vpn.connect': method({
    side: 'vpn',
    summary: 'Bring a VPN up; resolves when it is activated or has failed.',
    input: z.object({ uuid: vpn.uuid, timeoutMs: z.number().int().min(1000).max(300_000).default(60_000) }).strict(),
    output: vpn.vpnProfile,
  }),
  'vpn.disconnect': method({ side: 'vpn', summary: 'Bring a VPN down.', input: z.object({ uuid: vpn.uuid }).strict(), output: vpn.vpnProfile }),
  'vpn.secrets.answer': method({
    side: 'vpn',
    summary: 'Answer a secret request from NetworkManager.',
    input: z
      .object({
        requestId: z.string().min(1),
        secrets: z.record(z.string(), z.string().max(4096, { error: 'a secret is at most 4096 characters' })),
        /** Keep the secrets in NetworkManager (otherwise asked again next time). */
        save: z.boolean().default(false),
      })
      .strict(),
    output: done,
  }),
  'vpn.secrets.cancel': method({
    side: 'vpn',
    summary: 'Refuse a secret request (the connection attempt fails).',
    input: z.object({ requestId: z.string().min(1) }).strict(),
    output: done,
  }),

  // ---- the host itself ----------------------------------------------------------------------
  'host.info': method({
    side: 'host',
    summary: 'What the host is and how the core helper is doing.',
    input: none,
    output: z.object({
      transport: z.enum(['electron', 'browser']),
      version: z.string(),
      core: z.object({ state: z.enum(['starting', 'running', 'restarting', 'stopped', 'failed']), message: z.string().nullable() }),
    }),
  }),
  'host.retryCore': method({
    side: 'host',
    summary: 'Start the core helper again after it failed to start (a person pressed "Try again": one new password prompt).',
    input: none,
    output: done,
  }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Methods[K]['output']>;
export const methodNames = Object.keys(methods) as MethodName[];
export const isMethodName = (s: unknown): s is MethodName => typeof s === 'string' && Object.hasOwn(methods, s);

// ---- events -------------------------------------------------------------------------------------
const nsEvent = { namespace: z.string() };
export const events = {
  'namespace.added': m.namespaceSummary,
  'namespace.changed': m.namespaceSummary,
  'namespace.removed': z.object({ id: z.string(), names: z.array(z.string()) }),
  /** The stale names changed (namespace.stale): all of them now. */
  'namespace.stale': z.object({ names: z.array(z.string()) }),
  'link.changed': z.object({ ...nsEvent, link: m.link }),
  'link.removed': z.object({ ...nsEvent, ifindex: z.number().int(), name: z.string() }),
  'address.added': z.object({ ...nsEvent, ifindex: z.number().int(), address: z.string() }),
  'address.removed': z.object({ ...nsEvent, ifindex: z.number().int(), address: z.string() }),
  'route.added': z.object({ ...nsEvent, route: m.route }),
  'route.removed': z.object({ ...nsEvent, route: m.route }),
  /** Events were lost (the kernel said ENOBUFS) or a namespace was re-read: fetch a new snapshot. */
  resync: z.object({ reason: z.string() }),
  'terminal.output': z.object({ id: z.string(), data: z.string() }),
  'terminal.exit': z.object({ id: z.string(), exitCode: z.number().int().nullable(), signal: z.string().nullable() }),
  'core.status': z.object({ state: z.enum(['starting', 'running', 'restarting', 'stopped', 'failed']), message: z.string().nullable() }),
  'vpn.status': vpn.nmStatus,
  'vpn.changed': vpn.vpnProfile,
  'vpn.removed': z.object({ uuid: z.string() }),
  'vpn.secrets.requested': vpn.secretRequest,
  'vpn.secrets.canceled': z.object({ requestId: z.string() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;
export const eventNames = Object.keys(events) as EventName[];
export const isEventName = (s: unknown): s is EventName => typeof s === 'string' && Object.hasOwn(events, s);
/** Events that come from the core helper (the rest come from the host and its NetworkManager client). */
export const coreEventNames: EventName[] = [
  'namespace.added', 'namespace.changed', 'namespace.removed', 'namespace.stale', 'link.changed', 'link.removed',
  'address.added', 'address.removed', 'route.added', 'route.removed', 'resync', 'terminal.output', 'terminal.exit',
];
/** The core's events that make the live picture (all but a terminal's). */
export const topologyEventNames: EventName[] = coreEventNames.filter((e) => !e.startsWith('terminal.'));

/** The API the renderer sees as window.netns: one function per method, and subscribe. */
export type NetnsApi = {
  [K in MethodName]: (input: MethodInput<K>) => Promise<import('./result').Result<MethodOutput<K>>>;
} & {
  subscribe<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
};

type NamesOfSide<S extends MethodSide> = { [K in MethodName]: Methods[K]['side'] extends S ? K : never }[MethodName];
export type PrivilegedMethodName = NamesOfSide<'privileged'>;
export type VpnMethodName = NamesOfSide<'vpn'>;
export const methodsOfSide = (side: MethodSide): MethodName[] => methodNames.filter((n) => methods[n].side === side);
