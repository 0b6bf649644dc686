// The real built core helper (dist/core.cjs), spawned inside the sandbox: it must refuse every
// kind of bad line without dying and keep serving, answer concurrent requests, stream events only
// after a subscription, and exit when its stdin closes.
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../shared/wire';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
const helper = join(__dirname, '../../dist/core.cjs');
if (!inSandbox) console.log('core helper tests skipped: they run only inside scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox)');
else if (!existsSync(helper)) console.log('core helper tests skipped: dist/core.cjs is not built (npm run build)');

type Frame = { id?: number | string | null; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string; field?: string } }; event?: string; payload?: unknown };

class Helper {
  readonly child: ChildProcessWithoutNullStreams;
  frames: Frame[] = [];
  stray: string[] = [];
  private buf = '';
  private waiters: Array<() => void> = [];
  constructor() {
    this.child = spawn(process.execPath, [helper], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (c: Buffer) => {
      this.buf += c.toString();
      let nl;
      while ((nl = this.buf.indexOf('\n')) !== -1) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        try {
          this.frames.push(JSON.parse(line));
        } catch {
          this.stray.push(line);
        }
        this.waiters.splice(0).forEach((w) => w());
      }
    });
  }
  send(text: string | Buffer) {
    this.child.stdin.write(text);
  }
  async next(pred: (f: Frame) => boolean, ms = 10_000): Promise<Frame> {
    const end = Date.now() + ms;
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i !== -1) return this.frames.splice(i, 1)[0]!;
      if (Date.now() > end) throw new Error(`no such frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }
  byId = (id: number | string) => this.next((f) => f.id === id);
}

let h: Helper | null = null;
afterEach(() => {
  if (h && h.child.exitCode === null) h.child.kill();
  h = null;
});

describe.skipIf(!inSandbox || !existsSync(helper))('core helper over stdio', () => {
  it('refuses malformed JSON, unknown and non-privileged methods, wrong types and bad frames, and keeps serving', async () => {
    h = new Helper();
    h.send('this is not json\n');
    expect((await h.next((f) => f.id === null)).result?.error?.message).toMatch(/not JSON/);
    h.send('{"id":1,"method":"namespace.explode"}\n');
    expect((await h.byId(1)).result?.error).toMatchObject({ code: 'invalid-input', field: 'method' });
    h.send('{"id":2,"method":"vpn.list","input":{}}\n');
    expect((await h.byId(2)).result?.error?.message).toMatch(/not served by the core helper/);
    h.send('{"id":3,"method":"namespace.add","input":{"name":42}}\n');
    expect((await h.byId(3)).result?.error).toMatchObject({ code: 'invalid-input', field: 'input.name' });
    h.send('{"id":4,"method":"link.set","input":{"namespace":"a","link":"eth0","mtu":10}}\n');
    expect((await h.byId(4)).result?.error?.message).toMatch(/input\.mtu: an MTU is at least 68/);
    h.send('{"id":5,"method":"namespace.add","input":{"name":"ok","extra":1}}\n');
    expect((await h.byId(5)).result?.error?.message).toMatch(/unknown field: extra/);
    h.send('[1,2,3]\n{"id":{"x":1},"method":"snapshot"}\n');
    await h.next((f) => f.id === null);
    await h.next((f) => f.id === null);
    h.send('{"subscribe":["no.such.event"]}\n');
    expect((await h.next((f) => f.id === null)).result?.error?.message).toMatch(/no event named no\.such\.event/);
    // still alive and answering a good request with its id
    h.send('{"id":"last","method":"namespace.list","input":{}}\n');
    const last = await h.byId('last');
    expect(typeof last.result?.ok).toBe('boolean');
    expect(h.child.exitCode).toBe(null);
    expect(h.stray).toEqual([]);
  });

  it('drops a line over 1 MiB unread, in pieces or whole, and answers the next line', async () => {
    h = new Helper();
    const big = Buffer.alloc(MAX_MESSAGE_BYTES + 10, 'a');
    h.send(big.subarray(0, 700_000));
    h.send(big.subarray(700_000));
    h.send('\n{"id":7,"method":"namespace.add","input":{"name":""}}\n');
    expect((await h.next((f) => f.id === null)).result?.error?.message).toMatch(/at most 1048576 bytes/);
    expect((await h.byId(7)).result?.error?.field).toBe('input.name');
    expect(h.child.exitCode).toBe(null);
  });

  it('answers concurrent requests, each with its own id, and names match ip netns list', async () => {
    h = new Helper();
    execFileSync('ip', ['netns', 'add', 'helper-conc']);
    try {
      const ids = [10, 11, 12, 13, 14, 15, 16, 17];
      h.send(ids.map((id) => JSON.stringify({ id, method: 'namespace.list', input: {} })).join('\n') + '\n');
      const answers = await Promise.all(ids.map((id) => h!.byId(id)));
      expect(answers.map((a) => a.id)).toEqual(ids);
      for (const a of answers) {
        expect(a.result?.ok).toBe(true);
        const ours = (a.result!.value as Array<{ names: string[] }>).flatMap((n) => n.names).sort();
        const ip = (JSON.parse(execFileSync('ip', ['-json', 'netns', 'list']).toString() || '[]') as Array<{ name: string }>).map((n) => n.name);
        expect(ours).toEqual(ip.sort());
      }
    } finally {
      execFileSync('ip', ['netns', 'del', 'helper-conc']);
    }
  });

  it('exits with code 0 when its stdin closes', async () => {
    h = new Helper();
    const exited = new Promise<number | null>((r) => h!.child.on('exit', (code) => r(code)));
    h.child.stdin.end();
    expect(await exited).toBe(0);
  });
});
