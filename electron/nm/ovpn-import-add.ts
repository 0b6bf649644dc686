// An .ovpn import added over D-Bus, owned by the desktop user: the file converted by
// ovpn-import.ts, its inline blocks written to private files, then AddConnection2 with
// connection.permissions user:NAME (polkit's settings.modify.own is enough, where
// `nmcli connection import` makes a system-wide profile and needs settings.modify.system).
// The profile is `nmcli connection import type openvpn file F`'s (ovpn-import.nm.test.ts), owned;
// the command returned, an `nmcli connection add` of exactly what was sent, makes it again
// (commands.nm.test.ts runs it and compares).
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { I_SETTINGS, NM, SETTINGS_PATH, Variant, callMethod, nmError, type MessageBus } from './bus';
import { addCommand } from './nmcli-command';
import { OPENVPN_SERVICE } from './openvpn-data';
import type { FileLook } from './ovpn-import-files';
import { convertOvpn, type ImportedOvpn, type ImportedRoute } from './ovpn-import';
import type { RawSettings } from './settings';

const TO_DISK = 0x1; // NM_SETTINGS_ADD_CONNECTION2_FLAG_TO_DISK, as nmcli adds an import

/** A file named by an .ovpn, read as the importer would (as this user); never a device or a huge file. */
function look(path: string): FileLook {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > 4 << 20) return 'unreadable';
    return readFileSync(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/** nmcli's text of an ipv4.routes entry: "DEST/PREFIX [NEXT-HOP [METRIC]]". */
export const routeText = (r: ImportedRoute): string => [`${r.dest}/${r.prefix}`, ...(r.nextHop ? [r.nextHop] : []), ...(r.metric !== null ? [String(r.metric)] : [])].join(' ');

export interface PreparedImport {
  uuid: string;
  ovpn: ImportedOvpn;
}

/** The file converted (nothing written yet); refuses in words what cannot be imported. */
export function prepareOvpnImport(certDir: string, fileName: string, content: string): PreparedImport {
  const uuid = randomUUID();
  const ovpn = convertOvpn(fileName, content, { look, blockPath: (block) => join(certDir, `${uuid}-${block}.${block === 'pkcs12' ? 'p12' : 'pem'}`) });
  return { uuid, ovpn };
}

/** Writes the inline blocks and adds the profile; returns its D-Bus path and the nmcli command equal to it. */
export async function addOvpnImport(b: MessageBus, certDir: string, owner: string | null, fileName: string, { uuid, ovpn }: PreparedImport): Promise<{ path: string; command: string }> {
  const permissions = owner ? [`user:${owner}`] : [];
  const connection: RawSettings[string] = { id: new Variant('s', ovpn.id), uuid: new Variant('s', uuid), type: new Variant('s', 'vpn') };
  if (permissions.length) connection.permissions = new Variant('as', permissions);
  const ipv4: RawSettings[string] = { method: new Variant('s', 'auto') };
  if (ovpn.routes.length) {
    const routeData = ovpn.routes.map((r) => {
      const d: Record<string, InstanceType<typeof Variant>> = { dest: new Variant('s', r.dest), prefix: new Variant('u', r.prefix) };
      if (r.nextHop) d['next-hop'] = new Variant('s', r.nextHop);
      if (r.metric !== null) d.metric = new Variant('u', r.metric);
      return d;
    });
    ipv4['route-data'] = new Variant('aa{sv}', routeData);
  }
  const settings: RawSettings = {
    connection,
    vpn: { 'service-type': new Variant('s', OPENVPN_SERVICE), data: new Variant('a{ss}', ovpn.data), secrets: new Variant('a{ss}', ovpn.secrets) },
    ipv4,
  };
  if (ovpn.files.length) await mkdir(certDir, { recursive: true, mode: 0o700 });
  try {
    for (const f of ovpn.files) await writeFile(f.path, f.content, { mode: 0o600 });
    const [path] = (await callMethod(b, NM, SETTINGS_PATH, I_SETTINGS, 'AddConnection2', 'a{sa{sv}}ua{sv}', [settings, TO_DISK, {}])) as [string];
    const command = addCommand({ uuid, id: ovpn.id, autoconnect: true, data: ovpn.data, secrets: ovpn.secrets, permissions, routes: ovpn.routes.map(routeText) });
    return { path, command };
  } catch (e) {
    // nothing of a failed import stays behind
    await Promise.all(ovpn.files.map((f) => rm(f.path, { force: true })));
    throw nmError(e, `importing ${fileName}`);
  }
}
