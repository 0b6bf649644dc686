// Sockets through koffi: just what netlink needs (rtnetlink, the proc connector). Buffers are
// passed straight to the C calls (koffi hands over a pointer to their memory), so a receive fills
// the caller's Buffer without a copy. close() is in libc.ts.
import koffi from 'koffi';
import { E } from './errno';
import { check, errno, libc, SysError } from './libc';

// <sys/socket.h>, <linux/netlink.h>
export const AF_NETLINK = 16;
export const SOCK_RAW = 3;
export const SOCK_DGRAM = 2;
export const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
export const SOL_SOCKET = 1;
export const SO_RCVBUFFORCE = 33;
export const SO_RCVTIMEO = 20;
export const SOL_NETLINK = 270;
export const NETLINK_ROUTE = 0;
export const NETLINK_CONNECTOR = 11;
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_CAP_ACK = 10;
export const NETLINK_EXT_ACK = 11;
export const NETLINK_GET_STRICT_CHK = 12;
export const MSG_DONTWAIT = 0x40;

const _socket = libc.func('int socket(int domain, int type, int protocol)');
const _bind = libc.func('int bind(int fd, const void *addr, uint32_t len)');
const _getsockname = libc.func('int getsockname(int fd, void *addr, _Inout_ uint32_t *len)');
const _connect = libc.func('int connect(int fd, const void *addr, uint32_t len)');
const _setsockopt = libc.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)');
const _sendto = libc.func('intptr_t sendto(int fd, const void *buf, size_t len, int flags, const void *addr, uint32_t addrlen)');
const _recv = libc.func('intptr_t recv(int fd, void *buf, size_t len, int flags)');

/** struct sockaddr_nl: family, pad, pid (port id), groups (the legacy 32-bit group mask). */
export function sockaddrNl(pid = 0, groups = 0): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16LE(AF_NETLINK, 0);
  b.writeUInt32LE(pid, 4);
  b.writeUInt32LE(groups >>> 0, 8);
  return b;
}

/** socket(2); CLOEXEC always, so no socket leaks into the commands we spawn. */
export const socket = (domain: number, type: number, protocol: number): number =>
  check(_socket(domain, type | SOCK_CLOEXEC, protocol), 'socket');

/** bind(2) to a netlink address: pid 0 lets the kernel choose the port id. */
export const bindNetlink = (fd: number, pid = 0, groups = 0): void => {
  const addr = sockaddrNl(pid, groups);
  check(_bind(fd, addr, addr.length), 'bind');
};

/**
 * connect(2) to a netlink address: with port 0, the kernel. A connected netlink socket takes
 * datagrams only from that address, so no other process can write into its stream.
 */
export const connectNetlink = (fd: number, pid = 0): void => {
  const addr = sockaddrNl(pid);
  check(_connect(fd, addr, addr.length), 'connect');
};

/** SO_RCVTIMEO: a blocking receive gives up after ms with EAGAIN instead of waiting forever. */
export function setReceiveTimeout(fd: number, ms: number): void {
  const tv = Buffer.alloc(16); // struct timeval { tv_sec, tv_usec } as two 64-bit longs
  tv.writeBigInt64LE(BigInt(Math.floor(ms / 1000)), 0);
  tv.writeBigInt64LE(BigInt((ms % 1000) * 1000), 8);
  check(_setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, tv.length), 'setsockopt SO_RCVTIMEO');
}

/** The netlink port id the kernel gave this socket (getsockname). */
export function netlinkPortId(fd: number): number {
  const addr = Buffer.alloc(12);
  const len = [12];
  check(_getsockname(fd, addr, len), 'getsockname');
  return addr.readUInt32LE(4);
}

/** setsockopt(2) with an int value, the only kind netlink options take. */
export function setsockoptInt(fd: number, level: number, name: number, value: number): void {
  const b = Buffer.alloc(4);
  b.writeInt32LE(value, 0);
  check(_setsockopt(fd, level, name, b, 4), 'setsockopt');
}

/** sendto(2) a whole message; to the kernel (port 0) unless an address is given. Returns bytes sent. */
export function sendto(fd: number, data: Buffer, flags = 0, addr: Buffer = sockaddrNl()): number {
  return Number(check(Number(_sendto(fd, data, data.length, flags, addr, addr.length)), 'sendto'));
}

/**
 * The same send on libuv's thread pool, for the slow ones (moving a link to another namespace
 * spends ~15-20 ms inside send), so the event loop stays free meanwhile.
 */
export function sendtoAsync(fd: number, data: Buffer, flags = 0, addr: Buffer = sockaddrNl()): Promise<number> {
  return new Promise((resolve, reject) => {
    _sendto.async(fd, data, data.length, flags, addr, addr.length, (err: unknown, res: number | bigint) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      const n = Number(res);
      // errno of a pool thread is not ours to read reliably; koffi saves it per call.
      if (n < 0) return reject(new SysError('sendto', koffi.errno()));
      resolve(n);
    });
  });
}

/**
 * recv(2) into buf. Returns the byte count, or -errno for EAGAIN/EINTR/ENOBUFS so callers can
 * loop on a non-blocking socket without exceptions in the normal case; other errors throw.
 */
export function recvInto(fd: number, buf: Buffer, flags = 0): number {
  const n = Number(_recv(fd, buf, buf.length, flags));
  if (n >= 0) return n;
  const e = errno();
  if (e === E.EAGAIN || e === E.EINTR || e === E.ENOBUFS) return -e;
  throw new SysError('recv', e);
}
