// Certificates and keys given to the form as PEM text: NetworkManager's OpenVPN plugin takes
// paths, so the text goes to a private file per profile and field, removed with the profile.
// (nmcli's importer keeps its own files for imported profiles, as nmcli does.)
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../shared/result';
import type { OpenVpnFields } from '../../shared/vpn';

const fileKeys = ['ca', 'cert', 'key', 'staticKey', 'tlsAuth', 'tlsCrypt'] as const;

const fileOf = (certDir: string, uuid: string, key: (typeof fileKeys)[number]) => join(certDir, `${uuid}-${key}.pem`);

/** The fields with inline PEM written to private files (0600 in a 0700 directory); paths given must exist. */
export async function writeCertFiles(certDir: string, f: OpenVpnFields, uuid: string): Promise<OpenVpnFields> {
  const out = { ...f };
  for (const key of fileKeys) {
    const v = out[key];
    if (!v) continue;
    if (v.trimStart().startsWith('-----BEGIN')) {
      await mkdir(certDir, { recursive: true, mode: 0o700 });
      const file = fileOf(certDir, uuid, key);
      await writeFile(file, v.endsWith('\n') ? v : `${v}\n`, { mode: 0o600 });
      out[key] = file;
    } else {
      await stat(v).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') throw new StudioError('invalid-input', `${key}: the file ${v} does not exist`, { field: key });
      });
    }
  }
  return out;
}

/** Removes the files writeCertFiles made for the profile; best effort (the profile is gone already). */
export async function removeCertFiles(certDir: string, uuid: string): Promise<void> {
  await Promise.all(fileKeys.map((k) => rm(fileOf(certDir, uuid, k), { force: true }))).catch(() => {});
}
