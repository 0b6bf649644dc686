// What the OpenVPN importer learns from the files an .ovpn names (network-manager-openvpn's
// shared/utils.c): whether a file is PKCS#12 (is_pkcs12: libnm reads it as a DER PKCS#12 PFX) and
// whether a private key is encrypted (is_encrypted: PKCS#12, or a PEM key with a
// "Proc-Type: 4,ENCRYPTED" or "-----BEGIN ENCRYPTED PRIVATE KEY-----" line). Pure: bytes in.

/** A file as the importer finds it: its bytes, 'missing' (ENOENT), or 'unreadable' (it exists, but we may not read it: NetworkManager reads it as root). */
export type FileLook = Buffer | 'missing' | 'unreadable';

/** One DER element at `at`: tag, where its content starts and where it ends; null when it does not fit in `end`. */
function element(d: Buffer, at: number, end: number): { tag: number; body: number; next: number } | null {
  if (at + 2 > end) return null;
  const tag = d[at]!;
  let len = d[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // DER: the shortest length form, at most 4 bytes here (a VPN file is small)
    if (n === 0 || n > 4 || body + n > end) return null;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + d[body + k]!;
    body += n;
  }
  const next = body + len;
  return next <= end ? { tag, body, next } : null;
}

/**
 * Whether the bytes are a PKCS#12 file (RFC 7292): PFX ::= SEQUENCE { version INTEGER,
 * authSafe ContentInfo (SEQUENCE { OID, [0] ... }), macData SEQUENCE OPTIONAL }, covering the whole
 * file, as libnm's check (a DER decode of a PFX, no password) finds it.
 */
export function isPkcs12(d: Buffer): boolean {
  const pfx = element(d, 0, d.length);
  if (!pfx || pfx.tag !== 0x30 || pfx.next !== d.length) return false;
  const version = element(d, pfx.body, pfx.next);
  if (!version || version.tag !== 0x02) return false;
  const authSafe = element(d, version.next, pfx.next);
  if (!authSafe || authSafe.tag !== 0x30) return false;
  const oid = element(d, authSafe.body, authSafe.next);
  if (!oid || oid.tag !== 0x06) return false;
  if (oid.next < authSafe.next) {
    const content = element(d, oid.next, authSafe.next);
    if (!content || content.tag !== 0xa0 || content.next !== authSafe.next) return false;
  }
  if (authSafe.next === pfx.next) return true;
  const mac = element(d, authSafe.next, pfx.next);
  return !!mac && mac.tag === 0x30 && mac.next === pfx.next;
}

/** Whether a private key file is encrypted, as the importer decides it (and so sets cert-pass-flags). */
export function isEncryptedKey(d: Buffer): boolean {
  if (isPkcs12(d)) return true;
  return d
    .toString('latin1')
    .split('\n')
    .some((l) => l.startsWith('Proc-Type: 4,ENCRYPTED') || l.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----'));
}
