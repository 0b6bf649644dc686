// The core helper (electron/core/main.ts, bundled on the fly) killed with SIGKILL, as a crash or
// an impatient administrator would: what it started must die with it, and what it was making must
// not be left half made. Inside the sandbox only.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('helper kill tests skipped: they run only inside scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox)');

const root = join(__dirname, '../..');
let dir = '';
let bundle = '';

type Frame = { id?: number | string | null; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; event?: string; payload?: unknown };

/** The helper as a child process, speaking JSON lines. */
class Helper {
  readonly child: ChildProcessWithoutNullStreams;
  private frames: Frame[] = [];
  private buf = '';
  private next = 1;
  constructor() {
    this.child = spawn(process.execPath, [bundle], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
    this.child.stdout.on('data', (c: Buffer) => {
      this.buf += c.toString();
      let nl;
      while ((nl = this.buf.indexOf('\n')) !== -1) {
        this.frames.push(JSON.parse(this.buf.slice(0, nl)) as Frame);
        this.buf = this.buf.slice(nl + 1);
      }
    });
  }
  /** Sends a request; the answer can be awaited with answer(id). */
  send(method: string, input: unknown): number {
    const id = this.next++;
    this.child.stdin.write(`${JSON.stringify({ id, method, input })}\n`);
    return id;
  }
  async answer(id: number): Promise<Frame['result']> {
    await until(() => this.frames.some((f) => f.id === id), `an answer to request ${id}`);
    return this.frames.find((f) => f.id === id)!.result;
  }
  async call(method: string, input: unknown): Promise<Frame['result']> {
    return this.answer(this.send(method, input));
  }
  subscribe(events: string[]): void {
    this.child.stdin.write(`${JSON.stringify({ subscribe: events })}\n`);
  }
  /** The payloads of the events named so far. */
  events(name: string): unknown[] {
    return this.frames.filter((f) => f.event === name).map((f) => f.payload);
  }
  close(): Promise<void> {
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.end();
    return gone;
  }
  async kill(): Promise<void> {
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await gone;
  }
}

/** Waits for a condition the test is about; the bound only turns a hang into a failure. */
async function until(cond: () => boolean, what: string, boundMs = 20_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cmdline = (pid: string) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
};
/** PIDs whose command line is exactly `line` (zombies have none, so they do not count). */
const pidsRunning = (line: string) => readdirSync('/proc').filter((p) => /^[0-9]+$/.test(p) && cmdline(p) === line);

beforeAll(async () => {
  if (!inSandbox) return;
  dir = mkdtempSync(join(tmpdir(), 'netns-helper-'));
  bundle = join(dir, 'core.cjs');
  await build({ entryPoints: [join(root, 'electron/core/main.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', external: ['koffi'], logLevel: 'warning' });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!inSandbox)('children of a killed helper', () => {
  it.each([
    ['exec.run', 'sleep 100.5', (h: Helper) => h.send('exec.run', { namespace: 'pid:1', argv: ['sleep', '100.5'], timeoutMs: 600_000 })],
    ['terminal.open', 'sleep 100.6', (h: Helper) => h.call('terminal.open', { namespace: 'pid:1', cols: 80, rows: 24, argv: ['sleep', '100.6'] })],
  ] as const)('a command started by %s dies with the helper (kill -9)', async (_method, line, start) => {
    const h = new Helper();
    await start(h);
    await until(() => pidsRunning(line).length === 1, `${line} to run`);
    const [pid] = pidsRunning(line);
    await h.kill();
    await until(() => !existsSync(`/proc/${pid}/cmdline`) || cmdline(pid!) === '', `${line} (pid ${pid}) to end`);
    expect(pidsRunning(line)).toEqual([]);
  });
});

const mounted = () => new Set(readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4]).filter((p) => p?.startsWith('/run/netns/')));
const netnsFiles = () => (existsSync('/run/netns') ? readdirSync('/run/netns') : []);

describe.skipIf(!inSandbox)('stale names', () => {
  it('shows a stale name, says why its name is taken, and removes it in one call', async () => {
    const h = new Helper();
    try {
      h.subscribe(['namespace.stale']);
      expect(await h.call('namespace.add', { name: 'st-real' })).toMatchObject({ ok: true });
      // What a kill -9 of `ip netns add` leaves: the file, nothing mounted on it.
      writeFileSync('/run/netns/st-left', '');
      await until(() => h.events('namespace.stale').some((p) => JSON.stringify(p) === '{"names":["st-left"]}'), 'the stale event');
      expect(execFileSync('ip', ['netns', 'list'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()).toContain('st-left');
      expect(await h.call('namespace.stale', {})).toEqual({ ok: true, value: { names: ['st-left'] } });
      // Not ours (a file ip made): a new helper lists it and leaves it alone.
      const other = new Helper();
      expect(await other.call('namespace.stale', {})).toEqual({ ok: true, value: { names: ['st-left'] } });
      await other.close();
      const add = await h.call('namespace.add', { name: 'st-left' });
      expect(add?.error?.message).toContain('stale name st-left is in the way');
      expect((await h.call('link.addBridge', { namespace: 'st-left', name: 'b0' }))?.error?.code).toBe('not-found');
      // Removal refuses a real namespace and removes the stale one.
      const refused = await h.call('namespace.removeStale', { name: 'st-real' });
      expect(refused?.error?.message).toContain('is a namespace, not a stale name');
      expect(mounted().has('/run/netns/st-real')).toBe(true);
      expect(await h.call('namespace.removeStale', { name: 'st-left' })).toEqual({ ok: true, value: { name: 'st-left' } });
      expect(netnsFiles()).toEqual(['st-real']);
      await until(() => JSON.stringify(h.events('namespace.stale').at(-1)) === '{"names":[]}', 'the stale event saying none');
      expect((await h.call('namespace.removeStale', { name: 'st-left' }))?.error?.code).toBe('not-found');
      expect(await h.call('namespace.delete', { name: 'st-real' })).toMatchObject({ ok: true });
    } finally {
      await h.close();
    }
  });

  const KILLS = 16;
  it('a helper killed at any point of namespace.add leaves no stale name behind (the next one cleans its own)', { timeout: 180_000 }, async () => {
    const names: string[] = [];
    let leftBehind = 0;
    for (let i = 0; i < KILLS; i++) {
      const h = new Helper();
      expect(await h.call('namespace.stale', {})).toEqual({ ok: true, value: { names: [] } }); // started and clean
      const name = `kill${i}`;
      names.push(name);
      h.send('namespace.add', { name });
      // Kill it somewhere between the request and its answer: the file, unshare, the mount.
      await new Promise((r) => setTimeout(r, i % 4));
      await h.kill();
      const m = mounted();
      leftBehind += netnsFiles().filter((f) => !m.has(`/run/netns/${f}`)).length;
    }
    const after = new Helper();
    try {
      expect(await after.call('namespace.stale', {})).toEqual({ ok: true, value: { names: [] } });
      const m = mounted();
      for (const f of netnsFiles()) expect(m.has(`/run/netns/${f}`), `${f} is a mount`).toBe(true);
      for (const f of netnsFiles()) expect(lstatSync(`/run/netns/${f}`).isFile()).toBe(true);
      console.log(`kill -9 during namespace.add: ${leftBehind} of ${KILLS} kills left a file, every one removed`);
      for (const f of netnsFiles()) expect(await after.call('namespace.delete', { name: f })).toMatchObject({ ok: true });
    } finally {
      await after.close();
    }
  });
});
