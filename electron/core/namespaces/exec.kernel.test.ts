// Running commands and terminals inside namespaces, against the real kernel, in the sandbox only.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execInNamespace } from './exec';
import { addNamespace, deleteNamespace } from './named';
import { closeNamespace, resolveNamespace, type ResolvedNamespace } from './resolve';
import { TerminalManager, type TerminalEvent } from './terminal';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('exec kernel tests skipped: run them through scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox), never on the host');

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const name = `ex${process.pid % 1000}`;

describe.skipIf(!inSandbox)('commands and terminals inside a namespace', () => {
  let h: ResolvedNamespace;
  beforeAll(() => {
    addNamespace(name);
    ip('-n', name, 'link', 'add', 'inside0', 'type', 'veth', 'peer', 'name', 'inside1');
    h = resolveNamespace(name);
  });
  afterAll(() => {
    closeNamespace(h);
    deleteNamespace(name);
    rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
  });

  it('runs a command whose ip -json link is the namespace\'s, as ip -n reports it', async () => {
    const r = await execInNamespace(h, name, ['ip', '-json', 'link']);
    expect(r).toMatchObject({ exitCode: 0, signal: null, stderr: '', timedOut: false });
    const names = (s: string) => (JSON.parse(s) as { ifname: string; ifindex: number }[]).map((l) => [l.ifindex, l.ifname]);
    expect(names(r.stdout)).toEqual(names(ip('-n', name, '-json', 'link')));
    expect(names(r.stdout)).not.toEqual(names(ip('-json', 'link')));
  });

  it('gives the command the namespace\'s /sys, like ip netns exec', async () => {
    const r = await execInNamespace(h, name, ['ls', '/sys/class/net']);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['inside0', 'inside1', 'lo']);
    expect(r.stdout).toBe(ip('netns', 'exec', name, 'ls', '/sys/class/net'));
  });

  it('binds /etc/netns/NAME/* over /etc for the command only', async () => {
    mkdirSync(`/etc/netns/${name}`, { recursive: true });
    writeFileSync(`/etc/netns/${name}/hosts`, '10.9.9.9 only-in-the-namespace\n');
    const outside = readFileSync('/etc/hosts', 'utf8');
    const r = await execInNamespace(h, name, ['cat', '/etc/hosts']);
    expect(r.stdout).toBe('10.9.9.9 only-in-the-namespace\n');
    expect(r.stdout).toBe(ip('netns', 'exec', name, 'cat', '/etc/hosts'));
    expect(readFileSync('/etc/hosts', 'utf8')).toBe(outside);
  });

  it('reports exit code and stderr of a failing command', async () => {
    const r = await execInNamespace(h, name, ['sh', '-c', 'echo oops >&2; exit 7']);
    expect(r).toMatchObject({ exitCode: 7, signal: null, stdout: '', stderr: 'oops\n', timedOut: false });
  });

  it('kills a command that outlives its timeout, with what it started in the background', async () => {
    const t0 = Date.now();
    const r = await execInNamespace(h, name, ['sh', '-c', 'sleep 20 & exec sleep 20'], 200);
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL', exitCode: null });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('runs in a namespace reached by pid:N, without a name and so without /etc binds', async () => {
    const holder = spawn('unshare', ['-n', 'sleep', '30'], { stdio: 'ignore' });
    try {
      await waitFor(() => readFileSync(`/proc/${holder.pid}/comm`, 'utf8').trim() === 'sleep');
      const p = resolveNamespace(`pid:${holder.pid}`);
      const r = await execInNamespace(p, p.name, ['sh', '-c', 'readlink /proc/self/ns/net; ls /sys/class/net']);
      closeNamespace(p);
      expect(r.stdout).toBe(`net:[${p.id}]\nlo\n`);
      expect(p.id).not.toBe(h.id);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('opens a shell on a terminal that runs ip link and shows the namespace\'s interfaces', async () => {
    const events: TerminalEvent[] = [];
    const tm = new TerminalManager((e) => events.push(e));
    const id = tm.open(h, name, 120, 40);
    const text = () => events.flatMap((e) => (e.event === 'terminal.output' && e.payload.id === id ? [e.payload.data] : [])).join('');
    tm.write(id, 'ip -o link show; tty; stty size; exit 5\n');
    const exit = await waitFor(() => events.find((e) => e.event === 'terminal.exit'));
    expect(exit.payload).toEqual({ id, exitCode: 5, signal: null });
    const out = text();
    expect(out).toMatch(/inside0@inside1/);
    expect(out).toMatch(/inside1@inside0/);
    expect(out).toMatch(/\/dev\/pts\/\d+/);
    expect(out).toMatch(/\r\n40 120\r\n/);
    expect(tm.ids()).toEqual([]);
  });

  it('gives the shell a controlling terminal: Ctrl-C interrupts the command in the foreground', async () => {
    const events: TerminalEvent[] = [];
    const tm = new TerminalManager((e) => events.push(e));
    const id = tm.open(h, name, 80, 24, ['sh']);
    const text = () => events.flatMap((e) => (e.event === 'terminal.output' ? [e.payload.data] : [])).join('');
    tm.write(id, 'sleep 60\n');
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    tm.write(id, '\x03'); // what the terminal's Ctrl-C sends: the tty turns it into SIGINT for the foreground group
    tm.write(id, 'echo "status $?"\n');
    await waitFor(() => text().match(/status 130/));
    expect(Date.now() - t0).toBeLessThan(5000);
    tm.write(id, 'exit\n');
    await waitFor(() => events.find((e) => e.event === 'terminal.exit'));
  });

  it('resizes a terminal, keeps multi-byte characters whole, and hangs up on close', async () => {
    const events: TerminalEvent[] = [];
    const tm = new TerminalManager((e) => events.push(e));
    const id = tm.open(h, name, 80, 24, ['sh']);
    const text = () => events.flatMap((e) => (e.event === 'terminal.output' ? [e.payload.data] : [])).join('');
    tm.resize(id, 132, 50);
    // 30000 three-byte characters: reads of the master split some of them.
    tm.write(id, 'stty -echo; stty size; printf "start%30000send\\n" "" | sed "s/ /€/g"; echo DO""NE\n');
    await waitFor(() => text().includes('DONE'));
    expect(text()).toContain('50 132');
    expect(text()).toContain(`start${'€'.repeat(30000)}end`);
    expect(text()).not.toContain('\uFFFD');
    tm.close(id);
    const exit = await waitFor(() => events.find((e) => e.event === 'terminal.exit'));
    expect(exit.payload).toEqual({ id, exitCode: null, signal: 'SIGHUP' });
    expect(() => tm.write(id, 'x')).toThrow(`no terminal ${id}`);
  });
});

async function waitFor<T>(f: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
