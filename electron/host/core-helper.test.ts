// Supervision of the core helper, with small stand-in helpers (node -e scripts) in place of the
// real one: answers matched by id, restart with status events after a death of a running helper,
// start-up failures (pkexec's 126/127, an early exit) final and explained.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../shared/wire';
import { CoreHelper, type CoreStatus } from './core-helper';

// Answers each request with its method name; dies on "die".
const echo = `
let buf = '';
process.stdin.on('data', (c) => {
  buf += c;
  let i;
  while ((i = buf.indexOf('\\n')) !== -1) {
    const f = JSON.parse(buf.slice(0, i)); buf = buf.slice(i + 1);
    if (f.id === 0) { process.stdout.write(JSON.stringify({ id: 0, result: { ok: false, error: { code: "invalid-input", message: "x" } } }) + "\\n"); continue; }
    if (f.subscribe) { process.stdout.write(JSON.stringify({ event: 'resync', payload: { reason: 'subscribed' } }) + '\\n'); continue; }
    if (f.method === 'die') process.exit(3);
    const reply = () => process.stdout.write(JSON.stringify({ id: f.id, result: { ok: true, value: f.method } }) + '\\n');
    f.method === 'slow' ? setTimeout(reply, 200) : reply();
  }
});
process.stdin.on('end', () => process.exit(0));
`;

const helper = (script: string, viaPkexec = false) =>
  new CoreHelper({ command: { command: process.execPath, args: ['-e', script], viaPkexec }, backoffMs: [50], onStderr: () => {} });

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('core helper supervision', () => {
  it('matches concurrent answers to their requests by id, whatever order they come in', async () => {
    const h = helper(echo);
    h.start();
    const [a, b, c] = await Promise.all([h.call('slow', {}), h.call('fast', {}), h.call('other', {})]);
    expect([a, b, c]).toEqual([
      { ok: true, value: 'slow' },
      { ok: true, value: 'fast' },
      { ok: true, value: 'other' },
    ]);
    h.stop();
  });

  it('answers pending requests "unavailable" when the helper dies, says so, restarts it and resubscribes', async () => {
    const h = helper(echo);
    const states: CoreStatus[] = [];
    h.onStatus((s) => states.push(s));
    const events: string[] = [];
    h.subscribe((e, p) => events.push(`${e}:${(p as { reason: string }).reason}`));
    h.start();
    h.want(['resync']);
    await until(() => events.length === 1);
    const slow = h.call('slow', {});
    const died = await h.call('die', {});
    expect(died).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await slow).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/exited with code 3/) } });
    await until(() => h.currentStatus.state === 'running' && events.length === 2);
    expect(states.map((s) => s.state)).toEqual(['starting', 'running', 'restarting', 'running']);
    expect(states[2]!.message).toMatch(/exited with code 3; starting it again/);
    expect(await h.call('again', {})).toEqual({ ok: true, value: 'again' });
    h.stop();
  });

  it('stays "starting" while pkexec waits for the password, and is running once the helper answers', async () => {
    // a stand-in that answers only after a while, as after a password dialog
    const h = helper(`setTimeout(() => { ${echo.replace(/`/g, '')} }, 300);`, true);
    h.start();
    await until(() => h.currentStatus.message === 'waiting for authentication');
    expect(h.currentStatus.state).toBe('starting');
    expect(await h.call('after', {})).toEqual({ ok: true, value: 'after' });
    expect(h.currentStatus).toEqual({ state: 'running', message: null });
    h.stop();
  });

  it('turns pkexec exit 126 into "dismissed", with what pkexec wrote, and does not ask again on its own', async () => {
    const h = helper('process.stderr.write("Error executing command as another user: Request dismissed\\n"); process.exit(126)', true);
    const states: CoreStatus[] = [];
    h.onStatus((s) => states.push(s));
    const r = await h.call('namespace.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'auth-dismissed', message: expect.stringMatching(/^The password dialog was dismissed/) } });
    expect(h.currentStatus.state).toBe('failed');
    expect(h.currentStatus.message).toMatch(/dismissed.*\nIt wrote: Error executing command as another user: Request dismissed$/s);
    // "starting", "starting: waiting for authentication", then failed: never "restarting"
    expect(states.map((s) => s.state)).toEqual(['starting', 'starting', 'failed']);
    h.stop();
  });

  it('tells pkexec exit 127 "not authorized" from "no agent" from "cannot run the program"', async () => {
    const cases: [string, string, RegExp][] = [
      ['Error executing command as another user: Not authorized', 'not-authorized', /^Your account may not run the core helper/],
      ['Error executing command as another user: No authentication agent found.', 'not-authorized', /^No password dialog could be shown/],
      ['Cannot run program /usr/lib/netns-studio/netns-studio-core: No such file or directory', 'unavailable', /^pkexec could not run the core helper program/],
    ];
    for (const [said, code, sentence] of cases) {
      const h = helper(`process.stderr.write(${JSON.stringify(said + '\n')}); process.exit(127)`, true);
      const r = await h.call('namespace.list', {});
      expect(r).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(sentence) } });
      expect(h.currentStatus.message).toContain(said);
      h.stop();
    }
  });

  it('treats an exit before the first answer as final: no restart loop, one new start per retry', async () => {
    // counts its starts in a file, says why on stderr and exits 1, like a helper missing a module
    const dir = mkdtempSync(join(tmpdir(), 'core-helper-'));
    const starts = join(dir, 'starts');
    const h = helper(`require('node:fs').appendFileSync(${JSON.stringify(starts)}, 'x'); console.error("Error: Cannot find module 'koffi'"); process.exit(1)`);
    const states: CoreStatus[] = [];
    h.onStatus((s) => states.push(s));
    try {
      h.start();
      const r = await h.call('snapshot', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped before it answered \(exit code 1\).*Cannot find module 'koffi'/s) } });
      await until(() => h.currentStatus.state === 'failed');
      // the old supervisor restarted after 50 ms here (backoffMs), again and again
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(starts, 'utf8')).toBe('x');
      expect(states.map((s) => s.state)).toEqual(['starting', 'failed']);
      // requests the page makes on its own (polls, panels) are answered with the failure, no start
      expect(await h.call('guard.list', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/exit code 1/) } });
      expect(readFileSync(starts, 'utf8')).toBe('x');
      // "Try again": retry() starts it once more, and only once
      h.retry();
      await until(() => h.currentStatus.state === 'failed' && readFileSync(starts, 'utf8') === 'xx');
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(starts, 'utf8')).toBe('xx');
    } finally {
      h.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers every request after a start nobody waited for failed with that failure, without a new start', async () => {
    // the window opens after the helper already failed: its first request must not ask again
    const dir = mkdtempSync(join(tmpdir(), 'core-helper-'));
    const starts = join(dir, 'starts');
    const h = helper(`require('node:fs').appendFileSync(${JSON.stringify(starts)}, 'x'); process.exit(1)`);
    try {
      h.start();
      await until(() => h.currentStatus.state === 'failed');
      expect(await h.call('snapshot', {})).toMatchObject({ ok: false, error: { message: 'The core helper stopped before it answered (exit code 1).' } });
      expect(await h.call('guard.list', {})).toMatchObject({ ok: false, error: { message: 'The core helper stopped before it answered (exit code 1).' } });
      expect(readFileSync(starts, 'utf8')).toBe('x');
      h.retry(); // "Try again"
      await until(() => readFileSync(starts, 'utf8') === 'xx');
    } finally {
      h.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says plainly when the helper cannot be started at all', async () => {
    const h = new CoreHelper({ command: { command: '/nonexistent/helper', args: [], viaPkexec: false }, onStderr: () => {} });
    const r = await h.call('namespace.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await until(() => h.currentStatus.state === 'failed');
    expect(h.currentStatus.message).toMatch(/could not be started: .*ENOENT/);
    h.stop();
  });

  it('shows the reason it cannot start at all (the AppImage) and runs nothing', async () => {
    const h = new CoreHelper({ command: { command: '/nonexistent/helper', args: [], viaPkexec: true, unavailable: 'This AppImage cannot start its root helper.' } });
    h.start();
    expect(h.currentStatus).toEqual({ state: 'failed', message: 'This AppImage cannot start its root helper.' });
    expect(await h.call('snapshot', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'This AppImage cannot start its root helper.' } });
    h.stop();
  });

  it('passes the environment a command asks for (run-as-node mode)', async () => {
    const h = new CoreHelper({
      command: { command: process.execPath, args: ['-e', `if (process.env.ELECTRON_RUN_AS_NODE !== '1') process.exit(9); ${echo}`], viaPkexec: false, env: { ELECTRON_RUN_AS_NODE: '1' } },
    });
    expect(await h.call('x', {})).toEqual({ ok: true, value: 'x' });
    h.stop();
  });

  it('refuses a request longer than a line the helper reads at once, and never sends it', async () => {
    // Like the real helper (electron/lib/json-lines.ts): a line over the cap is dropped and
    // answered with id null, which no caller can be matched to. 'count' says how many requests came.
    const dropping = `
      let buf = '', lines = 0;
      process.stdin.on('data', (c) => {
        buf += c;
        let i;
        while ((i = buf.indexOf('\\n')) !== -1) {
          const line = buf.slice(0, i); buf = buf.slice(i + 1);
          if (!line.startsWith('{"id":0,')) lines++; // the start-up probe does not count
          if (Buffer.byteLength(line) > ${MAX_MESSAGE_BYTES}) { process.stdout.write(JSON.stringify({ id: null, result: { ok: false, error: { code: 'invalid-input', message: 'dropped' } } }) + '\\n'); continue; }
          const f = JSON.parse(line);
          process.stdout.write(JSON.stringify({ id: f.id, result: { ok: true, value: f.method === 'count' ? lines : f.method } }) + '\\n');
        }
      });
      process.stdin.on('end', () => process.exit(0));`;
    const h = helper(dropping);
    h.start();
    const r = await h.call('exec.run', { namespace: 'blue', argv: ['echo', 'x'.repeat(MAX_MESSAGE_BYTES - 30)] });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input', message: expect.stringMatching(/at most 1048576 bytes/) } });
    // this question is the only line that came: the large request never went out
    expect(await h.call('count', {})).toEqual({ ok: true, value: 1 });
    h.stop();
  });

  it('reads frames with the shared wire schemas: events go out, malformed lines are reported, not fatal', async () => {
    // For method "garbage": lines that are no frame, an event, then an answer with a broken result.
    const garbage = `
      let buf = '';
      const out = (x) => process.stdout.write((typeof x === 'string' ? x : JSON.stringify(x)) + '\\n');
      process.stdin.on('data', (c) => {
        buf += c;
        let i;
        while ((i = buf.indexOf('\\n')) !== -1) {
          const f = JSON.parse(buf.slice(0, i)); buf = buf.slice(i + 1);
          if (f.id === 0 || f.subscribe) continue;
          if (f.method === 'garbage') {
            out('this is not json'); out('null'); out('[1,2]'); out({ id: 'text', result: { ok: true, value: 1 } });
            out({ event: 'resync', payload: { reason: 'garbage' } });
            out({ id: f.id, result: { okay: 'maybe' } });
          } else out({ id: f.id, result: { ok: true, value: f.method } });
        }
      });
      process.stdin.on('end', () => process.exit(0));`;
    const stderr: string[] = [];
    const h = new CoreHelper({ command: { command: process.execPath, args: ['-e', garbage], viaPkexec: false }, backoffMs: [50], onStderr: (t) => stderr.push(t) });
    const events: unknown[] = [];
    h.subscribe((e, p) => events.push([e, p]));
    h.start();
    expect(await h.call('garbage', {})).toEqual({ ok: false, error: { code: 'internal', message: 'the core helper sent an answer that is not a result' } });
    expect(events).toEqual([['resync', { reason: 'garbage' }]]);
    expect(stderr).toEqual([
      'core helper: a line that is not JSON',
      'core helper: a line that is not a frame',
      'core helper: a line that is not a frame',
      'core helper: {"id":"text","result":{"ok":true,"value":1}}',
    ]);
    // and the helper is still served: nothing crashed
    expect(await h.call('after', {})).toEqual({ ok: true, value: 'after' });
    expect(h.currentStatus.state).toBe('running');
    h.stop();
  });
});
