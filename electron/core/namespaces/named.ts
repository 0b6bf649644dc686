// Named namespaces exactly as iproute2 keeps them (ip/ipnetns.c): a file under /run/netns with
// the namespace bind-mounted onto it, /run/netns itself a shared mount so the names propagate to
// other mount namespaces. What we create, `ip netns list` shows and `ip netns exec` uses; what
// `ip netns add` creates, discover.ts lists.
import { lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import type { NamespaceSummary } from '../../../shared/model';
import { StudioError } from '../../../shared/result';
import { namespaceName } from '../../../shared/validate';
import * as libc from '../sys/libc';
import { SysError } from '../sys/libc';
import { discoverNamespaces, namedMountPoints, NETNS_RUN_DIR, processNamespaces } from './discover';

const pathOf = (name: string) => `${NETNS_RUN_DIR}/${name}`;

/** Refuses a bad name before anything is touched (the contract checks too; the core trusts no caller). */
function checkName(name: string): void {
  const r = namespaceName.safeParse(name);
  if (!r.success) throw new StudioError('invalid-input', `name: ${r.error.issues[0]?.message ?? 'not a valid namespace name'}`, { field: 'name' });
}

const words = (e: unknown, what: string): StudioError => {
  if (e instanceof StudioError) return e;
  if (e instanceof SysError) {
    const code = e.code === 'EPERM' || e.code === 'EACCES' ? 'permission' : e.code === 'EEXIST' ? 'exists' : 'kernel';
    return new StudioError(code, `${what}: ${e.message}`, { errno: e.code });
  }
  const err = e as NodeJS.ErrnoException;
  const code = err.code === 'EPERM' || err.code === 'EACCES' ? 'permission' : 'kernel';
  return new StudioError(code, `${what}: ${err.message}`, err.code ? { errno: err.code } : {});
};

/**
 * mkdir /run/netns, then under flock make it a shared mount (binding it onto itself first when
 * it is not a mount point yet, which is what EINVAL says). As iproute2's netns_add does.
 */
function prepareRunDir(): void {
  try {
    mkdirSync(NETNS_RUN_DIR, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw words(e, `cannot create ${NETNS_RUN_DIR}`);
  }
  const lock = libc.open(NETNS_RUN_DIR, libc.O_RDONLY | libc.O_DIRECTORY);
  try {
    libc.flock(lock, libc.LOCK_EX);
    let boundOntoItself = false;
    for (;;) {
      try {
        libc.mount('', NETNS_RUN_DIR, 'none', libc.MS_SHARED | libc.MS_REC);
        return;
      } catch (e) {
        if (!(e instanceof SysError) || e.code !== 'EINVAL' || boundOntoItself) throw words(e, `cannot make ${NETNS_RUN_DIR} a shared mount`);
        libc.mount(NETNS_RUN_DIR, NETNS_RUN_DIR, 'none', libc.MS_BIND | libc.MS_REC);
        boundOntoItself = true;
      }
    }
  } finally {
    libc.close(lock); // closing drops the flock
  }
}

/** Creates the empty name file; O_EXCL makes "already exists" atomic. */
function createNameFile(name: string): void {
  try {
    libc.close(libc.open(pathOf(name), libc.O_RDONLY | libc.O_CREAT | libc.O_EXCL, 0));
  } catch (e) {
    if (e instanceof SysError && e.code === 'EEXIST') throw new StudioError('exists', `a namespace named ${name} already exists`, { errno: 'EEXIST', field: 'name' });
    throw words(e, `cannot create the namespace file ${pathOf(name)}`);
  }
}

/** Removes a name file we just made, after a failure (best effort: the failure is what we report). */
function removeNameFile(name: string): void {
  try {
    libc.umount2(pathOf(name), libc.MNT_DETACH);
  } catch {
    // not mounted: nothing to undo
  }
  try {
    unlinkSync(pathOf(name));
  } catch {
    // already gone
  }
}

function summaryOfName(name: string): NamespaceSummary {
  const ns = discoverNamespaces().find((n) => n.names.includes(name));
  if (!ns) throw new StudioError('internal', `namespace ${name} was created but cannot be found`);
  return ns;
}

/**
 * Creates a new network namespace named NAME. Equals `ip netns add NAME`: a new namespace made by
 * unshare(CLONE_NEWNET) on the calling thread, bind-mounted onto /run/netns/NAME, and the thread
 * returned to its own namespace. Any failure removes what was made.
 */
export function addNamespace(name: string): NamespaceSummary {
  checkName(name);
  prepareRunDir();
  createNameFile(name);
  let original = -1;
  try {
    original = libc.open('/proc/thread-self/ns/net', libc.O_RDONLY);
    libc.unshare(libc.CLONE_NEWNET);
    try {
      libc.mount('/proc/thread-self/ns/net', pathOf(name), 'none', libc.MS_BIND);
    } finally {
      // Back home before anything else happens on this thread, whatever mount did.
      libc.setns(original, libc.CLONE_NEWNET, 'the core\'s own namespace');
    }
  } catch (e) {
    removeNameFile(name);
    throw words(e, `cannot create namespace ${name}`);
  } finally {
    if (original >= 0) libc.close(original);
  }
  // Brand new: this name only, no process inside, so no need to scan /proc for it.
  return { id: String(lstatSync(pathOf(name)).ino), names: [name], pids: [], processes: [], nsid: null, current: false };
}

/**
 * Gives the network namespace of process PID the name NAME. Equals `ip netns attach NAME PID`.
 */
export function attachNamespace(name: string, pid: number): NamespaceSummary {
  checkName(name);
  if (!Number.isInteger(pid) || pid < 1) throw new StudioError('invalid-input', 'pid: a PID is a whole number, at least 1', { field: 'pid' });
  // Hold the process's namespace open first: a missing process is refused before anything is made.
  let nsFd: number;
  try {
    nsFd = libc.open(`/proc/${pid}/ns/net`, libc.O_RDONLY);
  } catch (e) {
    if (e instanceof SysError && e.code === 'ENOENT') throw new StudioError('not-found', `process ${pid} does not exist`, { errno: 'ENOENT', field: 'pid' });
    throw words(e, `cannot open the namespace of process ${pid}`);
  }
  try {
    prepareRunDir();
    createNameFile(name);
    try {
      // Through our own fd, so the name gets the namespace we checked even if the PID is reused.
      libc.mount(`/proc/self/fd/${nsFd}`, pathOf(name), 'none', libc.MS_BIND);
    } catch (e) {
      removeNameFile(name);
      throw words(e, `cannot name the namespace of process ${pid} ${name}`);
    }
  } finally {
    libc.close(nsFd);
  }
  return summaryOfName(name);
}

/**
 * Removes the name NAME. Equals `ip netns del NAME` (umount2 MNT_DETACH, unlink). The namespace
 * itself lives on while processes are in it: their PIDs come back in heldBy.
 */
export function deleteNamespace(name: string): { name: string; heldBy: number[] } {
  checkName(name);
  const path = pathOf(name);
  let inode: string;
  try {
    inode = String(lstatSync(path).ino);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StudioError('not-found', `no namespace named ${name}`, { errno: 'ENOENT', field: 'name' });
    throw words(e, `cannot look at ${path}`);
  }
  // lstat of a bind mount gives the mounted namespace's inode; of a stale file, the file's own.
  const isMount = namedMountPoints().has(name);
  try {
    libc.umount2(path, libc.MNT_DETACH);
  } catch (e) {
    // A stale file (not a mount) is removed like ip does; other failures are real.
    if (!(e instanceof SysError && e.code === 'EINVAL')) throw words(e, `cannot remove namespace ${name}`);
  }
  try {
    unlinkSync(path);
  } catch (e) {
    throw words(e, `cannot remove the namespace file ${path}`);
  }
  const heldBy = isMount ? (processNamespaces().get(inode) ?? []).sort((a, b) => a - b) : [];
  return { name, heldBy };
}
