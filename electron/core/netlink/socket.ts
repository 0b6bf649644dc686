// A NETLINK_ROUTE socket: requests answered by an ack, dumps, in the namespace it was opened in.
// Opening in another namespace is setns(target) → socket → setns(back), all synchronous on
// Node's main thread: the socket stays bound to the target namespace for its whole life.
import { close, O_RDONLY, open, setns, CLONE_NEWNET, SysError } from '../sys/libc';
import { E } from '../sys/errno';
import * as s from '../sys/socket';
import type { Attr } from './attributes';
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR, NLMSG_OVERRUN } from './constants';
import { decodeAck, encodeMessage, splitMessages, type NlMessage } from './message';

/** A request the kernel refused: the call, errno and the kernel's extended-ack text. */
export class NetlinkError extends SysError {
  constructor(
    op: string,
    errno: number,
    readonly kernelMessage?: string,
  ) {
    super(op, errno, kernelMessage ? `(kernel: ${kernelMessage})` : undefined);
    this.name = 'NetlinkError';
  }
}

// One receive buffer for every socket: receives are synchronous and never interleave, and 1000
// sockets must not cost 1000 buffers. Dumps decode each message before the next recv.
const RECV_SIZE = 256 * 1024;
/** Requests per datagram in getMany: ~30 bytes each, their answers ~1 KiB each of the receive buffer. */
const GET_BATCH = 64;
let recvBuf: Buffer | null = null;
const scratch = (): Buffer => (recvBuf ??= Buffer.alloc(RECV_SIZE));

let ownNs: number | null = null;
/** An fd of the namespace the core started in, to come back to after setns. */
export function ownNamespaceFd(): number {
  ownNs ??= open('/proc/thread-self/ns/net', O_RDONLY);
  return ownNs;
}

/** Runs fn inside the network namespace behind nsFd and always comes back. */
export function inNamespace<T>(nsFd: number | undefined, fn: () => T, label?: string): T {
  if (nsFd === undefined) return fn();
  const back = ownNamespaceFd();
  setns(nsFd, CLONE_NEWNET, label);
  try {
    return fn();
  } finally {
    setns(back, CLONE_NEWNET);
  }
}

export interface RouteSocketOptions {
  /** An open nsfs fd: the socket is made in that namespace. Absent: the core's own. */
  nsFd?: number;
  nsLabel?: string;
  /** RTNLGRP_* groups to join, for a monitor. */
  groups?: number[];
  nonBlocking?: boolean;
  /** Receive buffer in bytes, set with SO_RCVBUFFORCE (root may exceed rmem_max). */
  receiveBuffer?: number;
  /**
   * A socket that only reads, made by the thousand for a snapshot: no extended acks (a refused
   * dump would be a malformed request, our bug) and no bind (the kernel binds on the first send),
   * three system calls fewer each.
   */
  lean?: boolean;
  /**
   * How long a blocking socket waits for each answer (SO_RCVTIMEO) before it gives up with an
   * error; the kernel answers rtnetlink at once, so only a lost answer ever waits this long.
   */
  receiveTimeoutMs?: number;
}

/** The default wait for one answer on a blocking socket. */
export const RECEIVE_TIMEOUT_MS = 10_000;

export class RouteSocket {
  readonly fd: number;
  private seq = Math.floor(Date.now() / 1000) & 0xffff;
  /** Requests sent on the thread pool queue here, so acks are read in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly receiveTimeoutMs: number;

  constructor(opts: RouteSocketOptions = {}) {
    const type = s.SOCK_RAW | (opts.nonBlocking ? s.SOCK_NONBLOCK : 0);
    this.receiveTimeoutMs = opts.receiveTimeoutMs ?? RECEIVE_TIMEOUT_MS;
    this.fd = inNamespace(opts.nsFd, () => s.socket(s.AF_NETLINK, type, s.NETLINK_ROUTE), opts.nsLabel);
    try {
      // The kernel's words in errors, without the request echoed back; strict checking so that
      // dumps honour filters (table, IFLA_TARGET_NETNSID) instead of ignoring them.
      if (!opts.lean) {
        s.setsockoptInt(this.fd, s.SOL_NETLINK, s.NETLINK_EXT_ACK, 1);
        s.setsockoptInt(this.fd, s.SOL_NETLINK, s.NETLINK_CAP_ACK, 1);
      }
      s.setsockoptInt(this.fd, s.SOL_NETLINK, s.NETLINK_GET_STRICT_CHK, 1);
      if (opts.receiveBuffer) s.setsockoptInt(this.fd, s.SOL_SOCKET, s.SO_RCVBUFFORCE, opts.receiveBuffer);
      if (!opts.nonBlocking) s.setReceiveTimeout(this.fd, this.receiveTimeoutMs);
      // Groups 1-32 are joined by bind's bit mask: one change to the kernel's table of listeners
      // instead of one per group (NETLINK_ADD_MEMBERSHIP). Each change waits until no netlink
      // broadcast anywhere on the machine is being delivered (netlink_table_grab): while another
      // process built namespaces, a monitor of 1000 namespaces (eight groups each) took 14 s to
      // start, 12.8 s of it in those setsockopt calls.
      const groups = opts.groups ?? [];
      const viaBind = opts.lean ? [] : groups.filter((g) => g >= 1 && g <= 32);
      if (!opts.lean) {
        s.bindNetlink(this.fd, 0, viaBind.reduce((mask, g) => mask | (1 << (g - 1)), 0) >>> 0);
        // Connected to the kernel (port 0): datagrams from any other sender are refused, so no
        // process in the namespace can write into our answers or a monitor's event stream.
        s.connectNetlink(this.fd);
      }
      for (const g of groups) if (!viaBind.includes(g)) s.setsockoptInt(this.fd, s.SOL_NETLINK, s.NETLINK_ADD_MEMBERSHIP, g);
    } catch (e) {
      close(this.fd);
      throw e;
    }
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0 || 1;
    return this.seq;
  }

  /** Sends a request and waits for its ack; throws NetlinkError with the kernel's words on refusal. */
  request(op: string, type: number, flags: number, body: { fixed: Uint8Array; attrs?: Attr[] }): void {
    const seq = this.nextSeq();
    s.sendto(this.fd, encodeMessage(type, NLM_F_REQUEST | NLM_F_ACK | flags, seq, body.fixed, body.attrs));
    this.readAck(op, seq);
  }

  /**
   * The same on libuv's thread pool, for requests that are slow inside send (moving a link to
   * another namespace: ~15-20 ms), so the event loop keeps running meanwhile.
   */
  requestAsync(op: string, type: number, flags: number, body: { fixed: Uint8Array; attrs?: Attr[] }): Promise<void> {
    const run = async (): Promise<void> => {
      const seq = this.nextSeq();
      await s.sendtoAsync(this.fd, encodeMessage(type, NLM_F_REQUEST | NLM_F_ACK | flags, seq, body.fixed, body.attrs));
      // rtnetlink handles a request inside send, so the ack is already queued: recv returns at once.
      this.readAck(op, seq);
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** A request answered by one message (RTM_GETLINK by name, RTM_GETNSID), decoded by fn. */
  get<T>(op: string, type: number, body: { fixed: Uint8Array; attrs?: Attr[] }, fn: (m: NlMessage) => T): T {
    const seq = this.nextSeq();
    s.sendto(this.fd, encodeMessage(type, NLM_F_REQUEST, seq, body.fixed, body.attrs));
    let result: { v: T } | null = null;
    this.receiveUntil(op, seq, (m) => {
      result = { v: fn(m) };
      return true;
    });
    return (result as { v: T } | null)!.v;
  }

  /**
   * Many requests answered by one message each (RTM_GETNSID for a thousand namespaces), a batch
   * of them per system call: the kernel handles every message of a datagram in turn and answers
   * each under its own seq. A batch's answers stay far inside the receive buffer, so none is
   * dropped. Answers come back in the order of bodies; the first refusal throws.
   */
  getMany<T>(op: string, type: number, bodies: { fixed: Uint8Array; attrs?: Attr[] }[], fn: (m: NlMessage) => T): T[] {
    const out = new Array<T>(bodies.length);
    for (let start = 0; start < bodies.length; start += GET_BATCH) {
      const index = new Map<number, number>();
      const parts = bodies.slice(start, start + GET_BATCH).map((b, i) => {
        const seq = this.nextSeq();
        index.set(seq, start + i);
        return encodeMessage(type, NLM_F_REQUEST, seq, b.fixed, b.attrs);
      });
      s.sendto(this.fd, Buffer.concat(parts));
      this.receive(op, (m) => {
        const i = index.get(m.seq);
        if (i === undefined) return false; // a late answer to an earlier request: not ours
        index.delete(m.seq);
        if (m.type === NLMSG_ERROR) {
          // A get is answered by an error only when refused (it asks for no ack).
          const ack = decodeAck(m);
          throw new NetlinkError(op, ack.errno, ack.message ?? (ack.errno ? undefined : 'acknowledged without an answer'));
        }
        out[i] = fn(m);
        return index.size === 0;
      });
    }
    return out;
  }

  /**
   * Dumps (NLM_F_DUMP): each message is decoded by fn before the next recv reuses the buffer, so
   * fn must not keep the message. A dump the kernel marks interrupted (the table changed
   * meanwhile) is started again, up to three times, then given as is.
   */
  dump<T>(op: string, type: number, body: { fixed: Uint8Array; attrs?: Attr[] }, fn: (m: NlMessage) => T): T[] {
    for (let attempt = 0; ; attempt++) {
      const seq = this.nextSeq();
      s.sendto(this.fd, encodeMessage(type, NLM_F_REQUEST | NLM_F_DUMP, seq, body.fixed, body.attrs));
      const got: T[] = [];
      let interrupted = false;
      this.receiveUntil(op, seq, (m) => {
        if (m.type === NLMSG_DONE) return true;
        if (m.flags & NLM_F_DUMP_INTR) interrupted = true;
        got.push(fn(m));
        return false;
      });
      if (!interrupted || attempt === 2) return got;
    }
  }

  /** Reads messages for seq until onMessage says done; NLMSG_ERROR ends it (thrown unless errno 0). */
  private receiveUntil(op: string, seq: number, onMessage: (m: NlMessage) => boolean): void {
    this.receive(op, (m) => {
      if (m.seq !== seq) return false; // a late answer to an earlier request: not ours
      if (m.type === NLMSG_ERROR) {
        const ack = decodeAck(m);
        if (ack.errno !== 0) throw new NetlinkError(op, ack.errno, ack.message);
        return true;
      }
      return onMessage(m);
    });
  }

  /** Reads datagrams and hands each message to onMessage until it says done. */
  private receive(op: string, onMessage: (m: NlMessage) => boolean): void {
    const buf = scratch();
    for (;;) {
      const n = s.recvInto(this.fd, buf);
      if (n === -E.EINTR) continue;
      // A blocking socket's EAGAIN is SO_RCVTIMEO running out; a non-blocking one's, nothing queued.
      if (n === -E.EAGAIN) throw new NetlinkError(op, E.EAGAIN, `no answer from the kernel within ${this.receiveTimeoutMs} ms`);
      if (n < 0) throw new NetlinkError(op, -n);
      for (const m of splitMessages(buf, n)) {
        if (m.type === NLMSG_OVERRUN) throw new NetlinkError(op, E.ENOBUFS, 'overrun');
        if (onMessage(m)) return;
      }
    }
  }

  private readAck(op: string, seq: number): void {
    this.receiveUntil(op, seq, () => false);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    close(this.fd);
  }
}
