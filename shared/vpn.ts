// The VPN side of the model: NetworkManager profiles, their live state, the fields of an
// OpenVPN profile form, and secret requests from NetworkManager to our agent.
import { z } from 'zod';
import { ipAddress, port } from './validate';

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
   * Only in the answer of vpn.create, vpn.update and an OpenVPN vpn.import: the nmcli command equal to what the call did
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

/** The fields of the OpenVPN form, named as an administrator knows them (mapped to NM's vpn.data keys). */
const openVpnFieldsObject = z
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
    autoconnect: z.boolean().default(false),
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
  };

/** A new profile's fields. */
export const openVpnFields = openVpnFieldsObject.superRefine(fieldRules(true));
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
