// Pseudo-terminals through koffi, instead of node-pty (whose native build fails here): the
// master side opened non-blocking for libuv to poll, the slave side opened by path for a child's
// stdio. read/write on the master return -errno for EAGAIN/EIO so the caller can loop without
// exceptions.
import { E } from './errno';
import { check, close, errno, libc, O_CLOEXEC, O_NOCTTY, O_NONBLOCK, O_RDWR, SysError } from './libc';

const { EAGAIN, EINTR, EIO } = E;
const TIOCSWINSZ = 0x5414;

const _posix_openpt = libc.func('int posix_openpt(int flags)');
const _grantpt = libc.func('int grantpt(int fd)');
const _unlockpt = libc.func('int unlockpt(int fd)');
const _ptsname_r = libc.func('int ptsname_r(int fd, _Out_ uint8_t *buf, size_t len)');
const _ioctl = libc.func('int ioctl(int fd, unsigned long request, const void *arg)');
const _read = libc.func('intptr_t read(int fd, _Out_ void *buf, size_t len)');
const _write = libc.func('intptr_t write(int fd, const void *buf, size_t len)');

/** Opens a new pseudo-terminal; returns the master fd (non-blocking, close-on-exec) and the slave's path. */
export function openPty(): { master: number; slavePath: string } {
  const master = check(_posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC), 'posix_openpt', '/dev/ptmx');
  try {
    check(_grantpt(master), 'grantpt');
    check(_unlockpt(master), 'unlockpt');
    const buf = Buffer.alloc(128);
    const r = _ptsname_r(master, buf, buf.length);
    if (r !== 0) throw new SysError('ptsname_r', r);
    return { master, slavePath: buf.subarray(0, buf.indexOf(0)).toString('utf8') };
  } catch (e) {
    close(master);
    throw e;
  }
}

/** TIOCSWINSZ: tells the terminal (and, by SIGWINCH, its foreground programs) its size. */
export function setWindowSize(fd: number, cols: number, rows: number): void {
  const ws = Buffer.alloc(8); // struct winsize { rows, cols, xpixel, ypixel } as unsigned shorts
  ws.writeUInt16LE(rows, 0);
  ws.writeUInt16LE(cols, 2);
  check(_ioctl(fd, TIOCSWINSZ, ws), 'ioctl TIOCSWINSZ');
}

/** read(2) into buf: bytes read, 0 at end, or -EAGAIN / -EIO (EIO: every slave fd is closed). */
export function readFd(fd: number, buf: Buffer): number {
  const n = Number(_read(fd, buf, buf.length));
  if (n >= 0) return n;
  const e = errno();
  if (e === EAGAIN || e === EIO || e === EINTR) return -e;
  throw new SysError('read', e);
}

/** write(2) from buf: bytes written or -EAGAIN when the terminal's buffer is full. */
export function writeFd(fd: number, buf: Buffer): number {
  const n = Number(_write(fd, buf, buf.length));
  if (n >= 0) return n;
  const e = errno();
  if (e === EAGAIN || e === EINTR) return -EAGAIN;
  throw new SysError('write', e);
}

export { EAGAIN, EIO, EINTR };
