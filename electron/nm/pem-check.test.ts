import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pemProblem } from './pem-check';
import { damaged, makePem } from './test/pem';

const { cert, key, staticKey } = makePem();

describe('certificates and keys checked when given', () => {
  it('accepts a real certificate, key and static key', () => {
    expect(pemProblem(cert, 'certificate')).toBeNull();
    expect(pemProblem(key, 'private key')).toBeNull();
    expect(pemProblem(staticKey, 'static key')).toBeNull();
  });
  it('refuses in words what is not one, is damaged, or is expired', () => {
    expect(pemProblem(key, 'certificate')).toBe('is not a certificate (no -----BEGIN CERTIFICATE----- block)');
    expect(pemProblem(damaged(cert), 'certificate')).toBe('cannot be read: its body is damaged (not valid base64 DER)');
    // newlines turned into spaces, as a one-line field did
    expect(pemProblem(cert.replace(/\n/g, ' '), 'certificate')).toMatch(/damaged/);
    expect(pemProblem(cert, 'certificate', new Date('2100-01-01'))).toMatch(/^\(CN=Test CA\) expired on \d{4}-\d\d-\d\d$/);
    expect(pemProblem(damaged(key), 'private key')).toBe('is a damaged private key (it cannot be read)');
    expect(pemProblem(cert, 'static key')).toBe('is not an OpenVPN static key (-----BEGIN OpenVPN Static key V1-----)');
    expect(pemProblem(damaged(staticKey), 'static key')).toMatch(/damaged OpenVPN static key/);
  });
});

describe('a tls-crypt-v2 client key', () => {
  it('is taken as openvpn writes it, refused in words as anything else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc2-'));
    try {
      execFileSync('openvpn', ['--genkey', 'tls-crypt-v2-server', join(dir, 's.key')]);
      execFileSync('openvpn', ['--tls-crypt-v2', join(dir, 's.key'), '--genkey', 'tls-crypt-v2-client', join(dir, 'c.key')]);
      const client = readFileSync(join(dir, 'c.key'), 'utf8');
      expect(pemProblem(client, 'tls-crypt-v2 key')).toBeNull();
      expect(pemProblem(staticKey, 'tls-crypt-v2 key')).toBe('is not an OpenVPN tls-crypt-v2 client key (-----BEGIN OpenVPN tls-crypt-v2 client key-----)');
      expect(pemProblem(client.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!$1'), 'tls-crypt-v2 key')).toMatch(/^is a damaged OpenVPN tls-crypt-v2 client key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
