// From what a user types (a name, an id, pid:N) to an open handle on the namespace. Names are
// tried first, so a namespace named "4026532000" is still reachable by its name.
import { fstatSync } from 'node:fs';
import type { NamespaceSummary } from '../../../shared/model';
import { StudioError } from '../../../shared/result';
import type { NsHandle } from '../net/ns-handle';
import * as libc from '../sys/libc';
import { SysError } from '../sys/libc';
import { discoverNamespaces, namedMountPoints, NETNS_RUN_DIR } from './discover';

/** A handle plus the name it was reached by (null for pid:N and ids without a name). */
export interface ResolvedNamespace extends NsHandle {
  name: string | null;
}

const inodeOf = (fd: number): string => String(fstatSync(fd).ino);

function openHandle(path: string, label: string, name: string | null): ResolvedNamespace {
  const fd = libc.open(path, libc.O_RDONLY);
  return { id: inodeOf(fd), fd, label, name };
}

/**
 * Opens the namespace a reference names. Equals how `ip -n REF` finds it for names
 * (/run/netns/REF); ids are looked up among every namespace (discover.ts); pid:N opens
 * /proc/N/ns/net. The caller owns the fd: closeNamespace() it when done.
 */
export function resolveNamespace(ref: string): ResolvedNamespace {
  const unknown = () => new StudioError('not-found', `no namespace named or numbered ${ref}`, { field: 'namespace' });
  const pid = /^pid:([1-9][0-9]*)$/.exec(ref);
  if (pid) {
    try {
      return openHandle(`/proc/${pid[1]}/ns/net`, `the namespace of pid ${pid[1]}`, null);
    } catch (e) {
      if (e instanceof SysError && e.code === 'ENOENT') throw new StudioError('not-found', `process ${pid[1]} does not exist`, { field: 'namespace', errno: 'ENOENT' });
      throw e;
    }
  }
  if (!ref.includes('/') && ref !== '.' && ref !== '..' && namedMountPoints().has(ref)) {
    try {
      return openHandle(`${NETNS_RUN_DIR}/${ref}`, `namespace ${ref}`, ref);
    } catch (e) {
      if (!(e instanceof SysError && e.code === 'ENOENT')) throw e; // deleted meanwhile: try as an id
    }
  }
  if (/^[0-9]+$/.test(ref)) {
    const ns = discoverNamespaces().find((n) => n.id === ref);
    const h = ns ? openSummary(ns) : null;
    if (h) return h;
  }
  throw unknown();
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
      const h = openHandle(path, label, ns.names[0] ?? null);
      if (h.id === ns.id) return h;
      libc.close(h.fd);
    } catch {
      // gone meanwhile: try the next way in
    }
  }
  return null;
}

export const closeNamespace = (h: NsHandle): void => libc.close(h.fd);
