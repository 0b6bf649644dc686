// The kernel's process events (the proc connector: NETLINK_CONNECTOR, CN_IDX_PROC): a datagram
// for every fork, exec and exit on the machine, so namespace watching can re-discover when
// processes come and go instead of polling /proc. The kernel sends these only to sockets in the
// initial network namespace (or to sockets elsewhere that listen to all nsids and see the initial
// namespace with an nsid).
import { E } from './errno';
import { close } from './libc';
import * as s from './socket';

const CN_IDX_PROC = 1;
const CN_VAL_PROC = 1;
const NLMSG_DONE = 3;
const PROC_CN_MCAST_LISTEN = 1;
const PROC_CN_MCAST_IGNORE = 2;
export const PROC_EVENT_FORK = 0x1;
export const PROC_EVENT_EXEC = 0x2;
export const PROC_EVENT_EXIT = 0x80000000;

export interface ProcEvent {
  what: 'fork' | 'exec' | 'exit';
  /** The process (thread group) concerned: the child for fork. */
  pid: number;
  /** True when a thread, not a whole process, started or ended. */
  thread: boolean;
}

/** nlmsghdr + cn_msg + the op: the message that starts or stops the events. */
function controlMessage(op: number): Buffer {
  const b = Buffer.alloc(16 + 20 + 4);
  b.writeUInt32LE(b.length, 0); // nlmsg_len
  b.writeUInt16LE(NLMSG_DONE, 4); // nlmsg_type, as cn_proc's own tools send it
  b.writeUInt32LE(CN_IDX_PROC, 16); // cn_msg.id.idx
  b.writeUInt32LE(CN_VAL_PROC, 20); // cn_msg.id.val
  b.writeUInt16LE(4, 32); // cn_msg.len
  b.writeUInt32LE(op, 36);
  return b;
}

/** Decodes one datagram (nlmsghdr, cn_msg, struct proc_event); null for events we do not use. */
export function decodeProcEvent(buf: Buffer, length: number): ProcEvent | null {
  if (length < 16 + 20 + 16 + 8) return null;
  const what = buf.readUInt32LE(36);
  const data = 36 + 16; // after what, cpu, timestamp_ns
  if (what === PROC_EVENT_FORK) {
    const pid = buf.readInt32LE(data + 8);
    return { what: 'fork', pid: buf.readInt32LE(data + 12), thread: pid !== buf.readInt32LE(data + 12) };
  }
  if (what === PROC_EVENT_EXEC || what === PROC_EVENT_EXIT) {
    const pid = buf.readInt32LE(data);
    const tgid = buf.readInt32LE(data + 4);
    return { what: what === PROC_EVENT_EXEC ? 'exec' : 'exit', pid: tgid, thread: pid !== tgid };
  }
  return null;
}

/** A non-blocking proc connector socket, subscribed. The caller polls fd and calls read(). */
export class ProcConnector {
  readonly fd: number;
  private readonly buf = Buffer.alloc(4096);
  private closed = false;

  constructor() {
    this.fd = s.socket(s.AF_NETLINK, s.SOCK_DGRAM | s.SOCK_NONBLOCK, s.NETLINK_CONNECTOR);
    try {
      s.bindNetlink(this.fd, 0, CN_IDX_PROC);
      s.sendto(this.fd, controlMessage(PROC_CN_MCAST_LISTEN));
    } catch (e) {
      close(this.fd);
      throw e;
    }
  }

  /** Every event waiting now; lost: true when the kernel dropped some (ENOBUFS). */
  read(): { events: ProcEvent[]; lost: boolean } {
    const events: ProcEvent[] = [];
    let lost = false;
    for (;;) {
      const n = s.recvInto(this.fd, this.buf, s.MSG_DONTWAIT);
      if (n === -E.EAGAIN) break;
      if (n === -E.EINTR) continue;
      if (n === -E.ENOBUFS) {
        lost = true;
        continue;
      }
      const ev = decodeProcEvent(this.buf, n);
      if (ev) events.push(ev);
    }
    return { events, lost };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      s.sendto(this.fd, controlMessage(PROC_CN_MCAST_IGNORE));
    } catch {
      // closing anyway
    }
    close(this.fd);
  }
}
