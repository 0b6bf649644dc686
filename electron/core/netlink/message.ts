// Netlink messages: struct nlmsghdr (length, type, flags, seq, port id) and a body, and the
// kernel's answer NLMSG_ERROR (an errno, the request echoed back, and with NETLINK_EXT_ACK the
// kernel's own words). Pure functions: no socket here.
import { align4, attrsLength, parseAttrs, readString, readU32, writeAttrs, type Attr } from './attributes';
import { NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSG_ERROR, NLMSG_HDRLEN, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS } from './constants';

export interface NlMessage {
  type: number;
  flags: number;
  seq: number;
  /** Port id of the sender (0 for the kernel). */
  pid: number;
  /** Bytes after the header (the fixed struct, then attributes). */
  payload: Buffer;
}

/**
 * One request: header + fixed struct (e.g. ifinfomsg) + attributes. The length is filled in;
 * the port id is 0 (the kernel fills in the sender).
 */
export function encodeMessage(type: number, flags: number, seq: number, fixed: Uint8Array, attrs: Attr[] = []): Buffer {
  const bodyStart = NLMSG_HDRLEN + align4(fixed.length);
  const len = bodyStart + attrsLength(attrs);
  const buf = Buffer.alloc(len);
  buf.writeUInt32LE(len, 0);
  buf.writeUInt16LE(type, 4);
  buf.writeUInt16LE(flags, 6);
  buf.writeUInt32LE(seq >>> 0, 8);
  buf.writeUInt32LE(0, 12);
  buf.set(fixed, NLMSG_HDRLEN);
  writeAttrs(buf, bodyStart, attrs);
  return buf;
}

/**
 * Splits one datagram into messages. Payloads are views into buf: a dump's messages must be
 * fully decoded before the next recv reuses the buffer.
 */
export function splitMessages(buf: Buffer, length = buf.length): NlMessage[] {
  const out: NlMessage[] = [];
  let off = 0;
  while (off + NLMSG_HDRLEN <= length) {
    const len = buf.readUInt32LE(off);
    if (len < NLMSG_HDRLEN || off + len > length) break;
    out.push({
      type: buf.readUInt16LE(off + 4),
      flags: buf.readUInt16LE(off + 6),
      seq: buf.readUInt32LE(off + 8),
      pid: buf.readUInt32LE(off + 12),
      payload: buf.subarray(off + NLMSG_HDRLEN, off + len),
    });
    off += align4(len);
  }
  return out;
}

/** The decoded NLMSG_ERROR: errno 0 is a plain acknowledgement. */
export interface NlAck {
  /** Positive errno (the kernel sends it negated), 0 for success. */
  errno: number;
  /** Type and seq of the request this answers. */
  requestType: number;
  requestSeq: number;
  /** The kernel's extended-ack text, e.g. "Unknown device type". */
  message?: string;
  /** Offset in the request of the attribute the kernel blames. */
  offset?: number;
}

/** Decodes an NLMSG_ERROR message (struct nlmsgerr + extended-ack attributes). */
export function decodeAck(msg: NlMessage): NlAck {
  if (msg.type !== NLMSG_ERROR) throw new Error(`not an NLMSG_ERROR message (type ${msg.type})`);
  const p = msg.payload;
  const ack: NlAck = { errno: Math.abs(p.readInt32LE(0)), requestType: p.readUInt16LE(8), requestSeq: p.readUInt32LE(12) };
  if (msg.flags & NLM_F_ACK_TLVS) {
    // The echoed request is its header only when capped, or header + payload otherwise.
    const echoed = msg.flags & NLM_F_CAPPED ? NLMSG_HDRLEN : align4(p.readUInt32LE(4));
    const tlvs = parseAttrs(p, 4 + echoed);
    const text = readString(tlvs.get(NLMSGERR_ATTR_MSG));
    if (text) ack.message = text;
    const offs = readU32(tlvs.get(NLMSGERR_ATTR_OFFS));
    if (offs !== undefined) ack.offset = offs;
  }
  return ack;
}
