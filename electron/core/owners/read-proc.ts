// The thin reader behind detect.ts: a few files of /proc per namespace (cgroup, cmdline, comm,
// environ, stat of its oldest processes and of their parents). Processes exit while we read: a
// file that vanishes leaves that fact empty, never an error, so the answer is partial at worst.
import { readFileSync } from 'node:fs';
import type { NamespaceSummary } from '../../../shared/model';
import { detectOwner, ENVIRON_KEYS, parseEnviron, type NamespaceFacts, type ProcFacts } from './detect';

export type ReadText = (path: string) => string;

/** How many processes of a namespace are read (the oldest: a container's init, its first children). */
const MEMBERS = 4;
/** How far up the parents go (container init → conmon/shim/nspawn is one or two steps). */
const ANCESTRY = 4;

const readText: ReadText = (path) => readFileSync(path, 'latin1');

/** A file's text, or '' when it is gone (the process exited) or unreadable. */
function tryRead(read: ReadText, path: string): string {
  try {
    return read(path);
  } catch {
    return '';
  }
}

/** The parent's PID from /proc/PID/stat: the field after the state, past the ")" ending comm. */
export function parentOf(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}

/** One process's facts; null when it is gone before its first file was read. */
export function readProcFacts(pid: number, read: ReadText = readText): (ProcFacts & { ppid: number | null }) | null {
  const stat = tryRead(read, `/proc/${pid}/stat`);
  if (!stat) return null;
  const comm = tryRead(read, `/proc/${pid}/comm`).trimEnd();
  const cmdline = tryRead(read, `/proc/${pid}/cmdline`).split('\0');
  while (cmdline.length && cmdline[cmdline.length - 1] === '') cmdline.pop();
  return {
    pid,
    comm,
    cmdline,
    cgroup: tryRead(read, `/proc/${pid}/cgroup`),
    environ: parseEnviron(tryRead(read, `/proc/${pid}/environ`), ENVIRON_KEYS),
    ppid: parentOf(stat),
  };
}

/** What detect.ts needs about one namespace. `cache` shares parents read for several namespaces. */
export function namespaceFacts(ns: Pick<NamespaceSummary, 'names' | 'current' | 'pids'>, read: ReadText = readText, cache = new Map<number, ReturnType<typeof readProcFacts>>()): NamespaceFacts {
  const facts = (pid: number) => {
    if (!cache.has(pid)) cache.set(pid, readProcFacts(pid, read));
    return cache.get(pid)!;
  };
  const inside = new Set(ns.pids);
  const members: ProcFacts[] = [];
  const ancestors: ProcFacts[] = [];
  if (ns.current) return { names: ns.names, current: true, members, ancestors };
  for (const pid of [...ns.pids].sort((a, b) => a - b).slice(0, MEMBERS)) {
    const p = facts(pid);
    if (!p) continue;
    members.push(p);
    let up = p.ppid;
    for (let i = 0; i < ANCESTRY && up !== null && up > 1; i++) {
      if (inside.has(up)) break; // its parent is a member too: the oldest member walks for both
      const a = facts(up);
      if (!a) break;
      if (!ancestors.includes(a)) ancestors.push(a);
      up = a.ppid;
    }
  }
  return { names: ns.names, current: false, members, ancestors };
}

/** Sets `owner` on every summary (in place) from /proc alone; engines add names later (engines.ts). */
export function detectOwners<T extends NamespaceSummary>(list: T[], read: ReadText = readText): T[] {
  const cache = new Map<number, ReturnType<typeof readProcFacts>>();
  for (const ns of list) ns.owner = detectOwner(namespaceFacts(ns, read, cache));
  return list;
}
