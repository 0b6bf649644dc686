// From what a user types (a name, an id, pid:N) to an open handle on the namespace. Names are
// tried first, so a namespace named "4026532000" is still reachable by its name.
import { fstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import type { NamespaceSummary } from '../../../shared/model';
import { StudioError } from '../../../shared/result';
import type { NsHandle } from '../net/ns-handle';
import * as libc from '../sys/libc';
import { SysError } from '../sys/libc';
import { currentNamespaceId, namedMountPoints, NETNS_RUN_DIR } from './discover';

/** A handle plus the name it was reached by (null for pid:N and ids without a name). */
export interface ResolvedNamespace extends NsHandle {
  name: string | null;
}

/** The device number of nsfs, the file system every namespace file is on (the same for all). */
let nsfsDev: number | null = null;
const nsfs = (): number => (nsfsDev ??= statSync('/proc/thread-self/ns/net').dev);

/**
 * The id of the namespace an open fd holds, or null when it is an ordinary file (a stale name
 * under /run/netns, nothing mounted). One fstat, where the mount table would cost a read of all of
 * mountinfo. It does not tell the kind of namespace: one of another kind bound under /run/netns
 * (which `ip netns` never does) passes here and is refused by setns when used.
 */
function netnsIdOfFd(fd: number): string | null {
  const st = fstatSync(fd);
  return st.dev === nsfs() ? String(st.ino) : null;
}

/** Opens path; the handle when it is a network namespace, else null (and nothing stays open). */
function openNetns(path: string, label: string, name: string | null): ResolvedNamespace | null {
  const fd = libc.open(path, libc.O_RDONLY);
  const id = netnsIdOfFd(fd);
  if (id !== null) return { id, fd, label, name };
  libc.close(fd);
  return null;
}

/** The id of the network namespace mounted at path, or null (nothing there, a stale file...). */
export function netnsIdAt(path: string): string | null {
  try {
    const h = openNetns(path, path, null);
    if (h) libc.close(h.fd);
    return h?.id ?? null;
  } catch {
    return null;
  }
}

/**
 * Opens the namespace a reference names. Equals how `ip -n REF` finds it for names
 * (/run/netns/REF, which must hold a network namespace); ids are looked up in `known` (the
 * watcher's list, when the caller has one), then among the names and the processes, stopping at
 * the first match; pid:N opens /proc/N/ns/net. The caller owns the fd: closeNamespace() it when done.
 */
export function resolveNamespace(ref: string, known?: readonly NamespaceSummary[]): ResolvedNamespace {
  const unknown = () => new StudioError('not-found', `no namespace named or numbered ${ref}`, { field: 'namespace' });
  const pid = /^pid:([1-9][0-9]*)$/.exec(ref);
  if (pid) {
    try {
      return openNetns(`/proc/${pid[1]}/ns/net`, `the namespace of pid ${pid[1]}`, null) ?? unreachable(ref);
    } catch (e) {
      if (e instanceof SysError && e.code === 'ENOENT') throw new StudioError('not-found', `process ${pid[1]} does not exist`, { field: 'namespace', errno: 'ENOENT' });
      throw e;
    }
  }
  if (!ref.includes('/') && ref !== '.' && ref !== '..') {
    try {
      const h = openNetns(`${NETNS_RUN_DIR}/${ref}`, `namespace ${ref}`, ref);
      if (h) return h; // else a stale file or not a network namespace: maybe an id
    } catch (e) {
      if (!(e instanceof SysError && e.code === 'ENOENT')) throw e; // no such name: maybe an id
    }
  }
  if (/^[0-9]+$/.test(ref)) {
    const h = openById(ref, known);
    if (h) return h;
  }
  throw unknown();
}

/** /proc/PID/ns/net is always a network namespace; a kernel that says otherwise is a bug to report. */
const unreachable = (ref: string): never => {
  throw new StudioError('internal', `${ref} does not lead to a network namespace`);
};

/**
 * Opens the namespace with this id: through the summary in `known`, else through the first name
 * or process found holding it (the names first: one read of mountinfo; then /proc/PID/ns/net,
 * one readlink per process until a match). No full discovery.
 */
function openById(id: string, known?: readonly NamespaceSummary[]): ResolvedNamespace | null {
  const summary = known?.find((n) => n.id === id);
  const h = summary ? openSummary(summary) : null;
  if (h) return h;
  const named = [...namedMountPoints()].filter(([, ino]) => ino === id).map(([name]) => name).sort();
  if (named.length) {
    const byName = openSummary({ id, names: named, pids: [], processes: [], nsid: null, current: false });
    if (byName) return byName;
  }
  if (id === currentNamespaceId()) return openSummary({ id, names: [], pids: [], processes: [], nsid: null, current: true });
  for (const entry of readdirSync('/proc')) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let target: string;
    try {
      target = readlinkSync(`/proc/${entry}/ns/net`);
    } catch {
      continue; // exited, or not ours to look at
    }
    if (target !== `net:[${id}]`) continue;
    const byPid = openSummary({ id, names: [], pids: [Number(entry)], processes: [], nsid: null, current: false });
    if (byPid) return byPid;
  }
  return null;
}

/**
 * Opens a namespace found by discovery, through one of its names or any process in it, checking
 * the inode (PIDs can be reused); null when it is gone meanwhile.
 */
export function openSummary(ns: NamespaceSummary): ResolvedNamespace | null {
  const paths = [...ns.names.map((n) => `${NETNS_RUN_DIR}/${n}`), ...ns.pids.map((p) => `/proc/${p}/ns/net`)];
  if (ns.current) paths.push('/proc/thread-self/ns/net');
  const label = ns.names[0] ? `namespace ${ns.names[0]}` : ns.current ? 'the main namespace' : `namespace ${ns.id} (pid ${ns.pids[0]})`;
  for (const path of paths) {
    try {
      const h = openNetns(path, label, ns.names[0] ?? null);
      if (h?.id === ns.id) return h;
      if (h) libc.close(h.fd);
    } catch {
      // gone meanwhile: try the next way in
    }
  }
  return null;
}

export const closeNamespace = (h: NsHandle): void => libc.close(h.fd);
