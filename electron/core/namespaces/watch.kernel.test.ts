// Namespace events for changes made by others (ip netns, unshare), in the sandbox only.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readlinkSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addNamespace, attachNamespace, deleteNamespace } from './named';
import { NamespaceWatcher, type NamespaceEvent } from './watch';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('watch kernel tests skipped: run them through scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox), never on the host');

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let watcher: NamespaceWatcher | null = null;
let n = 0;
const fresh = (p: string) => `${p}${process.pid % 1000}w${n++}`;

/** fallbackRescanMs 0: no periodic re-reading, so whatever arrives came through inotify. */
function watch(fallbackRescanMs = 200): NamespaceEvent[] {
  const events: NamespaceEvent[] = [];
  watcher = new NamespaceWatcher((e) => events.push(e), { fallbackRescanMs });
  // The kernel serves process events only to the initial network namespace; the sandbox is not it.
  if (watcher.procEventsUnavailable) console.log(`watch test: ${watcher.procEventsUnavailable}`);
  return events;
}

async function waitFor<T>(f: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for an event');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(!inSandbox)('namespace events', () => {
  afterEach(() => {
    watcher?.close();
    watcher = null;
  });

  it('reports ip netns add as added (with its name) and ip netns del as removed', async () => {
    // Without the fallback (and without process events in the sandbox) only inotify can tell.
    const events = watch(0);
    const name = fresh('wa');
    ip('netns', 'add', name);
    const added = await waitFor(() => events.find((e) => e.event === 'namespace.added' && e.payload.names.includes(name)));
    const id = (added.payload as { id: string }).id;
    ip('netns', 'del', name);
    const removed = await waitFor(() => events.find((e) => e.event === 'namespace.removed' && e.payload.id === id));
    expect(removed.payload).toEqual({ id, names: [name] });
  });

  it('waits for a name whose namespace is mounted long after the file appeared (a busy kernel)', async () => {
    const events = watch(0);
    const name = fresh('wl');
    // What ip netns add does, with a slow unshare in the middle: the file first, the mount later.
    writeFileSync(`/run/netns/${name}`, '');
    await new Promise((r) => setTimeout(r, 700));
    expect(events.some((e) => e.event === 'namespace.added' && e.payload.names.includes(name))).toBe(false);
    execFileSync('unshare', [`--net=/run/netns/${name}`, 'true']);
    const added = await waitFor(() => events.find((e) => e.event === 'namespace.added' && e.payload.names.includes(name)));
    expect(ip('netns', 'list')).toContain(name);
    expect((added.payload as { id: string }).id).toBe(String(statSync(`/run/netns/${name}`).ino));
    ip('netns', 'del', name);
  });

  it('reports a namespace it was told to forget as added again at its next look, without a change to wake it', async () => {
    // What the core does with a namespace it could not open (service.ts); no fallback, no inotify after.
    const name = fresh('wf');
    ip('netns', 'add', name);
    const id = String(statSync(`/run/netns/${name}`).ino);
    const events: NamespaceEvent[] = [];
    let forgot = false;
    watcher = new NamespaceWatcher(
      (e) => {
        events.push(e);
        if (e.event === 'namespace.added' && e.payload.id === id && !forgot) {
          forgot = true;
          watcher!.forget(id);
        }
      },
      { fallbackRescanMs: 0 },
    );
    expect(watcher.current().some((ns) => ns.id === id)).toBe(true);
    watcher.forget(id); // as at the start: it is not in the list, and is looked for again
    expect(watcher.current().some((ns) => ns.id === id)).toBe(false);
    await waitFor(() => events.filter((e) => e.event === 'namespace.added' && e.payload.id === id).length >= 2 || undefined);
    expect(watcher.current().some((ns) => ns.id === id)).toBe(true);
    ip('netns', 'del', name);
  });

  it('reports a namespace we add and delete ourselves', async () => {
    const events = watch();
    const name = fresh('wb');
    const ns = addNamespace(name);
    await waitFor(() => events.find((e) => e.event === 'namespace.added' && e.payload.id === ns.id));
    deleteNamespace(name);
    await waitFor(() => events.find((e) => e.event === 'namespace.removed' && e.payload.id === ns.id));
  });

  it('reports a process in a named namespace as a change of its PIDs', async () => {
    const name = fresh('wc');
    const ns = addNamespace(name);
    const events = watch();
    const child = spawn('ip', ['netns', 'exec', name, 'sleep', '30'], { stdio: 'ignore' });
    try {
      const changed = await waitFor(() =>
        events.find((e) => e.event === 'namespace.changed' && e.payload.id === ns.id && e.payload.processes.some((p) => p.command === 'sleep')),
      );
      expect((changed.payload as { pids: number[] }).pids).toEqual([child.pid]);
    } finally {
      child.kill('SIGKILL');
      deleteNamespace(name);
    }
  });

  it('reports a process that unshare -n\'s as a new namespace, and its exit as removed', async () => {
    const events = watch();
    const child = spawn('unshare', ['-n', 'sleep', '0.5'], { stdio: 'ignore' });
    const added = await waitFor(() => events.find((e) => e.event === 'namespace.added' && e.payload.pids.includes(child.pid!)));
    const id = (added.payload as { id: string }).id;
    expect(readlinkSync(`/proc/${child.pid}/ns/net`)).toBe(`net:[${id}]`);
    expect(added.payload).toMatchObject({ names: [], processes: [{ pid: child.pid, command: 'sleep' }] });
    await waitFor(() => events.find((e) => e.event === 'namespace.removed' && e.payload.id === id));
  });

  // Seen between unshare and exec (a loaded machine makes that window long), a namespace's process
  // had its first command for good: its label said "unshare" while it ran sleep.
  it('reports a process that execs another program as a change of its command, its PIDs the same', async () => {
    const events = watch();
    const own = readlinkSync('/proc/self/ns/net');
    const child = spawn('unshare', ['-n', 'python3', '-c', 'import os, time; time.sleep(0.6); os.execvp("sleep", ["sleep", "30"])'], { stdio: 'ignore' });
    try {
      const nsOf = () => {
        const link = readlinkSync(`/proc/${child.pid}/ns/net`);
        return link !== own ? link.slice('net:['.length, -1) : undefined;
      };
      const id = await waitFor(nsOf);
      const told = (command: string) => events.find((e) => (e.event === 'namespace.added' || e.event === 'namespace.changed') && e.payload.id === id && e.payload.processes.some((p) => p.command === command));
      // python3 first (or unshare, until it execs python3), which sleeps before it execs sleep
      await waitFor(() => told('python3') ?? told('unshare'));
      const changed = await waitFor(() => told('sleep'));
      expect(changed.event).toBe('namespace.changed');
      expect((changed.payload as { pids: number[] }).pids).toEqual([child.pid]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reports a name given to a process\'s namespace (ip netns attach) as a change of its names', async () => {
    const events = watch();
    const child = spawn('unshare', ['-n', 'sleep', '30'], { stdio: 'ignore' });
    try {
      const added = await waitFor(() => events.find((e) => e.event === 'namespace.added' && e.payload.pids.includes(child.pid!)));
      const id = (added.payload as { id: string }).id;
      const name = fresh('wat');
      ip('netns', 'attach', name, String(child.pid));
      const changed = await waitFor(() => events.find((e) => e.event === 'namespace.changed' && e.payload.id === id && e.payload.names.includes(name)));
      expect(changed.payload).toMatchObject({ id, names: [name], pids: [child.pid] });
      deleteNamespace(name);
      await waitFor(() => events.find((e) => e.event === 'namespace.changed' && e.payload.id === id && e.payload.names.length === 0));
      expect(() => attachNamespace(name, 4194000)).toThrow('process 4194000 does not exist');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('notices /run/netns being created after it started watching', async () => {
    // As on a freshly booted machine: no /run/netns at all (only when no other names would be lost).
    if (ip('netns', 'list').trim()) return console.log('watch test: /run/netns is not empty, not removing it');
    // ip netns add leaves /run/netns bound onto itself, possibly several times: undo every layer.
    for (let i = 0; i < 10 && spawnSync('umount', ['-l', '/run/netns'], { stdio: 'ignore' }).status === 0; i++);
    rmdirSync('/run/netns');
    const events = watch();
    const name = fresh('wd');
    ip('netns', 'add', name);
    await waitFor(() => events.find((e) => e.event === 'namespace.added' && e.payload.names.includes(name)));
    ip('netns', 'del', name);
  });

  it('closes cleanly: no events after close', async () => {
    const events = watch();
    watcher!.close();
    const name = fresh('we');
    ip('netns', 'add', name);
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual([]);
    ip('netns', 'del', name);
  });
});
