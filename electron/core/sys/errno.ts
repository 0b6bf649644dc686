// errno numbers by name, from Node's own table of the platform's values (os.constants.errno), and
// the reverse: a number's symbolic name. The C library's words for a number are strerror's
// (libc.ts), never a table of ours.
import { constants } from 'node:os';

/** errno values by name: `E.EEXIST`, `E.ENODEV`... as this platform's C library defines them. */
export const E: Readonly<Record<keyof typeof constants.errno, number>> = constants.errno;

// Two names share a number on Linux; the kernel's netlink code says EOPNOTSUPP and EAGAIN.
const preferred = new Set(['EOPNOTSUPP', 'EAGAIN']);
const names = new Map<number, string>();
for (const [name, n] of Object.entries(E)) if (!names.has(n) || preferred.has(name)) names.set(n, name);

/** The symbolic name of an errno ("EEXIST"), or "E<number>" when unknown. */
export function errnoName(errno: number): string {
  return names.get(Math.abs(errno)) ?? `E${Math.abs(errno)}`;
}

/** Whether an error thrown by a system call or a netlink request carries this errno. */
export function hasErrno(e: unknown, errno: number): boolean {
  return e instanceof Error && 'errno' in e && typeof e.errno === 'number' && Math.abs(e.errno) === errno;
}
