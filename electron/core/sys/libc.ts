// The C library, through koffi. Only the calls the core needs, each declared once here; modules
// that need a call import it from this file. Every wrapper that can fail throws SysError, which
// keeps the operation and errno so that errors.ts can put them into words.
import koffi from 'koffi';
import { errnoName } from './errno';

export const libc = koffi.load('libc.so.6');

const _strerror = libc.func('const char *strerror(int errnum)');

/** The C library's description of an errno ("File exists"), as strerror(3) gives it. */
export function errnoText(errno: number): string {
  return (_strerror(Math.abs(errno)) as string | null) ?? `error ${Math.abs(errno)}`;
}

/** A failed system call: which call, on what, and the errno. */
export class SysError extends Error {
  constructor(
    readonly op: string,
    readonly errno: number,
    readonly target?: string,
  ) {
    super(`${op}${target ? ` ${target}` : ''}: ${errnoText(errno)} (${errnoName(errno)})`);
    this.name = 'SysError';
  }
  get code(): string {
    return errnoName(this.errno);
  }
}

/** Throws SysError when a call returned -1; returns the result otherwise. */
export function check(result: number, op: string, target?: string): number {
  if (result < 0) throw new SysError(op, koffi.errno(), target);
  return result;
}

export const errno = (): number => koffi.errno();

// Flags from <sched.h>, <fcntl.h>, <sys/mount.h>, <sys/file.h>.
export const CLONE_NEWNS = 0x00020000;
export const CLONE_NEWNET = 0x40000000;
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_NONBLOCK = 0o4000;
export const O_DIRECTORY = 0o200000;
export const O_CLOEXEC = 0o2000000;
export const MS_RDONLY = 1;
export const MS_REMOUNT = 32;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MS_PRIVATE = 1 << 18;
export const MS_SLAVE = 1 << 19;
export const MS_SHARED = 1 << 20;
export const MNT_DETACH = 2;
export const LOCK_EX = 2;
export const LOCK_UN = 8;

const _open = libc.func('int open(const char *path, int flags, int mode)');
const _close = libc.func('int close(int fd)');
const _setns = libc.func('int setns(int fd, int nstype)');
const _unshare = libc.func('int unshare(int flags)');
const _mount = libc.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)');
const _umount2 = libc.func('int umount2(const char *target, int flags)');
const _flock = libc.func('int flock(int fd, int operation)');
const _fcntl = libc.func('int fcntl(int fd, int cmd, ...)');
const F_DUPFD_CLOEXEC = 1030;

/** open(2); O_CLOEXEC always, so no descriptor leaks into the commands we spawn. */
export const open = (path: string, flags: number, mode = 0): number => check(_open(path, flags | O_CLOEXEC, mode), 'open', path);
export const close = (fd: number): void => void check(_close(fd), 'close');
/** setns(2): moves the calling thread (Node's main thread) into the namespace behind fd. */
export const setns = (fd: number, nstype: number, target?: string): void => void check(_setns(fd, nstype), 'setns', target);
export const unshare = (flags: number): void => void check(_unshare(flags), 'unshare');
export const mount = (source: string | null, target: string, fstype: string | null, flags: number): void =>
  void check(_mount(source, target, fstype, flags, null), 'mount', target);
export const umount2 = (target: string, flags: number): void => void check(_umount2(target, flags), 'umount', target);
export const flock = (fd: number, operation: number): void => void check(_flock(fd, operation), 'flock');

/**
 * Makes room for `count` more descriptors in one go. The kernel grows a process's descriptor
 * table by doubling, and in a multi-threaded process (Node is one) every growth waits for an RCU
 * grace period: opening 1000 namespaces grew it five times, 15-25 ms here. A descriptor
 * duplicated `count` places up grows it once, and the table never shrinks. Only an
 * optimisation: any failure is ignored.
 */
export function reserveFds(count: number): void {
  const base = _open('/dev/null', O_RDONLY | O_CLOEXEC, 0);
  if (base < 0) return;
  const high = _fcntl(base, F_DUPFD_CLOEXEC, 'int', base + count);
  if (high >= 0) _close(high);
  _close(base);
}
