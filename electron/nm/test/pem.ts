// Real certificates and keys for tests, made with openssl in a temporary directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate (valid 30 days from now), its key, and an OpenVPN static key. */
export function makePem(): { cert: string; key: string; staticKey: string } {
  const dir = mkdtempSync(join(tmpdir(), 'netns-studio-pem-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30', '-subj', '/CN=Test CA'], { stdio: 'ignore' });
    const hex = Array.from({ length: 16 }, (_, i) => (i.toString(16).padStart(2, '0')).repeat(16)).join('\n');
    return {
      cert: readFileSync(join(dir, 'c.pem'), 'utf8'),
      key: readFileSync(join(dir, 'k.pem'), 'utf8'),
      staticKey: `-----BEGIN OpenVPN Static key V1-----\n${hex}\n-----END OpenVPN Static key V1-----\n`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PEM with one line of its body taken out: what a bad copy and paste leaves. */
export const damaged = (pem: string) => pem.split('\n').filter((_, i) => i !== 3).join('\n');
