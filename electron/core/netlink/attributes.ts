// Netlink attributes (struct nlattr / rtattr): a 4-byte header (length, type) then the value,
// padded to 4 bytes. Pure functions, bytes in and out; nesting is an attribute whose value is
// more attributes.
import { NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK } from './constants';

export const align4 = (n: number): number => (n + 3) & ~3;

/** An attribute to encode: raw bytes, or nested attributes. */
export interface Attr {
  type: number;
  value: Uint8Array | Attr[];
  /** Sets NLA_F_NESTED on the type, which newer kernels want on some nests (not rtnetlink's). */
  nestedFlag?: boolean;
}

/** A 16-bit value in network byte order (ports). */
export function be16(type: number, v: number): Attr {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v, 0);
  return { type, value: b };
}
export function u32(type: number, v: number): Attr {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0, 0);
  return { type, value: b };
}
export function s32(type: number, v: number): Attr {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v, 0);
  return { type, value: b };
}
/** A NUL-terminated string, as the kernel expects names. */
export const str = (type: number, s: string): Attr => ({ type, value: Buffer.from(`${s}\0`, 'utf8') });
export const bytes = (type: number, b: Uint8Array): Attr => ({ type, value: b });
export const nest = (type: number, children: Attr[]): Attr => ({ type, value: children });

/** Encoded size of attributes, padding included. */
export function attrsLength(attrs: Attr[]): number {
  let n = 0;
  for (const a of attrs) n += align4(NLA_HDRLEN + valueLength(a));
  return n;
}
const valueLength = (a: Attr): number => (a.value instanceof Uint8Array ? a.value.length : attrsLength(a.value));

/** Writes attributes into buf at offset; returns the offset after them. */
export function writeAttrs(buf: Buffer, offset: number, attrs: Attr[]): number {
  for (const a of attrs) {
    const len = NLA_HDRLEN + valueLength(a);
    buf.writeUInt16LE(len, offset);
    buf.writeUInt16LE(a.type | (a.nestedFlag ? NLA_F_NESTED : 0), offset + 2);
    if (a.value instanceof Uint8Array) buf.set(a.value, offset + NLA_HDRLEN);
    else writeAttrs(buf, offset + NLA_HDRLEN, a.value);
    offset += align4(len);
  }
  return offset;
}

export function encodeAttrs(attrs: Attr[]): Buffer {
  const buf = Buffer.alloc(attrsLength(attrs));
  writeAttrs(buf, 0, attrs);
  return buf;
}

/**
 * Attributes of buf[start, end) by type (flags masked off). Values are views into buf, not copies:
 * read them before buf is reused. A later duplicate replaces an earlier one.
 */
export function parseAttrs(buf: Buffer, start = 0, end = buf.length): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let off = start;
  while (off + NLA_HDRLEN <= end) {
    const len = buf.readUInt16LE(off);
    if (len < NLA_HDRLEN || off + len > end) break; // truncated or malformed: stop, as the kernel's nla_ok does
    out.set(buf.readUInt16LE(off + 2) & NLA_TYPE_MASK, buf.subarray(off + NLA_HDRLEN, off + len));
    off += align4(len);
  }
  return out;
}

/** A NUL-terminated string value. */
export function readString(v: Buffer | undefined): string | undefined {
  if (!v) return undefined;
  const nul = v.indexOf(0);
  return v.toString('utf8', 0, nul < 0 ? v.length : nul);
}
export const readU32 = (v: Buffer | undefined): number | undefined => (v && v.length >= 4 ? v.readUInt32LE(0) : undefined);
export const readS32 = (v: Buffer | undefined): number | undefined => (v && v.length >= 4 ? v.readInt32LE(0) : undefined);
export const readBe16 = (v: Buffer | undefined): number | undefined => (v && v.length >= 2 ? v.readUInt16BE(0) : undefined);

/** A hardware address as `ip` prints it: lower-case hex pairs joined by colons. */
export function formatMac(v: Buffer): string {
  let s = '';
  for (let i = 0; i < v.length; i++) s += (i ? ':' : '') + (v[i]! < 16 ? '0' : '') + v[i]!.toString(16);
  return s;
}
