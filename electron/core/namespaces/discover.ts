// Every network namespace on the machine, found the way lsns and `ip netns list` do, without
// spawning anything: the names bound under /run/netns (checked against the mount table, so a stale
// file that is not a mount is not a namespace) and the namespace of every process (/proc/PID/ns/net),
// merged by inode. A normal machine takes about 1-2 ms.
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import type { NamespaceSummary, ProcessInfo } from '../../../shared/model';

export const NETNS_RUN_DIR = '/run/netns';

/** How many processes a summary names with their command (all PIDs are always listed). */
const MAX_PROCESSES = 16;

/** Undoes the octal escapes (\040 for a space...) the kernel writes in mountinfo paths. */
const unescapeMountPath = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

let readBuffer = Buffer.alloc(256 * 1024);

/**
 * Reads a /proc file in as few read() calls as possible: the kernel regenerates mountinfo up to
 * the offset on each call, so readFileSync's small chunks make it quadratic (4 ms for 400 mounts).
 */
function readProcFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.alloc(readBuffer.length * 2);
        readBuffer.copy(bigger);
        readBuffer = bigger;
      }
      const n = readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) return readBuffer.toString('utf8', 0, length);
      length += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The nsfs mounts directly under /run/netns, name → namespace inode, from mountinfo alone: an
 * nsfs mount's root field says which namespace it holds ("net:[4026532466]"), so no stat is
 * needed. A name mounted twice shows the later mount, as the path does.
 */
export function namedMountPoints(mountinfo = readProcFile('/proc/self/mountinfo')): Map<string, string> {
  const found = new Map<string, string>();
  const prefix = `${NETNS_RUN_DIR}/`;
  for (const line of mountinfo.split('\n')) {
    // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": field 4 is the root of
    // the mount, field 5 the mount point; after the " - " separator comes the file system type.
    const fields = line.split(' ');
    const mountPoint = fields[4];
    if (!mountPoint?.startsWith(prefix)) continue;
    const sep = fields.indexOf('-', 6);
    const root = fields[3]!;
    if (sep < 0 || fields[sep + 1] !== 'nsfs' || !root.startsWith('net:[')) continue;
    const path = unescapeMountPath(mountPoint);
    if (path.lastIndexOf('/') === NETNS_RUN_DIR.length) found.set(path.slice(prefix.length), root.slice(5, -1));
  }
  return found;
}

/**
 * The names under /run/netns with no namespace mounted on them: stale files, left by an
 * `ip netns add` killed between creating the file and mounting onto it (or one in the middle of
 * doing so right now). `ip netns list` shows them; nothing can use them.
 */
export function staleNames(named: Map<string, string> = namedMountPoints()): string[] {
  try {
    return readdirSync(NETNS_RUN_DIR).filter((f) => !named.has(f)).sort();
  } catch {
    return []; // no /run/netns yet
  }
}

/** The inode of a namespace path ("net:[4026531840]" as readlink shows it), or null if unreadable. */
function nsInodeOfLink(path: string): string | null {
  try {
    const target = readlinkSync(path);
    return target.startsWith('net:[') ? target.slice(5, -1) : null;
  } catch {
    return null; // the process exited meanwhile, or we may not look
  }
}

/** The id (inode, decimal) of the namespace the calling thread is in. */
export const currentNamespaceId = (): string => nsInodeOfLink('/proc/thread-self/ns/net') ?? '';

/** A process's command name: /proc/PID/comm, else the first word of its command line. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trimEnd();
  } catch {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    } catch {
      return '';
    }
  }
}

/** inode → PIDs of every process whose network namespace it is. */
export function processNamespaces(): Map<string, number[]> {
  const byNs = new Map<string, number[]>();
  for (const entry of readdirSync('/proc')) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue; // only the numeric entries are processes
    const id = nsInodeOfLink(`/proc/${entry}/ns/net`);
    if (!id) continue; // kernel threads have no ns links readable; exited processes vanish
    const pids = byNs.get(id);
    if (pids) pids.push(Number(entry));
    else byNs.set(id, [Number(entry)]);
  }
  return byNs;
}

/**
 * Every namespace: named and anonymous, deduplicated by inode, sorted with the core's own first,
 * then named ones by name, then the rest by id. nsid is left null (the netlink side fills it).
 * Equals `ip netns list` together with `lsns -t net` (which alone misses namespaces without processes).
 * `named` lets a caller that knows the names did not change (namespace watching) skip reading them.
 */
export function discoverNamespaces(named: Map<string, string> = namedMountPoints()): NamespaceSummary[] {
  const current = currentNamespaceId();
  const byId = new Map<string, NamespaceSummary>();
  const get = (id: string): NamespaceSummary => {
    let ns = byId.get(id);
    if (!ns) byId.set(id, (ns = { id, names: [], pids: [], processes: [], nsid: null, current: id === current }));
    return ns;
  };
  for (const [name, id] of named) get(id).names.push(name);
  for (const [id, pids] of processNamespaces()) {
    const ns = get(id);
    ns.pids = pids.sort((a, b) => a - b);
    ns.processes = pids.slice(0, MAX_PROCESSES).map((pid): ProcessInfo => ({ pid, command: commandOf(pid) }));
  }
  if (current) get(current);
  const list = [...byId.values()];
  for (const ns of list) ns.names.sort();
  const rank = (ns: NamespaceSummary) => (ns.current ? 0 : ns.names.length ? 1 : 2);
  // Names in code-point order, the same on every machine and cheap (a locale's collator costs
  // ~15 ms to load, more than the whole sort); ids are decimal inodes: shorter is smaller.
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return list.sort((a, b) => rank(a) - rank(b) || byCode(a.names[0] ?? '', b.names[0] ?? '') || a.id.length - b.id.length || byCode(a.id, b.id));
}
