// The OpenVPN form fields <-> NetworkManager's vpn.data / vpn.secrets of the openvpn plugin.
// Key names are network-manager-openvpn's (src/nm-openvpn-service.h, NM_OPENVPN_KEY_*).
import { openVpnFieldsObject, type OpenVpnFields } from '../../shared/vpn';
import { secretFlags } from './reasons';

export const OPENVPN_SERVICE = 'org.freedesktop.NetworkManager.openvpn';

/**
 * The "Advanced" settings that are one vpn.data key each (key → form field). A value the form
 * cannot show (one the contract refuses, "lz4" spelled otherwise...) reads as absent and is kept
 * as it was while the field stays absent; a boolean is written "yes", and left out when false.
 */
/** A field of the form's own schema. */
type FieldName = keyof typeof openVpnFieldsObject.shape;

// kind "present": the plugin reads any value as on (proxy-retry: `tmp4 ? "--http-proxy-retry"`)
const advancedKeys: Array<[key: string, field: FieldName, kind: 'text' | 'number' | 'boolean' | 'present' | 'mssfix']> = [
  ['cipher', 'cipher', 'text'],
  ['data-ciphers', 'dataCiphers', 'text'],
  ['auth', 'auth', 'text'],
  ['tunnel-mtu', 'tunnelMtu', 'number'],
  ['fragment-size', 'fragmentSize', 'number'],
  ['mssfix', 'mssfix', 'mssfix'],
  ['compress', 'compression', 'text'],
  ['allow-compression', 'allowCompression', 'text'],
  ['comp-lzo', 'compLzo', 'text'],
  ['proxy-type', 'proxyType', 'text'],
  ['proxy-server', 'proxyServer', 'text'],
  ['proxy-port', 'proxyPort', 'number'],
  ['http-proxy-username', 'proxyUsername', 'text'],
  ['proxy-retry', 'proxyRetry', 'present'],
  ['remote-random', 'remoteRandom', 'boolean'],
  ['ping', 'ping', 'number'],
  ['ping-restart', 'pingRestart', 'number'],
  ['ping-exit', 'pingExit', 'number'],
  ['connect-timeout', 'connectTimeout', 'number'],
];
const switches = (kind: string) => kind === 'boolean' || kind === 'present';

/** What a vpn.data value means to the form field, or undefined when the contract refuses it. */
function readAdvanced(field: FieldName, kind: string, v: string | undefined): unknown {
  if (v === undefined) return undefined;
  const value = kind === 'number' || (kind === 'mssfix' && /^\d+$/.test(v)) ? Number(v) : kind === 'boolean' ? v === 'yes' : kind === 'present' ? true : v;
  const r = openVpnFieldsObject.shape[field].safeParse(value);
  return r.success ? r.data : undefined;
}

/** vpn.data keys the form owns; on update every other key of the profile (cipher, mtu...) is kept. */
const formDataKeys = [
  'remote', 'port', 'proto-tcp', 'connection-type', 'ca', 'cert', 'key', 'cert-pass-flags', 'username',
  'password-flags', 'static-key', 'static-key-direction', 'local-ip', 'remote-ip', 'ta', 'ta-dir', 'tls-crypt',
  'tls-crypt-v2', 'http-proxy-password-flags', 'dev', 'remote-cert-tls', ...advancedKeys.map(([k]) => k),
];

const flagValue = (f: 'saved' | 'ask'): string => String(f === 'ask' ? secretFlags.notSaved : secretFlags.saved);
/** What a stored secret flag means to the form: "ask" when NM's not-saved bit is set. */
const flagOf = (v: string | undefined): 'saved' | 'ask' => (Number(v ?? 0) & secretFlags.notSaved ? 'ask' : 'saved');
const usesTls = (t: OpenVpnFields['connectionType']) => t === 'tls' || t === 'password-tls';
const usesPassword = (t: OpenVpnFields['connectionType']) => t === 'password' || t === 'password-tls';

/**
 * vpn.data and vpn.secrets for the fields. File fields must already be paths (inline PEM is
 * written to files by the caller first). Secrets with the "ask" flag are never stored.
 */
export function fieldsToVpnData(f: OpenVpnFields, keep: Record<string, string> = {}): { data: Record<string, string>; secrets: Record<string, string> } {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(keep)) if (!formDataKeys.includes(k)) data[k] = v;
  const set = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== '') data[k] = String(v);
  };
  // An edit keeps a flag as it was while it means the same to the form (agent-owned, 1, is
  // "saved" too, by the desktop's keyring), and leaves out one the profile left out while it
  // stays at its default (0, saved): writing it would change the profile for nothing.
  const editing = Object.keys(keep).length > 0;
  const setFlag = (k: string, flag: 'saved' | 'ask') => {
    if (keep[k] !== undefined && flagOf(keep[k]) === flag) set(k, keep[k]);
    else if (!(editing && keep[k] === undefined && flag === 'saved')) set(k, flagValue(flag));
  };
  Object.assign(data, remoteData(f, keep));
  set('connection-type', f.connectionType);
  set('dev', keep.dev ?? 'tun');
  set('ca', f.ca);
  if (usesTls(f.connectionType)) {
    set('cert', f.cert);
    set('key', f.key);
    setFlag('cert-pass-flags', f.keyPasswordFlag);
    set('remote-cert-tls', keep['remote-cert-tls'] ?? 'server');
  }
  if (usesPassword(f.connectionType)) {
    set('username', f.username);
    setFlag('password-flags', f.passwordFlag);
    if (f.connectionType === 'password') set('remote-cert-tls', keep['remote-cert-tls'] ?? 'server');
  }
  if (f.connectionType === 'static-key') {
    set('static-key', f.staticKey);
    set('static-key-direction', f.staticKeyDirection);
    set('local-ip', f.localIp);
    set('remote-ip', f.remoteIp);
  }
  if (f.tlsAuth) {
    set('ta', f.tlsAuth);
    set('ta-dir', f.tlsAuthDirection);
  }
  set('tls-crypt', f.tlsCrypt);
  set('tls-crypt-v2', f.tlsCryptV2);
  // the proxy password's flag goes with its user name (the plugin asks for both), and goes when
  // the person removes the user name; one the profile has without a user name is kept as it is
  if (f.proxyUsername) setFlag('http-proxy-password-flags', f.proxyPasswordFlag);
  else if (keep['http-proxy-password-flags'] !== undefined && keep['http-proxy-username'] === undefined) data['http-proxy-password-flags'] = keep['http-proxy-password-flags'];
  for (const [k, field, kind] of advancedKeys) {
    const value = switches(kind) ? (f[field] ?? false) : f[field];
    const was = readAdvanced(field, kind, keep[k]);
    // unchanged (as the form reads it): kept exactly as written ("no" stays "no")
    if (keep[k] !== undefined && (was === value || (was === undefined && value === undefined))) data[k] = keep[k];
    else if (switches(kind)) {
      if (value === true) data[k] = 'yes';
    } else set(k, value as string | number | undefined);
  }

  const secrets: Record<string, string> = {};
  if (usesPassword(f.connectionType) && f.password !== undefined && f.passwordFlag === 'saved') secrets.password = f.password;
  if (usesTls(f.connectionType) && f.keyPassword !== undefined && f.keyPasswordFlag === 'saved') secrets['cert-pass'] = f.keyPassword;
  if (f.proxyUsername && f.proxyPassword !== undefined && f.proxyPasswordFlag === 'saved') secrets['http-proxy-password'] = f.proxyPassword;
  return { data, secrets };
}

/** The form fields of a profile (secrets left out), or null when its data is not an OpenVPN form's. */
export function vpnDataToFields(name: string, autoconnect: boolean, data: Record<string, string>): Record<string, unknown> | null {
  const type = data['connection-type'] ?? 'tls';
  if (!['tls', 'password', 'password-tls', 'static-key'].includes(type)) return null;
  const remote = parseRemote(data);
  if (!remote) return null;
  const dir = (k: string) => (data[k] === '0' ? 0 : data[k] === '1' ? 1 : undefined);
  const flag = (k: string) => flagOf(data[k]);
  const fields: Record<string, unknown> = {
    name,
    remote: remote.host,
    port: remote.port,
    protocol: remote.protocol,
    connectionType: type,
    ca: data.ca,
    cert: data.cert,
    key: data.key,
    keyPasswordFlag: flag('cert-pass-flags'),
    username: data.username,
    passwordFlag: flag('password-flags'),
    staticKey: data['static-key'],
    staticKeyDirection: dir('static-key-direction'),
    localIp: data['local-ip'],
    remoteIp: data['remote-ip'],
    tlsAuth: data.ta,
    tlsAuthDirection: dir('ta-dir'),
    tlsCrypt: data['tls-crypt'],
    tlsCryptV2: data['tls-crypt-v2'],
    proxyPasswordFlag: flag('http-proxy-password-flags'),
    autoconnect,
  };
  for (const [k, field, kind] of advancedKeys) fields[field] = readAdvanced(field, kind, data[k]);
  // false is the default: left out, as the other absent settings
  for (const k of ['remoteRandom', 'proxyRetry'] as const) if (fields[k] === false) delete fields[k];
  for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
  return fields;
}

/**
 * vpn.data's remote, port and proto-tcp for the fields. An edit keeps them as they were written
 * when the first server is unchanged (an imported "host:1194" stays so, with no port key added),
 * and otherwise rewrites only the first server, in the style it had, keeping the other servers.
 */
function remoteData(f: OpenVpnFields, keep: Record<string, string>): Record<string, string> {
  const was = parseRemote(keep);
  const kept = (k: string) => (keep[k] === undefined ? {} : { [k]: keep[k] });
  if (was && was.host === f.remote && was.port === f.port && was.protocol === f.protocol) {
    return { ...kept('remote'), ...kept('port'), ...kept('proto-tcp') };
  }
  const servers = (keep.remote ?? '').split(/[,\s]+/).filter(Boolean);
  const first = servers[0] ?? '';
  if (was && /:\d+/.test(first)) {
    // host:port[:proto] style: the port and protocol go into the entry; the separate keys stay
    const host = f.remote.includes(':') ? `[${f.remote}]` : f.remote;
    const hadProto = /:\d+:\w+$/.test(first) || f.protocol !== was.protocol;
    servers[0] = `${host}:${f.port}${hadProto ? `:${f.protocol}` : ''}`;
    return { ...kept('port'), ...kept('proto-tcp'), remote: servers.join(', ') };
  }
  servers[0] = f.remote;
  const out: Record<string, string> = { remote: servers.join(', ') };
  // the port key stays out where it was out and the port is the default
  if (keep.port !== undefined || f.port !== 1194 || !was) out.port = String(f.port);
  if (f.protocol === 'tcp') out['proto-tcp'] = 'yes';
  return out;
}

/**
 * The first server of vpn.data's "remote": "host", "host:port", "host:port:proto", or a comma
 * separated list of them (nm-openvpn >= 1.8); "port" and "proto-tcp" are the older separate keys.
 */
export function parseRemote(data: Record<string, string>): { host: string; port: number; protocol: 'udp' | 'tcp' } | null {
  const first = (data.remote ?? '').split(/[,\s]+/).filter(Boolean)[0];
  if (!first) return null;
  let host = first;
  let port = Number(data.port ?? 1194);
  let protocol: 'udp' | 'tcp' = data['proto-tcp'] === 'yes' ? 'tcp' : 'udp';
  const bracketed = /^\[([^\]]+)\](?::(\d+))?(?::(\w+))?$/.exec(first);
  const parts = first.split(':');
  if (bracketed) {
    host = bracketed[1] ?? first;
    if (bracketed[2]) port = Number(bracketed[2]);
    if (bracketed[3]) protocol = bracketed[3].startsWith('tcp') ? 'tcp' : 'udp';
  } else if (parts.length <= 3) {
    host = parts[0] ?? first;
    if (parts[1]) port = Number(parts[1]);
    if (parts[2]) protocol = parts[2].startsWith('tcp') ? 'tcp' : 'udp';
  }
  return { host, port, protocol };
}
