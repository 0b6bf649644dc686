// A profile's settings as NetworkManager keeps them, read and written whole over D-Bus. An edit
// is GetSettings + GetSecrets, the change, then Update2 to disk: GetSettings leaves the secrets
// out, so writing its answer back alone would drop every stored secret.
import { StudioError } from '../../shared/result';
import { I_CONN, NM, Variant, callMethod, dbusErrorName, nmError, unwrap, type MessageBus } from './bus';
import type { Profile } from './state';

/** Settings as D-Bus carries them: setting name → key → variant (a{sa{sv}}). */
export type RawSettings = Record<string, Record<string, InstanceType<typeof Variant>>>;

const UPDATE_TO_DISK = 0x1; // NM_SETTINGS_UPDATE2_FLAG_TO_DISK

/**
 * The stored secrets (GetSecrets) of the profile's secret setting ({} when it has no such
 * setting), or why they cannot be read (an agent beside ours that cancels, polkit).
 */
async function storedSecrets(b: MessageBus, p: Profile): Promise<RawSettings | StudioError> {
  const setting = p.connType === 'wireguard' ? 'wireguard' : 'vpn';
  try {
    return (await callMethod(b, NM, p.path, I_CONN, 'GetSecrets', 's', [setting]))[0] as RawSettings;
  } catch (e) {
    if (dbusErrorName(e)?.endsWith('.SettingNotFound')) return {};
    return nmError(e, `reading the stored secrets of ${p.name}`);
  }
}

/**
 * Changes a profile with its stored secrets merged in, so an edit never drops them. `edit` gets
 * the settings and the vpn.secrets map (written back as vpn.secrets when the profile has a vpn
 * setting). Equals `nmcli connection modify` of what edit changes.
 *
 * An edit that changes no secret is written without any, which NetworkManager's Update2 takes as
 * "keep them all". When the stored secrets cannot be read, one that gives some changes nothing,
 * since NetworkManager would keep only those it gives.
 */
export async function updateKeepingSecrets(b: MessageBus, p: Profile, edit: (raw: RawSettings, vpnSecrets: Record<string, string>) => void): Promise<void> {
  const raw = (await callMethod(b, NM, p.path, I_CONN, 'GetSettings'))[0] as RawSettings;
  const stored = await storedSecrets(b, p);
  let vpnSecrets: Record<string, string> = {};
  for (const [setting, values] of Object.entries(stored instanceof StudioError ? {} : stored)) {
    for (const [key, v] of Object.entries(values)) {
      if (setting === 'vpn' && key === 'secrets') vpnSecrets = { ...(unwrap(v) as Record<string, string>) };
      else if (key !== 'peers') (raw[setting] ??= {})[key] = v;
    }
  }
  const storedText = JSON.stringify(vpnSecrets);
  edit(raw, vpnSecrets);
  if (JSON.stringify(vpnSecrets) === storedText && raw.wireguard?.['private-key'] === undefined) {
    // The edit changes no secret: written without any, NetworkManager keeps them all. Writing back
    // what the read gave would undo a secret someone changed between our read and our write.
    delete raw.vpn?.secrets;
  } else if (stored instanceof StudioError) {
    // GetSettings carries no secrets: any there now, the edit gave
    const gives = Object.keys(vpnSecrets).length > 0 || raw.wireguard?.['private-key'] !== undefined;
    if (gives) throw new StudioError(stored.info.code, `${stored.info.message} (nothing was changed: written without them, the profile would lose them)`);
    delete raw.vpn?.secrets;
  } else if (raw.vpn && !Object.keys(vpnSecrets).length) {
    // None left: an update without secrets keeps every stored one (a password stayed in the
    // keyfile of a profile switched to certificates), so they are cleared first
    // (`busctl call … ClearSecrets`, which writes the profile without them).
    await callMethod(b, NM, p.path, I_CONN, 'ClearSecrets');
    delete raw.vpn.secrets;
  } else if (raw.vpn) raw.vpn.secrets = new Variant('a{ss}', vpnSecrets);
  await callMethod(b, NM, p.path, I_CONN, 'Update2', 'a{sa{sv}}ua{sv}', [raw, UPDATE_TO_DISK, {}]);
}
