// The OpenVPN form fields <-> NetworkManager's vpn.data / vpn.secrets of the openvpn plugin.
// Key names are network-manager-openvpn's (src/nm-openvpn-service.h, NM_OPENVPN_KEY_*).
import type { OpenVpnFields } from '../../shared/vpn';
import { secretFlags } from './reasons';

export const OPENVPN_SERVICE = 'org.freedesktop.NetworkManager.openvpn';

/** vpn.data keys the form owns; on update every other key of the profile (cipher, mtu...) is kept. */
const formDataKeys = [
  'remote', 'port', 'proto-tcp', 'connection-type', 'ca', 'cert', 'key', 'cert-pass-flags', 'username',
  'password-flags', 'static-key', 'static-key-direction', 'local-ip', 'remote-ip', 'ta', 'ta-dir', 'tls-crypt',
  'dev', 'remote-cert-tls',
];

const flagValue = (f: 'saved' | 'ask'): string => String(f === 'ask' ? secretFlags.notSaved : secretFlags.saved);
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
  set('remote', f.remote);
  set('port', f.port);
  if (f.protocol === 'tcp') set('proto-tcp', 'yes');
  set('connection-type', f.connectionType);
  set('dev', keep.dev ?? 'tun');
  set('ca', f.ca);
  if (usesTls(f.connectionType)) {
    set('cert', f.cert);
    set('key', f.key);
    set('cert-pass-flags', flagValue(f.keyPasswordFlag));
    set('remote-cert-tls', keep['remote-cert-tls'] ?? 'server');
  }
  if (usesPassword(f.connectionType)) {
    set('username', f.username);
    set('password-flags', flagValue(f.passwordFlag));
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

  const secrets: Record<string, string> = {};
  if (usesPassword(f.connectionType) && f.password !== undefined && f.passwordFlag === 'saved') secrets.password = f.password;
  if (usesTls(f.connectionType) && f.keyPassword !== undefined && f.keyPasswordFlag === 'saved') secrets['cert-pass'] = f.keyPassword;
  return { data, secrets };
}

/** The form fields of a profile (secrets left out), or null when its data is not an OpenVPN form's. */
export function vpnDataToFields(name: string, autoconnect: boolean, data: Record<string, string>): Record<string, unknown> | null {
  const type = data['connection-type'] ?? 'tls';
  if (!['tls', 'password', 'password-tls', 'static-key'].includes(type)) return null;
  const remote = parseRemote(data);
  if (!remote) return null;
  const dir = (k: string) => (data[k] === '0' ? 0 : data[k] === '1' ? 1 : undefined);
  const flag = (k: string) => (Number(data[k] ?? 0) & secretFlags.notSaved ? 'ask' : 'saved');
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
    autoconnect,
  };
  for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
  return fields;
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
