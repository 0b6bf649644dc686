// Named and anonymous namespaces against the real kernel and iproute2, inside the sandbox only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/result';
import { discoverNamespaces } from './discover';
import { addNamespace, attachNamespace, deleteNamespace } from './named';
import { closeNamespace, resolveNamespace } from './resolve';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('namespace kernel tests skipped: run them through scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox), never on the host');

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const ipNetnsList = (): string[] => ip('netns', 'list').split('\n').filter(Boolean).map((l) => l.split(' ')[0]!);
const nsOfPid = (pid: number): string => readlinkSync(`/proc/${pid}/ns/net`).slice(5, -1);
const children: ChildProcess[] = [];
let n = 0;
const fresh = (p: string) => `${p}${process.pid % 1000}n${n++}`;

/** Starts a long-running process and waits until it runs the given command (so its namespace is set). */
async function startProcess(argv: string[], command: string): Promise<number> {
  const c = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  children.push(c);
  const pid = c.pid!;
  for (let i = 0; i < 200; i++) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command) return pid;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${argv.join(' ')} did not start`);
}

/** What a refused request must not change: the names, their mounts, and /run itself. */
const systemState = () => ({
  run: readdirSync('/run').sort(),
  netns: existsSync('/run/netns') ? readdirSync('/run/netns').sort() : [],
  mounts: readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ').slice(4, 5).join()).sort(),
});

function thrown(f: () => unknown): StudioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StudioError);
    return e as StudioError;
  }
  throw new Error('expected an error');
}

describe.skipIf(!inSandbox)('named namespaces, as ip netns keeps them', () => {
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    // Only the names this file made (fresh() puts the marker in them).
    for (const name of ipNetnsList()) if (name.includes(`${process.pid % 1000}n`)) ip('netns', 'del', name);
  });

  it('adds a namespace that ip netns list shows and ip netns exec enters', () => {
    const name = fresh('add');
    const ns = addNamespace(name);
    expect(ns.names).toEqual([name]);
    expect(ns.id).toBe(String(statSync(`/run/netns/${name}`).ino));
    expect(ipNetnsList()).toContain(name);
    expect(ip('netns', 'exec', name, 'readlink', '/proc/self/ns/net').trim()).toBe(`net:[${ns.id}]`);
    // The core's own thread came back home.
    expect(readlinkSync('/proc/thread-self/ns/net')).toBe(readlinkSync('/proc/self/ns/net'));
    expect(discoverNamespaces().find((d) => d.current)!.id).not.toBe(ns.id);
  });

  it('discovers a namespace made by ip netns add, with its inode, once', () => {
    const name = fresh('ipadd');
    ip('netns', 'add', name);
    const found = discoverNamespaces().filter((d) => d.names.includes(name));
    expect(found).toHaveLength(1);
    expect(found[0]!.id).toBe(String(statSync(`/run/netns/${name}`).ino));
    expect(found[0]).toMatchObject({ pids: [], processes: [], nsid: null, current: false });
    const ids = discoverNamespaces().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the PIDs in a named namespace as ip netns pids does, with their commands', async () => {
    const name = fresh('pids');
    addNamespace(name);
    const pid = await startProcess(['ip', 'netns', 'exec', name, 'sleep', '30'], 'sleep');
    const ns = discoverNamespaces().find((d) => d.names.includes(name))!;
    const ipPids = ip('netns', 'pids', name).split('\n').filter(Boolean).map(Number);
    expect(ns.pids).toEqual(ipPids.sort((a, b) => a - b));
    expect(ns.processes).toContainEqual({ pid, command: 'sleep' });
  });

  it('discovers an anonymous namespace of a process (unshare -n) by its inode', async () => {
    const pid = await startProcess(['unshare', '-n', 'sleep', '30'], 'sleep');
    const ns = discoverNamespaces().find((d) => d.id === nsOfPid(pid))!;
    expect(ns).toMatchObject({ names: [], pids: [pid], processes: [{ pid, command: 'sleep' }], current: false });
  });

  it('does not take a stale file in /run/netns (not a mount) for a namespace', () => {
    writeFileSync('/run/netns/stale', '');
    try {
      expect(discoverNamespaces().some((d) => d.names.includes('stale'))).toBe(false);
      expect(ipNetnsList()).toContain('stale'); // iproute2 lists any file; we do not
      expect(thrown(() => resolveNamespace('stale')).message).toBe('no namespace named or numbered stale');
    } finally {
      unlinkSync('/run/netns/stale');
    }
  });

  it.each(['', '.', '..', 'a/b', '../escape', 'nul\0byte', 'x'.repeat(256)])('refuses the name %j and changes nothing', (bad) => {
    const before = systemState();
    const e = thrown(() => addNamespace(bad));
    expect(e.info).toMatchObject({ code: 'invalid-input', field: 'name' });
    expect(e.message).toMatch(/^name: a namespace name /);
    expect(thrown(() => attachNamespace(bad, process.pid)).info.code).toBe('invalid-input');
    expect(thrown(() => deleteNamespace(bad)).info.code).toBe('invalid-input');
    expect(systemState()).toEqual(before);
    expect(existsSync('/run/escape')).toBe(false);
  });

  it('refuses a name that exists, in words, and leaves the namespace as it was', () => {
    const name = fresh('dup');
    ip('netns', 'add', name);
    const inode = statSync(`/run/netns/${name}`).ino;
    const before = systemState();
    const e = thrown(() => addNamespace(name));
    expect(e.info).toMatchObject({ code: 'exists', errno: 'EEXIST' });
    expect(e.message).toBe(`a namespace named ${name} already exists`);
    expect(statSync(`/run/netns/${name}`).ino).toBe(inode);
    expect(systemState()).toEqual(before);
  });

  it('fails in words when the name file cannot be made, leaving nothing behind', () => {
    // A read-only layer over /run/netns for this test only: open(O_CREAT) fails with EROFS.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'netns-studio-ro', '/run/netns']);
    try {
      const before = systemState();
      const e = thrown(() => addNamespace('ro'));
      expect(e.info).toMatchObject({ errno: 'EROFS' });
      expect(e.message).toMatch(/^cannot create the namespace file \/run\/netns\/ro: .*read-only/i);
      expect(systemState()).toEqual(before);
    } finally {
      execFileSync('umount', ['/run/netns']);
    }
    expect(existsSync('/run/netns/ro')).toBe(false);
  });

  it('deletes a namespace held by a process: the name goes, the PID that keeps it alive is reported', async () => {
    const name = fresh('held');
    const ns = addNamespace(name);
    const pid = await startProcess(['ip', 'netns', 'exec', name, 'sleep', '30'], 'sleep');
    const r = deleteNamespace(name);
    expect(r).toEqual({ name, heldBy: [pid] });
    expect(ipNetnsList()).not.toContain(name);
    expect(existsSync(`/run/netns/${name}`)).toBe(false);
    // Still alive, now anonymous.
    expect(nsOfPid(pid)).toBe(ns.id);
    expect(discoverNamespaces().find((d) => d.id === ns.id)).toMatchObject({ names: [], pids: [pid] });
  });

  it('deletes a free namespace with nobody holding it, and ip agrees', () => {
    const name = fresh('free');
    const ns = addNamespace(name);
    expect(deleteNamespace(name)).toEqual({ name, heldBy: [] });
    expect(ipNetnsList()).not.toContain(name);
    expect(discoverNamespaces().some((d) => d.id === ns.id)).toBe(false);
  });

  it('says there is no such namespace when deleting an unknown name', () => {
    const before = systemState();
    const e = thrown(() => deleteNamespace('nosuch'));
    expect(e.info).toMatchObject({ code: 'not-found' });
    expect(e.message).toBe('no namespace named nosuch');
    expect(systemState()).toEqual(before);
  });

  it('lets ip netns del remove a namespace we added', () => {
    const name = fresh('ipdel');
    addNamespace(name);
    ip('netns', 'del', name);
    expect(discoverNamespaces().some((d) => d.names.includes(name))).toBe(false);
  });

  it('attaches a name to the namespace of a process; ip netns exec then enters it', async () => {
    const pid = await startProcess(['unshare', '-n', 'sleep', '30'], 'sleep');
    const name = fresh('att');
    const ns = attachNamespace(name, pid);
    expect(ns).toMatchObject({ id: nsOfPid(pid), names: [name], pids: [pid] });
    expect(ipNetnsList()).toContain(name);
    expect(ip('netns', 'exec', name, 'readlink', '/proc/self/ns/net').trim()).toBe(`net:[${nsOfPid(pid)}]`);
  });

  it('refuses to attach to a process that does not exist, and creates nothing', () => {
    const before = systemState();
    const e = thrown(() => attachNamespace('ghost', 4194000));
    expect(e.info).toMatchObject({ code: 'not-found', field: 'pid' });
    expect(e.message).toBe('process 4194000 does not exist');
    expect(systemState()).toEqual(before);
  });

  it('resolves a name, an id and pid:N to the same namespace, and names the unknown', async () => {
    const name = fresh('res');
    const ns = addNamespace(name);
    const pid = await startProcess(['ip', 'netns', 'exec', name, 'sleep', '30'], 'sleep');
    for (const ref of [name, ns.id, `pid:${pid}`]) {
      const h = resolveNamespace(ref);
      expect(h.id).toBe(ns.id);
      expect(String(statSync(`/proc/self/fd/${h.fd}`).ino)).toBe(ns.id);
      closeNamespace(h);
    }
    expect(resolveNamespace(name).label).toBe(`namespace ${name}`);
    expect(thrown(() => resolveNamespace('12345')).message).toBe('no namespace named or numbered 12345');
    expect(thrown(() => resolveNamespace('pid:4194000')).message).toBe('process 4194000 does not exist');
  });

  it('resolves an id without a discovery, as a discovery would: by name, by process, the main one, and past a stale list', async () => {
    const name = fresh('rid');
    const named = addNamespace(name);
    const pid = await startProcess(['unshare', '-n', 'sleep', '30'], 'sleep');
    const anon = nsOfPid(pid);
    const main = discoverNamespaces().find((n) => n.current)!;
    const cases: [string, string, string | null][] = [
      [named.id, `namespace ${name}`, name],
      [anon, `namespace ${anon} (pid ${pid})`, null],
      [main.id, 'the main namespace', null],
    ];
    // The same with a list that knows nothing, and with one whose entries are out of date.
    const outdated = [{ ...named, names: ['gone-away'] }, { ...main, id: anon, current: false, pids: [4194000] }];
    for (const known of [undefined, [], outdated]) {
      for (const [id, label, nameOf] of cases) {
        const h = resolveNamespace(id, known);
        expect({ id: h.id, label: h.label, name: h.name }).toEqual({ id, label, name: nameOf });
        expect(String(statSync(`/proc/self/fd/${h.fd}`).ino)).toBe(id);
        closeNamespace(h);
      }
    }
    deleteNamespace(name);
  });

  it('attaches with the list it is given, answering what a discovery would', async () => {
    const pid = await startProcess(['unshare', '-n', 'sleep', '30'], 'sleep');
    const known = discoverNamespaces();
    const name = fresh('atk');
    const fromList = attachNamespace(name, pid, known);
    const discovered = discoverNamespaces().find((n) => n.id === nsOfPid(pid))!;
    expect(fromList).toEqual(discovered);
    deleteNamespace(name);
  });
});
