// Namespaces appearing and disappearing, as events. Two kernel sources say when to look again:
// inotify on /run/netns (names added and removed, by us, `ip netns` or anyone) and the proc
// connector (processes forking, exec'ing, exiting: anonymous namespaces come and go with them).
// Each wakes a coalesced re-discovery (discover.ts, ~1-2 ms), at most one per `intervalMs`, whose
// difference from the last one becomes 'namespace.added' / 'namespace.changed' / 'namespace.removed'.
// Nothing blocks: both fds are non-blocking and polled by libuv (koffi.node.poll).
import { existsSync } from 'node:fs';
import koffi from 'koffi';
import type { EventPayload } from '../../../shared/contract';
import type { NamespaceSummary } from '../../../shared/model';
import * as ino from '../sys/inotify';
import { close } from '../sys/libc';
import { ProcConnector } from '../sys/proc-connector';
import { readFd } from '../sys/pty';
import { discoverNamespaces, namedMountPoints, NETNS_RUN_DIR, staleNames } from './discover';

type PollHandle = ReturnType<typeof koffi.node.poll>;

export type NamespaceEvent =
  | { event: 'namespace.added'; payload: EventPayload<'namespace.added'> }
  | { event: 'namespace.changed'; payload: EventPayload<'namespace.changed'> }
  | { event: 'namespace.removed'; payload: EventPayload<'namespace.removed'> }
  | { event: 'namespace.stale'; payload: EventPayload<'namespace.stale'> };

export interface NamespaceWatcherOptions {
  /** The shortest time between two re-discoveries; events in between are coalesced. */
  intervalMs?: number;
  /**
   * Where the proc connector is unavailable (the kernel serves it only in the initial network
   * namespace, so not inside the test sandbox), re-discover this often instead; 0 turns it off.
   */
  fallbackRescanMs?: number;
}

const NETNS_MASK = ino.IN_CREATE | ino.IN_DELETE | ino.IN_MOVED_FROM | ino.IN_MOVED_TO | ino.IN_DELETE_SELF | ino.IN_MOVE_SELF | ino.IN_ONLYDIR;
const RUN_MASK = ino.IN_CREATE | ino.IN_MOVED_TO | ino.IN_ONLYDIR;

/** How long after an inotify event a name that is not mounted yet is waited for. */
const MOUNT_WAIT_MS = 10_000;

const sameList = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const commands = (ns: NamespaceSummary) => ns.processes.map((p) => p.command);

/**
 * Watches every namespace. Equals `ip netns monitor` for names, plus what `lsns -t net` would
 * show changing for processes. Call close() to stop; the process can exit afterwards.
 */
export class NamespaceWatcher {
  /** Why process events are not available, or null when the proc connector works. */
  readonly procEventsUnavailable: string | null = null;
  private known = new Map<string, NamespaceSummary>();
  private readonly inotifyFd: number;
  private readonly inotifyPoll: PollHandle;
  private netnsWd = -1;
  private runWd = -1;
  private proc: ProcConnector | null = null;
  private procPoll: PollHandle | null = null;
  private fallback: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastRun = 0;
  /** How long the last re-discovery took: the interval grows with it, so storms cost at most ~10%. */
  private lastCost = 0;
  /** The names as last read, and whether inotify said they may have changed since. */
  private named = new Map<string, string>();
  private namesDirty = true;
  /** The stale names (files under /run/netns with nothing mounted) as last said. */
  private stale: string[] = [];
  /** When inotify last spoke: a file there that is not a mount yet is looked at again until a while after. */
  private lastInotify = 0;
  private closed = false;
  private readonly buf = Buffer.alloc(16 * 1024);
  private readonly intervalMs: number;

  constructor(
    private readonly listener: (e: NamespaceEvent) => void,
    opts: NamespaceWatcherOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 75;
    this.named = namedMountPoints();
    this.namesDirty = false;
    this.stale = staleNames(this.named);
    for (const ns of discoverNamespaces(this.named)) this.known.set(ns.id, ns);
    this.inotifyFd = ino.inotifyInit();
    this.inotifyPoll = koffi.node.poll(this.inotifyFd, { readable: true }, () => this.onInotify());
    this.watchRunDir();
    try {
      this.proc = new ProcConnector();
      this.procPoll = koffi.node.poll(this.proc.fd, { readable: true }, () => this.onProc());
    } catch (e) {
      this.proc = null;
      this.procEventsUnavailable = `process events unavailable (${(e as Error).message}); re-reading every ${opts.fallbackRescanMs ?? 1000} ms`;
      const every = opts.fallbackRescanMs ?? 1000;
      if (every > 0)
        this.fallback = setInterval(() => {
          this.namesDirty = true;
          this.schedule();
        }, every);
    }
  }

  /** The stale names as last seen. */
  currentStale(): string[] {
    return this.stale;
  }

  /** The namespaces as last seen. */
  current(): NamespaceSummary[] {
    return [...this.known.values()];
  }

  /**
   * Forgets a namespace just reported as added, so that the next re-discovery reports it as added
   * again; one is scheduled. For a caller that could not open it: seen through a process that left
   * it before it was opened (`ip netns add` is in its new namespace only between unshare and
   * mounting it), it is reachable again once its name is mounted.
   */
  forget(id: string): void {
    if (!this.known.delete(id)) return;
    this.namesDirty = true;
    // After the re-discovery that reported it has finished, which may have asked for a sooner one.
    setImmediate(() => this.schedule());
  }

  /** Re-reads now (after a change the caller made itself, so its event is not delayed). */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.namesDirty = true;
    this.rediscover();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.fallback) clearInterval(this.fallback);
    this.inotifyPoll.close();
    close(this.inotifyFd);
    this.procPoll?.close();
    this.proc?.close();
  }

  /** Watches /run/netns, or /run for its creation when it does not exist yet. */
  private watchRunDir(): void {
    if (this.netnsWd >= 0) return;
    try {
      this.netnsWd = ino.addWatch(this.inotifyFd, NETNS_RUN_DIR, NETNS_MASK);
      if (this.runWd >= 0) ino.removeWatch(this.inotifyFd, this.runWd);
      this.runWd = -1;
    } catch {
      if (this.runWd < 0) this.runWd = ino.addWatch(this.inotifyFd, '/run', RUN_MASK);
      // It may have been created between the two calls.
      if (existsSync(NETNS_RUN_DIR)) this.watchRunDirSoon();
    }
  }

  private watchRunDirSoon(): void {
    setImmediate(() => {
      if (!this.closed) this.watchRunDir();
    });
  }

  private onInotify(): void {
    if (this.closed) return;
    for (;;) {
      const n = readFd(this.inotifyFd, this.buf);
      if (n <= 0) break;
      for (const ev of ino.decodeEvents(this.buf, n)) {
        if (ev.wd === this.runWd && ev.name === 'netns') this.watchRunDir();
        if (ev.wd === this.netnsWd && ev.mask & (ino.IN_DELETE_SELF | ino.IN_MOVE_SELF | ino.IN_IGNORED)) {
          this.netnsWd = -1; // /run/netns went away (or its mount did): wait for it again
          this.watchRunDir();
        }
      }
    }
    this.lastInotify = Date.now();
    this.namesDirty = true;
    this.schedule();
  }

  private onProc(): void {
    if (this.closed || !this.proc) return;
    const { events, lost } = this.proc.read();
    // Threads share their process's namespace: only whole processes matter.
    if (lost || events.some((e) => !e.thread)) this.schedule();
  }

  /** At most one re-discovery per intervalMs; the first after a quiet spell runs at once. */
  private schedule(delay?: number): void {
    if (this.closed || this.timer) return;
    const wait = delay ?? Math.max(0, this.lastRun + Math.max(this.intervalMs, 10 * this.lastCost) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.rediscover();
    }, wait);
  }

  private rediscover(): void {
    if (this.closed) return;
    this.lastRun = Date.now();
    const t0 = performance.now();
    // Process events alone cannot change the names: keep the last reading of /run/netns then.
    const namesRead = this.namesDirty;
    if (namesRead) this.named = namedMountPoints();
    this.namesDirty = false;
    const now = new Map(discoverNamespaces(this.named).map((ns) => [ns.id, ns]));
    this.lastCost = performance.now() - t0;
    // The new list is current before anyone is told, so a listener may forget() what it is told.
    const known = this.known;
    this.known = now;
    for (const [id, ns] of now) {
      const before = known.get(id);
      if (!before) this.listener({ event: 'namespace.added', payload: ns });
      // the commands too: a process found between unshare and exec runs another program now
      else if (!sameList(before.names, ns.names) || !sameList(before.pids, ns.pids) || !sameList(commands(before), commands(ns))) this.listener({ event: 'namespace.changed', payload: ns });
    }
    for (const [id, ns] of known) if (!now.has(id)) this.listener({ event: 'namespace.removed', payload: { id, names: ns.names } });
    if (namesRead) {
      const stale = staleNames(this.named);
      if (!sameList(stale, this.stale)) this.listener({ event: 'namespace.stale', payload: { names: stale } });
      this.stale = stale;
    }
    // `ip netns add` creates the file (our inotify event) before it makes the namespace and mounts
    // it there; making one can take seconds while the kernel is busy tearing others down. So look
    // again while a file there is not a mount yet: often at first, then calmly, and give up on a
    // file that stays unmounted (a leftover) after a while.
    const since = Date.now() - this.lastInotify;
    if (since < MOUNT_WAIT_MS && this.hasUnmountedName()) {
      this.namesDirty = true;
      this.schedule(since < 300 ? 5 : 50);
    }
  }

  /** A file in /run/netns that the names just read (the mounts) do not hold. */
  private hasUnmountedName(): boolean {
    return this.stale.length > 0;
  }
}
