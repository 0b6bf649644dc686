// inotify through koffi: an fd libuv can poll, watches, and the decoding of struct inotify_event.
import { check, libc } from './libc';

export const IN_NONBLOCK = 0o4000;
export const IN_CLOEXEC = 0o2000000;
export const IN_MOVED_FROM = 0x40;
export const IN_MOVED_TO = 0x80;
export const IN_CREATE = 0x100;
export const IN_DELETE = 0x200;
export const IN_DELETE_SELF = 0x400;
export const IN_MOVE_SELF = 0x800;
export const IN_IGNORED = 0x8000;
export const IN_ONLYDIR = 0x1000000;

const _init1 = libc.func('int inotify_init1(int flags)');
const _add = libc.func('int inotify_add_watch(int fd, const char *path, uint32_t mask)');
const _rm = libc.func('int inotify_rm_watch(int fd, int wd)');

export const inotifyInit = (): number => check(_init1(IN_NONBLOCK | IN_CLOEXEC), 'inotify_init1');
export const addWatch = (fd: number, path: string, mask: number): number => check(_add(fd, path, mask), 'inotify_add_watch', path);
export const removeWatch = (fd: number, wd: number): void => void _rm(fd, wd); // fails only for a watch already gone

export interface InotifyEvent {
  wd: number;
  mask: number;
  name: string;
}

/** Decodes the struct inotify_event records (wd, mask, cookie, len, name[len]) of one read. */
export function decodeEvents(buf: Buffer, length: number): InotifyEvent[] {
  const events: InotifyEvent[] = [];
  for (let off = 0; off + 16 <= length; ) {
    const len = buf.readUInt32LE(off + 12);
    const raw = buf.subarray(off + 16, off + 16 + len);
    const nul = raw.indexOf(0);
    events.push({ wd: buf.readInt32LE(off), mask: buf.readUInt32LE(off + 4), name: raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8') });
    off += 16 + len;
  }
  return events;
}
