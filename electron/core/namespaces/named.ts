// Named namespaces exactly as iproute2 keeps them (ip/ipnetns.c): a file under /run/netns with
// the namespace bind-mounted onto it, /run/netns itself a shared mount so the names propagate to
// other mount namespaces. What we create, `ip netns list` shows and `ip netns exec` uses; what
// `ip netns add` creates, discover.ts lists.
//
// Making a name is two steps (create the file, mount the namespace on it) and a core killed in
// between leaves a file with nothing mounted: a "stale" name, which `ip netns list` shows and
// nothing can use. The kernel cannot rename a mount point, so the file cannot be made under
// another name first. Instead our files carry a mark (OURS, their mode: iproute2 uses 0, CNI
// 0444), and both steps run under the flock on /run/netns that iproute2 also takes: whoever holds
// it knows no core of ours is between the steps, so an unmounted file with our mark is a
// leftover of ours, and is removed. Other stale files are listed (staleNames) for a person to remove.
import { fstatSync, lstatSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import type { NamespaceSummary } from '../../../shared/model';
import { StudioError } from '../../../shared/result';
import { namespaceName } from '../../../shared/validate';
import * as libc from '../sys/libc';
import { SysError } from '../sys/libc';
import { discoverNamespaces, NETNS_RUN_DIR, processNamespaces } from './discover';
import { netnsIdAt } from './resolve';

const pathOf = (name: string) => `${NETNS_RUN_DIR}/${name}`;

/** The mode of the name files we create: sticky and nothing else, which no other tool uses. */
const OURS = 0o1000;

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

/** flock(LOCK_EX) on /run/netns, as iproute2 takes it; closing the fd drops it. */
function lockRunDir(): number {
  const lock = libc.open(NETNS_RUN_DIR, libc.O_RDONLY | libc.O_DIRECTORY);
  try {
    libc.flock(lock, libc.LOCK_EX);
    return lock;
  } catch (e) {
    libc.close(lock);
    throw e;
  }
}

/**
 * Runs fn with /run/netns made and locked: mkdir /run/netns, then under flock make it a shared
 * mount (binding it onto itself first when it is not a mount point yet, which is what EINVAL
 * says), as iproute2's netns_add does; then our own leftovers go, and fn runs, still locked.
 */
function withRunDir<T>(fn: () => T): T {
  try {
    mkdirSync(NETNS_RUN_DIR, { mode: 0o755 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw words(e, `cannot create ${NETNS_RUN_DIR}`);
  }
  const lock = lockRunDir();
  try {
    let boundOntoItself = false;
    for (;;) {
      try {
        libc.mount('', NETNS_RUN_DIR, 'none', libc.MS_SHARED | libc.MS_REC);
        break;
      } catch (e) {
        if (!(e instanceof SysError) || e.code !== 'EINVAL' || boundOntoItself) throw words(e, `cannot make ${NETNS_RUN_DIR} a shared mount`);
        libc.mount(NETNS_RUN_DIR, NETNS_RUN_DIR, 'none', libc.MS_BIND | libc.MS_REC);
        boundOntoItself = true;
      }
    }
    removeLeftovers();
    return fn();
  } finally {
    libc.close(lock);
  }
}

/**
 * Our files under /run/netns with nothing mounted on them (the lock must be held) go. lstat alone
 * tells: on a name with a namespace mounted it sees the namespace (nsfs, mode 0444), not our mark.
 */
function removeLeftovers(): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(NETNS_RUN_DIR);
  } catch {
    return removed;
  }
  for (const name of names) {
    try {
      const st = lstatSync(pathOf(name));
      if (!st.isFile() || (st.mode & 0o7777) !== OURS || st.size !== 0) continue;
      unlinkSync(pathOf(name));
      removed.push(name);
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}

/**
 * Removes the name files a killed core of ours left unmounted. Equals `rm /run/netns/NAME` for
 * each of them; other stale files are left for a person (staleNames). Returns what it removed.
 */
export function removeOurLeftovers(): string[] {
  let lock: number;
  try {
    lock = lockRunDir();
  } catch {
    return []; // no /run/netns: nothing left behind
  }
  try {
    return removeLeftovers();
  } finally {
    libc.close(lock);
  }
}

/**
 * Removes a stale name: a file under /run/netns with no namespace mounted on it, left by a killed
 * `ip netns add` (or by anything else). Equals `rm /run/netns/NAME` (what `ip netns del NAME`
 * does for such a file); refuses a name that holds a namespace.
 */
export function removeStaleName(name: string): { name: string } {
  checkName(name);
  const missing = () => new StudioError('not-found', `no stale name ${name} in ${NETNS_RUN_DIR}`, { errno: 'ENOENT', field: 'name' });
  let lock: number;
  try {
    lock = lockRunDir(); // so no add of ours is between its two steps on this very name
  } catch {
    throw missing();
  }
  try {
    if (netnsIdAt(pathOf(name)) !== null) {
      throw new StudioError('exists', `name: ${name} is a namespace, not a stale name (remove it with namespace.delete)`, { field: 'name' });
    }
    unlinkSync(pathOf(name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw missing();
    throw words(e, `cannot remove ${pathOf(name)}`);
  } finally {
    libc.close(lock);
  }
  return { name };
}

/** Creates the empty name file, with our mark; O_EXCL makes "already exists" atomic. */
function createNameFile(name: string): void {
  try {
    libc.close(libc.open(pathOf(name), libc.O_RDONLY | libc.O_CREAT | libc.O_EXCL, OURS));
  } catch (e) {
    if (e instanceof SysError && e.code === 'EEXIST') {
      if (netnsIdAt(pathOf(name)) === null)
        throw new StudioError('exists', `a stale name ${name} is in the way: ${pathOf(name)} exists with no namespace mounted on it (remove it first)`, { errno: 'EEXIST', field: 'name' });
      throw new StudioError('exists', `a namespace named ${name} already exists`, { errno: 'EEXIST', field: 'name' });
    }
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

/**
 * The summary of namespace `id` that now also has the name `name`: from `known` (the watcher's
 * list) when it holds the namespace, else from a discovery.
 */
function summaryOfName(name: string, id: string, known?: readonly NamespaceSummary[]): NamespaceSummary {
  const before = known?.find((n) => n.id === id);
  if (before) return { ...before, names: [...before.names.filter((n) => n !== name), name].sort() };
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
  withRunDir(() => {
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
  });
  // Brand new: this name only, no process inside, so no need to scan /proc for it.
  return { id: String(lstatSync(pathOf(name)).ino), names: [name], pids: [], processes: [], nsid: null, current: false };
}

/**
 * Gives the network namespace of process PID the name NAME. Equals `ip netns attach NAME PID`.
 * `known`: the namespaces as the caller already knows them (the watcher's list), if it does.
 */
export function attachNamespace(name: string, pid: number, known?: readonly NamespaceSummary[]): NamespaceSummary {
  checkName(name);
  if (!Number.isInteger(pid) || pid < 1) throw new StudioError('invalid-input', 'pid: a PID is a whole number, at least 1', { field: 'pid' });
  // Hold the process's namespace open first: a missing process is refused before anything is made.
  let nsFd: number;
  let id: string;
  try {
    nsFd = libc.open(`/proc/${pid}/ns/net`, libc.O_RDONLY);
    id = String(fstatSync(nsFd).ino);
  } catch (e) {
    if (e instanceof SysError && e.code === 'ENOENT') throw new StudioError('not-found', `process ${pid} does not exist`, { errno: 'ENOENT', field: 'pid' });
    throw words(e, `cannot open the namespace of process ${pid}`);
  }
  try {
    withRunDir(() => {
      createNameFile(name);
      try {
        // Through our own fd, so the name gets the namespace we checked even if the PID is reused.
        libc.mount(`/proc/self/fd/${nsFd}`, pathOf(name), 'none', libc.MS_BIND);
      } catch (e) {
        removeNameFile(name);
        throw words(e, `cannot name the namespace of process ${pid} ${name}`);
      }
    });
  } finally {
    libc.close(nsFd);
  }
  return summaryOfName(name, id, known);
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
  const isMount = netnsIdAt(path) !== null;
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
