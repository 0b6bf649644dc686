// The VPN side of the model: NetworkManager profiles, their live state, the fields of an
// OpenVPN profile form, and secret requests from NetworkManager to our agent.
import { z } from 'zod';
import { gatewayFamilyProblem, networkOf, parseCidr, formatIp } from './ip';
import { cidr, ipAddress, port, routeMetric } from './validate';

export const uuid = z
  .string({ error: 'a connection uuid must be text' })
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
    error: 'not a connection uuid (8-4-4-4-12 hexadecimal digits)',
  });

/** NetworkManager's connection.id: any non-empty text (NM itself refuses an empty id). */
export const profileName = z
  .string({ error: 'a profile name must be text' })
  .trim()
  .min(1, { error: 'a profile name must not be empty' })
  .max(255, { error: 'a profile name is at most 255 characters' })
  .refine((s) => !s.includes('\0'), { error: 'a profile name cannot contain a NUL byte' });

/** NMActiveConnectionState, in words. */
export const activeState = z.enum(['unknown', 'activating', 'activated', 'deactivating', 'deactivated']);
/** NMVpnConnectionState, in words. */
export const vpnState = z.enum(['unknown', 'prepare', 'need-auth', 'connect', 'ip-config-get', 'activated', 'failed', 'disconnected']);

export const ipConfig = z.object({
  addresses: z.array(z.string()),
  gateway: z.string().nullable(),
  dns: z.array(z.string()),
});
export type IpConfig = z.infer<typeof ipConfig>;

export const vpnActive = z.object({
  path: z.string(),
  state: activeState,
  vpnState: vpnState.nullable(),
  /** Why the state last changed, in words ("the VPN service stopped", "no secrets were given"...). */
  reason: z.string().nullable(),
  ipv4: ipConfig.nullable(),
  ipv6: ipConfig.nullable(),
  banner: z.string().nullable(),
  /** The interface NetworkManager created for the tunnel (tun0, wg0...). */
  device: z.string().nullable(),
});
export type VpnActive = z.infer<typeof vpnActive>;

export const vpnProfile = z.object({
  uuid: z.string(),
  name: z.string(),
  /** "openvpn", "wireguard", or the last part of another plugin's service type. */
  type: z.string(),
  /** The plugin's D-Bus service type (org.freedesktop.NetworkManager.openvpn), null for wireguard. */
  serviceType: z.string().nullable(),
  remote: z.string().nullable(),
  /** Where the plugin says them (OpenVPN: the first remote's port and protocol), for "host:port udp" on the diagram. */
  remotePort: z.number().int().nullable().optional(),
  remoteProtocol: z.enum(['udp', 'tcp']).nullable().optional(),
  /** Ids of connections that bring this VPN up with them (connection.secondaries). */
  autoconnectWith: z.array(z.string()),
  path: z.string(),
  active: vpnActive.nullable(),
  /** The last failure, kept after the active connection is gone, until the next attempt. */
  lastError: z.string().nullable(),
  /**
   * Only in the answer of vpn.create, vpn.update and vpn.import: the nmcli command(s) equal to what the call did
   * (from the settings really sent; secret values as <key>), null when it changed nothing.
   */
  command: z.string().nullable().optional(),
});
export type VpnProfile = z.infer<typeof vpnProfile>;

export const nmStatus = z.object({
  running: z.boolean(),
  version: z.string().nullable(),
  /** Why not running, in words, when it is not; when it runs, a problem worth knowing (our secret agent could not register), else null. */
  message: z.string().nullable(),
});
export type NmStatus = z.infer<typeof nmStatus>;

/** A certificate or key: the absolute path of a file, or the PEM text itself (written to a private file). */
const pemOrPath = z
  .string()
  .max(1_000_000, { error: 'at most 1 MB' })
  .refine((s) => !s.includes('\0'), { error: 'cannot contain a NUL byte' })
  .refine((s) => s.startsWith('/') || /^\s*-----BEGIN [A-Za-z0-9 ]+-----[\s\S]+-----END [A-Za-z0-9 ]+-----\s*$/.test(s), {
    error: 'give the absolute path of a file, or PEM text (-----BEGIN ...----- to -----END ...-----)',
  });

/** How a secret is kept: saved by NetworkManager, or asked for every time (NM's "not saved" flag). */
export const secretFlag = z.enum(['saved', 'ask'], { error: 'a secret is "saved" or "ask" (every time)' });

/** A whole number from min to max, refused in words naming `what`. */
const whole = (what: string, min: number, max: number, unit = '') =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} is a whole number` })
    .min(min, { error: `${what} is at least ${min}${unit}` })
    .max(max, { error: `${what} is at most ${max}${unit}` });

/** One OpenSSL algorithm name, as openvpn's --cipher and --auth take it. */
const algorithm = (what: string, example: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(64, { error: `${what} is at most 64 characters` })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: `${what} is one OpenSSL name such as ${example} (letters, digits, - and _)` });

const hostName = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(253, { error: `${what} is at most 253 characters` })
    .regex(/^[A-Za-z0-9.:_-]+$/, { error: `${what} is a host name or an IP address` });

/** A DNS search domain (RFC 1035 labels; NetworkManager's ipv4.dns-search). */
const searchDomain = z
  .string({ error: 'a search domain must be text' })
  .trim()
  .max(253, { error: 'a search domain is at most 253 characters' })
  .regex(/^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/, {
    error: 'a search domain is a domain name such as corp.example (labels of letters, digits and -, joined by dots)',
  });

/**
 * A route NetworkManager adds while the VPN is up (ipv4.routes / ipv6.routes): a network, an
 * optional gateway of its family, an optional metric. `nmcli ... ipv4.routes "10.50.0.0/16 10.8.0.1 50"`.
 */
export const vpnRoute = z
  .object({
    to: cidr.refine((s) => {
      const c = parseCidr(s);
      return !c || formatIp(networkOf(c)) === formatIp(c.bytes);
    }, { error: 'a route goes to a network: clear the host bits (10.50.0.0/16, not 10.50.0.1/16)' }),
    via: ipAddress.optional(),
    metric: routeMetric.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const problem = gatewayFamilyProblem(r.to, r.via);
    if (problem) ctx.addIssue({ code: 'custom', path: ['via'], message: problem });
  });
export type VpnRoute = z.infer<typeof vpnRoute>;

/** Compression algorithms the OpenVPN plugin passes on (vpn.data compress); "yes" is framing only. */
export const compressions = ['lz4-v2', 'lz4', 'lzo', 'yes'] as const;
/** allow-compression (OpenVPN 2.5+): asym (the default: decompress what the server sends, never compress), yes, no. */
export const allowCompressions = ['asym', 'yes', 'no'] as const;
/** The legacy comp-lzo of servers before OpenVPN 2.4: the plugin's words ("no-by-default" is openvpn's `--comp-lzo no`). */
export const compLzos = ['yes', 'adaptive', 'no-by-default'] as const;

/** The fields of the OpenVPN form, named as an administrator knows them (mapped to NM's vpn.data keys). */
export const openVpnFieldsObject = z
  .object({
    name: profileName,
    remote: z
      .string({ error: 'the remote server must be text' })
      .trim()
      .min(1, { error: 'the remote server must not be empty' })
      .max(253, { error: 'the remote server is at most 253 characters' })
      .regex(/^[A-Za-z0-9.:_-]+$/, { error: 'the remote server is a host name or an IP address' }),
    port: port.default(1194),
    protocol: z.enum(['udp', 'tcp'], { error: 'the protocol is udp or tcp' }).default('udp'),
    connectionType: z.enum(['tls', 'password', 'password-tls', 'static-key'], {
      error: 'the connection type is tls, password, password-tls or static-key',
    }),
    /** Paths of files NetworkManager reads (as root), or inline PEM to be written by the client. */
    ca: pemOrPath.optional(),
    cert: pemOrPath.optional(),
    key: pemOrPath.optional(),
    keyPassword: z.string().max(4096).optional(),
    keyPasswordFlag: secretFlag.default('saved'),
    username: z.string().max(255, { error: 'a user name is at most 255 characters' }).optional(),
    password: z.string().max(4096, { error: 'a password is at most 4096 characters' }).optional(),
    passwordFlag: secretFlag.default('saved'),
    staticKey: pemOrPath.optional(),
    staticKeyDirection: z.union([z.literal(0), z.literal(1)]).optional(),
    localIp: ipAddress.optional(),
    remoteIp: ipAddress.optional(),
    tlsAuth: pemOrPath.optional(),
    tlsAuthDirection: z.union([z.literal(0), z.literal(1)]).optional(),
    tlsCrypt: pemOrPath.optional(),
    /** tls-crypt-v2: this client's own tls-crypt-v2 key (openvpn --tls-crypt-v2). */
    tlsCryptV2: pemOrPath.optional(),
    autoconnect: z.boolean().default(false),
    // The "Advanced" settings (nm-connection-editor's OpenVPN Advanced and IP tabs, as far as
    // the plugin takes them): vpn.data keys of the same names unless said otherwise.
    /** cipher: the data channel cipher of servers without negotiation (before OpenVPN 2.4). */
    cipher: algorithm('the cipher', 'AES-256-CBC').optional(),
    /** data-ciphers: the ciphers this client offers, in order. */
    dataCiphers: z
      .string({ error: 'the data ciphers must be text' })
      .trim()
      .max(512, { error: 'the data ciphers are at most 512 characters' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*(:[A-Za-z0-9][A-Za-z0-9_-]*)*$/, {
        error: 'the data ciphers are OpenSSL names separated by ":", such as AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305',
      })
      .optional(),
    /** auth: the HMAC digest of the data and tls-auth packets. */
    auth: algorithm('the HMAC digest', 'SHA256').optional(),
    /** tunnel-mtu (openvpn --tun-mtu). */
    tunnelMtu: whole('the tunnel MTU', 68, 65535).optional(),
    /** fragment-size (openvpn --fragment): UDP only. */
    fragmentSize: whole('the fragment size', 68, 65535).optional(),
    /** mssfix: "yes" (openvpn's own size) or a size in bytes. */
    mssfix: z
      .union([z.literal('yes'), whole('mssfix', 1, 65535)], { error: 'mssfix is "yes" or a size in bytes from 1 to 65535' })
      .optional(),
    /** compress: the compression algorithm; absent, none. */
    compression: z.enum(compressions, { error: 'compression is lz4-v2, lz4, lzo or yes (framing only)' }).optional(),
    /** allow-compression: whether openvpn may compress at all (absent: asym, openvpn's default). */
    allowCompression: z.enum(allowCompressions, { error: 'allow-compression is asym, yes or no' }).optional(),
    /** comp-lzo: the legacy LZO switch; compress overrides it when both are set (the plugin's rule). */
    compLzo: z.enum(compLzos, { error: 'comp-lzo is yes, adaptive or no-by-default (openvpn\'s "no")' }).optional(),
    /** proxy-type, proxy-server, proxy-port: reach the server through an HTTP or SOCKS proxy. */
    proxyType: z.enum(['http', 'socks'], { error: 'the proxy type is http or socks' }).optional(),
    proxyServer: hostName('the proxy server').optional(),
    proxyPort: port.optional(),
    /** http-proxy-username and the secret http-proxy-password (with http-proxy-password-flags): an HTTP proxy's login. */
    proxyUsername: z
      .string({ error: 'the proxy user name must be text' })
      .max(255, { error: 'the proxy user name is at most 255 characters' })
      .refine((s) => !/[\0\r\n]/.test(s), { error: 'the proxy user name is one line' })
      .optional(),
    proxyPassword: z.string({ error: 'the proxy password must be text' }).max(4096, { error: 'the proxy password is at most 4096 characters' }).optional(),
    proxyPasswordFlag: secretFlag.default('saved'),
    /** proxy-retry: retry the proxy without end when it refuses (absent: false). */
    proxyRetry: z.boolean({ error: 'proxy-retry is true or false' }).optional(),
    /** remote-random: try the servers in a random order (absent: false). */
    remoteRandom: z.boolean({ error: 'remote-random is true or false' }).optional(),
    /** ping, ping-restart: seconds. */
    ping: whole('ping', 1, 86400, ' seconds').optional(),
    pingRestart: whole('ping-restart', 1, 86400, ' seconds').optional(),
    /** ping-exit: seconds without a packet from the server before openvpn gives up (ping-restart wins when both are set). */
    pingExit: whole('ping-exit', 1, 86400, ' seconds').optional(),
    /** connect-timeout: seconds to wait for each server before the next (openvpn's default 120). */
    connectTimeout: whole('the connect timeout', 1, 86400, ' seconds').optional(),
    /** ipv4.never-default and ipv6.never-default (absent: false): the VPN takes only its own networks, not the default route. */
    neverDefault: z.boolean({ error: 'never-default is true or false' }).optional(),
    /** ipv4.dns / ipv6.dns, by each address's family. */
    dns: z.array(ipAddress, { error: 'the DNS servers are a list of IP addresses' }).max(16, { error: 'at most 16 DNS servers' }).optional(),
    /** ipv4.dns-search: used while the VPN has an IPv4 address. */
    dnsSearch: z.array(searchDomain, { error: 'the search domains are a list of domain names' }).max(32, { error: 'at most 32 search domains' }).optional(),
    /** ipv6.dns-search: used while the VPN has an IPv6 address. */
    dnsSearchIpv6: z.array(searchDomain, { error: 'the IPv6 search domains are a list of domain names' }).max(32, { error: 'at most 32 IPv6 search domains' }).optional(),
    /** ipv4.routes / ipv6.routes, by each route's family. */
    routes: z.array(vpnRoute, { error: 'the routes are a list' }).max(256, { error: 'at most 256 routes' }).optional(),
  })
  .strict();

/** The rules between fields; a user name is required only when the profile is made here. */
const fieldRules = (requireUsername: boolean) => (f: z.infer<typeof openVpnFieldsObject>, ctx: z.RefinementCtx) => {
  const need = (key: keyof typeof f, why: string) => {
    if (!f[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${why} is required for ${f.connectionType}` });
  };
  if (f.connectionType === 'tls' || f.connectionType === 'password-tls') {
    need('ca', 'a CA certificate');
    need('cert', 'a client certificate');
    need('key', 'a private key');
  }
  if (f.connectionType === 'password' || f.connectionType === 'password-tls') {
    need('ca', 'a CA certificate');
    if (requireUsername) need('username', 'a user name');
  }
  if (f.connectionType === 'static-key') {
    need('staticKey', 'a static key');
    need('localIp', 'a local tunnel address');
    need('remoteIp', 'a remote tunnel address');
  }
  if (f.tlsAuth && f.tlsCrypt) {
    ctx.addIssue({ code: 'custom', path: ['tlsCrypt'], message: 'use tls-auth or tls-crypt, not both' });
  }
  if (f.tlsCryptV2 && (f.tlsAuth || f.tlsCrypt)) {
    ctx.addIssue({ code: 'custom', path: ['tlsCryptV2'], message: `use tls-crypt-v2 alone, without ${f.tlsAuth ? 'tls-auth' : 'tls-crypt'}` });
  }
  if (f.proxyType && !f.proxyServer) ctx.addIssue({ code: 'custom', path: ['proxyServer'], message: `a proxy server is required for an ${f.proxyType} proxy` });
  if (f.proxyType && f.proxyPort === undefined) ctx.addIssue({ code: 'custom', path: ['proxyPort'], message: `a proxy port is required for an ${f.proxyType} proxy` });
  // the plugin gives openvpn a proxy login for an HTTP proxy only
  if (f.proxyUsername && f.proxyType !== 'http') ctx.addIssue({ code: 'custom', path: ['proxyUsername'], message: 'a proxy user name is for an http proxy only' });
  if (f.proxyPassword && !f.proxyUsername) ctx.addIssue({ code: 'custom', path: ['proxyUsername'], message: 'a proxy user name is required with a proxy password' });
  if (!f.proxyType && (f.proxyServer || f.proxyPort !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['proxyType'], message: 'a proxy type (http or socks) is required with a proxy server' });
  }
};

/**
 * Who a created or imported profile belongs to: the desktop user unless asked otherwise
 * (`connection.permissions user:NAME`; polkit's settings.modify.own is enough), or the whole
 * system (no permissions; needs settings.modify.system, often for administrators only).
 */
// Optional rather than defaulted: the calls' typed input is the parsed one, and a default would
// make every existing caller name it. Left out, it is "user".
export const profileScope = z.enum(['user', 'system'], { error: 'the scope is user (the profile is yours) or system (system-wide)' }).optional();

/** A new profile's fields. */
export const openVpnFields = openVpnFieldsObject.extend({ scope: profileScope }).superRefine(fieldRules(true));
/**
 * An edit's fields: the same, except that a password profile may stay without a user name, as
 * providers' .ovpn files (auth-user-pass) import; refusing it would make such a profile
 * impossible to rename.
 */
export const openVpnEditFields = openVpnFieldsObject.superRefine(fieldRules(false));
export type OpenVpnFields = z.infer<typeof openVpnFields>;
export type OpenVpnFieldsInput = z.input<typeof openVpnFields>;

/** A request from NetworkManager for secrets, as the UI shows it. */
export const secretRequest = z.object({
  requestId: z.string(),
  uuid: z.string(),
  name: z.string(),
  settingName: z.string(),
  /** What NetworkManager asks for: password, cert-pass, a challenge... each a field to show. */
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      secret: z.boolean(),
      /** Text to show above the field (a second-factor challenge's prompt). */
      prompt: z.string().nullable(),
    }),
  ),
  message: z.string().nullable(),
});
export type SecretRequest = z.infer<typeof secretRequest>;
