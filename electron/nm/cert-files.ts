// Certificates and keys given to the form as PEM text: NetworkManager's OpenVPN plugin takes
// paths, so the text goes to a private file per profile and field, removed with the profile.
// (An import's inline blocks are written by ovpn-import-add.ts, into the same directory.)
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../../shared/result';
import type { OpenVpnFields } from '../../shared/vpn';
import { pemProblem, type PemKind } from './pem-check';

const fileKeys = ['ca', 'cert', 'key', 'staticKey', 'tlsAuth', 'tlsCrypt', 'tlsCryptV2'] as const;

const fileOf = (certDir: string, uuid: string, key: (typeof fileKeys)[number]) => join(certDir, `${uuid}-${key}.pem`);

const kinds: Record<(typeof fileKeys)[number], [PemKind, string]> = {
  ca: ['certificate', 'the CA certificate'],
  cert: ['certificate', 'the client certificate'],
  key: ['private key', 'the private key'],
  staticKey: ['static key', 'the static key'],
  tlsAuth: ['static key', 'the tls-auth key'],
  tlsCrypt: ['static key', 'the tls-crypt key'],
  tlsCryptV2: ['tls-crypt-v2 key', 'the tls-crypt-v2 key'],
};

/** Refuses, naming the field, a certificate or key that is not one, is damaged or expired. */
function checkPem(key: (typeof fileKeys)[number], pem: string, where: string): void {
  const [kind, label] = kinds[key];
  const problem = pemProblem(pem, kind);
  if (problem) throw new StudioError('invalid-input', `${key}: ${label}${where} ${problem}`, { field: key });
}

/**
 * The fields with inline PEM written to private files (0600 in a 0700 directory); paths given must
 * exist. Every certificate and key is checked first (pem-check.ts), given inline or as a file we
 * can read (NetworkManager reads them as root: a file only root can read is left to it), except
 * files the profile already uses (`inProfile`).
 */
export async function writeCertFiles(certDir: string, f: OpenVpnFields, uuid: string, inProfile: string[] = []): Promise<OpenVpnFields> {
  const out = { ...f };
  for (const key of fileKeys) {
    const v = out[key];
    // a file the profile already uses is not the person's doing now: a rename must not fail on it
    if (!v || inProfile.includes(v)) continue;
    if (v.trimStart().startsWith('-----BEGIN')) checkPem(key, v, '');
    else {
      const text = await readFile(v, 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') throw new StudioError('invalid-input', `${key}: the file ${v} does not exist`, { field: key });
        return null;
      });
      if (text !== null) checkPem(key, text, ` in ${v}`);
    }
  }
  for (const key of fileKeys) {
    const v = out[key];
    if (!v) continue;
    if (v.trimStart().startsWith('-----BEGIN')) {
      await mkdir(certDir, { recursive: true, mode: 0o700 });
      const file = fileOf(certDir, uuid, key);
      await writeFile(file, v.endsWith('\n') ? v : `${v}\n`, { mode: 0o600 });
      out[key] = file;
    }
  }
  return out;
}

/** Removes the files writeCertFiles made for the profile; best effort (the profile is gone already). */
export async function removeCertFiles(certDir: string, uuid: string): Promise<void> {
  await Promise.all(fileKeys.map((k) => rm(fileOf(certDir, uuid, k), { force: true }))).catch(() => {});
}

/**
 * Removes the given files that lie inside one of `dirs` (our cert dir, ~/.cert where nmcli's
 * importer writes inline certificates): a profile's own copies, never a file the person keeps
 * elsewhere. Best effort, like removeCertFiles.
 */
export async function removeOwnFiles(paths: string[], dirs: string[]): Promise<void> {
  const inside = (f: string) => dirs.some((d) => f.startsWith(`${resolve(d)}/`));
  const files = paths.filter((v) => v.startsWith('/') && resolve(v) === v && inside(v));
  await Promise.all(files.map((f) => rm(f, { force: true }))).catch(() => {});
}

