// The nmcli command equal to what a create or an edit really did, built from the settings sent
// to NetworkManager (not from the form's input): the activity log shows it, and a person who runs
// it gets the same profile (electron/nm/commands.nm.test.ts applies it and compares).
// Edits name only what changed, key by key (`+vpn.data`, `-vpn.data`): a whole `vpn.data` would
// wipe every other key. Secrets are the other way round: nmcli reads a profile without them, so
// any vpn.secrets it sends (`+vpn.secrets` too) replace every stored one (tried on NetworkManager
// 1.42: `+vpn.secrets 'password = x'` dropped a stored http-proxy-password); an edit that changes
// one restates them all. Secret values are never shown: they appear as <key>, to be filled in.
import { shellQuote } from '../../shared/commands';

/** The part of a profile a create or an edit writes. */
export interface CommandSettings {
  uuid: string;
  id: string;
  autoconnect: boolean;
  data: Record<string, string>;
  secrets: Record<string, string>;
  /** connection.permissions, as NetworkManager keeps them ("user:NAME"). */
  permissions?: string[];
  /** IP settings written, as nmcli properties and values (ipv4.dns: "10.1.1.1"; vpn-ip-settings.ts). */
  ip?: Record<string, string>;
  /** ipv4.routes as nmcli writes each ("DEST/PREFIX [NEXT-HOP [METRIC]]"); an import may have them. */
  routes?: string[];
  /** The profile's D-Bus object, for the one step nmcli has no word for (ClearSecrets). */
  path?: string;
}

const join = (words: string[]) => words.map(shellQuote).join(' ');
/** nmcli's text for a string dict: "k = v, k = v", with "," and "\" in a value escaped. */
const escapeValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/,/g, '\\,');
const dictText = (entries: Array<[string, string]>) => entries.map(([k, v]) => `${k} = ${escapeValue(v)}`).join(', ');
const hidden = (secrets: Record<string, string>) => Object.keys(secrets).sort().map((k): [string, string] => [k, `<${k}>`]);
const sorted = (r: Record<string, string>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));

/** `nmcli connection add` of a new OpenVPN profile with exactly these settings. */
export function addCommand(s: CommandSettings): string {
  const words = ['nmcli', 'connection', 'add', 'type', 'vpn', 'vpn-type', 'openvpn', 'con-name', s.id, 'connection.uuid', s.uuid, 'connection.autoconnect', s.autoconnect ? 'yes' : 'no'];
  if (s.permissions?.length) words.push('connection.permissions', s.permissions.join(','));
  words.push('vpn.data', dictText(sorted(s.data)));
  if (Object.keys(s.secrets).length) words.push('vpn.secrets', dictText(hidden(s.secrets)));
  words.push('ipv4.method', 'auto', 'ipv6.method', 'auto');
  for (const [k, v] of Object.entries(s.ip ?? {})) words.push(k, v);
  if (s.routes?.length) words.push('ipv4.routes', s.routes.join(', '));
  return join(words);
}

/** `nmcli connection modify` from before to after: only what differs, key by key; null when nothing does. */
export function modifyCommand(before: CommandSettings, after: CommandSettings): string | null {
  const words: string[] = [];
  if (before.id !== after.id) words.push('connection.id', after.id);
  if (before.autoconnect !== after.autoconnect) words.push('connection.autoconnect', after.autoconnect ? 'yes' : 'no');
  const changedData = sorted(after.data).filter(([k, v]) => before.data[k] !== v);
  if (changedData.length) words.push('+vpn.data', dictText(changedData));
  for (const k of Object.keys(before.data).sort()) if (!(k in after.data)) words.push('-vpn.data', k);
  // Secrets whole, never key by key: nmcli's copy of the profile has none, and NetworkManager takes
  // the secrets a change carries as all there are (`+vpn.secrets k=v` alone drops the other stored
  // ones), or keeps every stored one when it carries none (`-vpn.secrets k` alone removes nothing).
  const secretsChanged = JSON.stringify(sorted(before.secrets)) !== JSON.stringify(sorted(after.secrets));
  const noneLeft = secretsChanged && !Object.keys(after.secrets).length;
  if (secretsChanged && !noneLeft) words.push('vpn.secrets', dictText(hidden(after.secrets)));
  for (const [k, v] of Object.entries(after.ip ?? {})) if (before.ip?.[k] !== v) words.push(k, v);
  const modify = words.length ? join(['nmcli', 'connection', 'modify', 'uuid', after.uuid, ...words]) : null;
  // None left: no nmcli change can say it (one without secrets keeps every stored one), so the
  // app clears them first with the profile's ClearSecrets, and the command does the same.
  if (!noneLeft) return modify;
  const clear = join(['busctl', 'call', 'org.freedesktop.NetworkManager', after.path ?? '<profile path>', 'org.freedesktop.NetworkManager.Settings.Connection', 'ClearSecrets']);
  return modify ? `${clear} && ${modify}` : clear;
}
