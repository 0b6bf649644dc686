// Certificates and keys checked when they are given (at save and at import), so a broken or
// expired one is refused in words then, not found at connect as "an unknown reason". Node's
// crypto parses them as OpenSSL (and so OpenVPN) will: X509Certificate, createPrivateKey.
import { X509Certificate, createPrivateKey } from 'node:crypto';

export type PemKind = 'certificate' | 'private key' | 'static key' | 'tls-crypt-v2 key';

const blocks = (pem: string) => pem.match(/-----BEGIN ([A-Za-z0-9 ]+)-----[\s\S]*?-----END \1-----/g) ?? [];

/**
 * Why `pem` is not a usable `kind`, in words, or null when it is. `now` is when it must be valid.
 * An encrypted private key is only checked for its form: its pass phrase is asked at connect.
 */
export function pemProblem(pem: string, kind: PemKind, now = new Date()): string | null {
  const found = blocks(pem);
  if (kind === 'static key') {
    const body = /-----BEGIN OpenVPN Static key V1-----([\s\S]*?)-----END OpenVPN Static key V1-----/.exec(pem)?.[1];
    if (body === undefined) return 'is not an OpenVPN static key (-----BEGIN OpenVPN Static key V1-----)';
    const hex = body.replace(/\s+/g, '');
    return /^[0-9a-fA-F]{512}$/.test(hex) ? null : 'is a damaged OpenVPN static key (it must hold 256 bytes in hexadecimal)';
  }
  if (kind === 'tls-crypt-v2 key') {
    // a client's key (openvpn --genkey tls-crypt-v2-client): base64, checked for its form only
    const body = /-----BEGIN OpenVPN tls-crypt-v2 client key-----([\s\S]*?)-----END OpenVPN tls-crypt-v2 client key-----/.exec(pem)?.[1];
    if (body === undefined) return 'is not an OpenVPN tls-crypt-v2 client key (-----BEGIN OpenVPN tls-crypt-v2 client key-----)';
    const b64 = body.replace(/\s+/g, '');
    return b64.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? null : 'is a damaged OpenVPN tls-crypt-v2 client key (its body is not base64)';
  }
  if (kind === 'certificate') {
    const certs = found.filter((b) => b.startsWith('-----BEGIN CERTIFICATE-----'));
    if (certs.length === 0) return 'is not a certificate (no -----BEGIN CERTIFICATE----- block)';
    for (const [i, block] of certs.entries()) {
      const which = certs.length > 1 ? `(certificate ${i + 1} of ${certs.length}) ` : '';
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(block);
      } catch {
        return `${which}cannot be read: its body is damaged (not valid base64 DER)`;
      }
      const subject = cert.subject.replace(/\n/g, ', ');
      if (new Date(cert.validTo) < now) return `${which}(${subject}) expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`;
      if (new Date(cert.validFrom) > now) return `${which}(${subject}) is not valid before ${new Date(cert.validFrom).toISOString().slice(0, 10)}`;
    }
    return null;
  }
  const key = found.find((b) => /^-----BEGIN (?:[A-Z]+ )?(?:ENCRYPTED )?PRIVATE KEY-----/.test(b));
  if (!key) return 'is not a private key (no -----BEGIN ... PRIVATE KEY----- block)';
  if (key.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(key)) return null;
  try {
    createPrivateKey(key);
    return null;
  } catch {
    return 'is a damaged private key (it cannot be read)';
  }
}
