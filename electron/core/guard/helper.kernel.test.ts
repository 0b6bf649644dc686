// The rollback timer lives in the root helper, not in the host: the built helper (dist/core.cjs)
// rolls a pending change back when its timer fires even after its parent closed its input, and
// at once when it is told to stop (SIGTERM), before it exits.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, freshNamespace, inSandbox, ip, ipJson, ownNamespace } from '../net/test/kernel-fixture';

const helper = join(__dirname, '../../../dist/core.cjs');
const built = existsSync(helper);
if (inSandbox && !built) console.log('guard helper tests skipped: dist/core.cjs is not built (npm run build)');

interface IpRoute { dst: string; dev?: string }
const uplink = () => ({
  up: ipJson<{ flags: string[] }[]>('link', 'show', 'dev', 'up0')[0]!.flags.includes('UP'),
  routes: ipJson<IpRoute[]>('route', 'show').filter((r) => r.dev === 'up0').map((r) => r.dst).sort(),
});

/** Starts the helper, takes up0 down confirmed, and answers with the child and the answer. */
async function downThroughHelper(rollbackSeconds: number): Promise<{ child: ChildProcessWithoutNullStreams; answer: { ok: boolean; value?: { pending?: { state: string } } } }> {
  const child = spawn(process.execPath, [helper], { stdio: ['pipe', 'pipe', 'pipe'] });
  const input = { namespace: ownNamespace().id, link: 'up0', up: false, guard: { confirmed: true, rollbackSeconds } };
  child.stdin.write(`${JSON.stringify({ id: 1, method: 'link.set', input })}\n`);
  const answer = await new Promise<{ ok: boolean }>((resolve) => {
    let buf = '';
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{"id":1'));
      if (line) resolve((JSON.parse(line) as { result: { ok: boolean } }).result);
    });
  });
  return { child, answer };
}
const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

describe.skipIf(!inSandbox || !built)('the guard in the built helper', () => {
  let before: ReturnType<typeof uplink>;
  let child: ChildProcessWithoutNullStreams | null = null;

  beforeEach(() => {
    const peer = freshNamespace('hgw');
    ip('link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'gw0', 'netns', peer.name);
    ip('addr', 'add', '10.97.0.1/24', 'dev', 'up0');
    ip('link', 'set', 'up0', 'up');
    ip('route', 'add', 'default', 'via', '10.97.0.2', 'dev', 'up0');
    before = uplink();
  });
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    ip('link', 'del', 'up0');
    cleanup();
  });

  it('rolls back when the timer fires although its parent is gone, then exits', async () => {
    const run = await downThroughHelper(2);
    child = run.child;
    expect(run.answer).toMatchObject({ ok: true, value: { pending: { state: 'pending' } } });
    expect(uplink().up).toBe(false);
    child.stdin.end(); // the host is gone
    expect(await exited(child)).toBe(0);
    expect(uplink()).toEqual(before);
  });

  it('rolls back at once when told to stop', async () => {
    const run = await downThroughHelper(600);
    child = run.child;
    expect(uplink().up).toBe(false);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(uplink()).toEqual(before);
  });
});
