// The guard in the core, against the real kernel: the sandbox's own namespace plays the host,
// with its default routes (IPv4 and IPv6) through a veth. A risky change asks first; confirmed,
// it rolls back by itself unless kept; kept, it stays. Compared with `ip -json` throughout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PendingChange } from '../../../shared/guard';
import { StudioError } from '../../../shared/result';
import { createCoreService, type CoreService } from '../service';
import { cleanup, freshNamespace, inSandbox, ip, ipJson, ownNamespace } from '../net/test/kernel-fixture';

interface IpRoute { dst: string; gateway?: string; dev: string; protocol?: string; metric?: number }
interface IpAddr { ifname: string; operstate: string; flags: string[]; addr_info: { local: string; prefixlen: number; scope: string }[] }

/** What the guard promises to bring back: the uplink's state, its addresses, the routes through it. */
function picture() {
  const link = ipJson<IpAddr[]>('addr', 'show', 'dev', 'up0')[0]!;
  const addrs = link.addr_info.filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`).sort();
  const routes = (fam: string) =>
    ipJson<IpRoute[]>(fam, 'route', 'show')
      .filter((r) => r.dev === 'up0')
      .map((r) => `${r.dst} ${r.gateway ?? ''} ${r.protocol ?? ''} ${r.metric ?? ''}`)
      .sort();
  return { up: link.flags.includes('UP'), addrs, routes4: routes('-4'), routes6: routes('-6') };
}

async function settled(core: CoreService, id: string): Promise<PendingChange> {
  for (let i = 0; i < 200; i++) {
    const entry = ((await core.call('guard.list', {})) as PendingChange[]).find((e) => e.id === id)!;
    if (entry.state !== 'pending') return entry;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`change ${id} still pending after 10 s`);
}

async function refusal(p: Promise<unknown>): Promise<StudioError['info']> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StudioError) return e.info;
    throw e;
  }
  throw new Error('the call was not refused');
}

describe.skipIf(!inSandbox)('the guard against the real kernel', () => {
  let core: CoreService;
  let host: string;
  let peer: ReturnType<typeof freshNamespace>;
  let before: ReturnType<typeof picture>;

  beforeEach(() => {
    host = ownNamespace().id;
    peer = freshNamespace('gw');
    ip('link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'gw0', 'netns', peer.name);
    ip('addr', 'add', '10.99.0.1/24', 'dev', 'up0');
    ip('addr', 'add', 'fd00:99::1/64', 'dev', 'up0', 'nodad');
    ip('link', 'set', 'up0', 'up');
    ip('-n', peer.name, 'link', 'set', 'gw0', 'up');
    ip('route', 'add', 'default', 'via', '10.99.0.2', 'dev', 'up0');
    ip('route', 'add', '10.200.0.0/16', 'via', '10.99.0.2', 'dev', 'up0', 'metric', '20');
    ip('-6', 'route', 'add', 'default', 'via', 'fd00:99::2', 'dev', 'up0');
    before = picture();
    core = createCoreService();
  });
  afterEach(() => {
    core.close();
    try {
      ip('link', 'del', 'up0');
    } catch {
      // moved or deleted by the test
    }
    cleanup();
  });

  const down = (guard: object) => core.call('link.set', { namespace: host, link: 'up0', up: false, guard: { confirmed: false, rollbackSeconds: 30, ...guard } });

  it('refuses to take the uplink down unconfirmed, naming the risk, and changes nothing', async () => {
    const err = await refusal(down({}));
    expect(err).toMatchObject({ code: 'needs-confirmation', field: 'input.up' });
    expect(err.message).toBe('up0 carries the default routes (IPv4 and IPv6); taking it down may cut this machine off the network and end this session');
    expect(picture()).toEqual(before);
  });

  it('without a guard field (netns-ctl) it does as told, with nothing pending', async () => {
    const out = await core.call('link.set', { namespace: host, link: 'up0', up: false });
    expect(out.pending).toBeUndefined();
    expect(picture().up).toBe(false);
    expect(await core.call('guard.list', {})).toEqual([]);
  });

  it('down, confirmed, not kept: the link is up again with its addresses and routes, and says so', async () => {
    const out = await down({ confirmed: true, rollbackSeconds: 1 });
    expect(out.pending).toMatchObject({ state: 'pending', command: 'ip link set dev up0 down', rollbackSeconds: 1, link: 'up0' });
    const gone = picture();
    expect(gone.up).toBe(false);
    expect(gone.routes4).toEqual([]); // the kernel flushed them: that is what the guard restores
    const done = await settled(core, out.pending!.id);
    expect(done).toMatchObject({ state: 'rolled-back', reason: 'not confirmed within 1 s' });
    expect(done.outcome).toBe('up0 up again, 1 address and 3 routes restored');
    expect(picture()).toEqual(before);
    await expect(core.idle()).resolves.toBeUndefined();
  });

  it('down, confirmed, kept: it stays down, and a late rollback is refused', async () => {
    const out = await down({ confirmed: true, rollbackSeconds: 1 });
    const kept = await core.call('guard.keep', { id: out.pending!.id });
    expect(kept).toMatchObject({ state: 'kept' });
    await new Promise((r) => setTimeout(r, 1500)); // past the deadline the timer would have had
    expect(picture().up).toBe(false);
    expect(await refusal(core.call('guard.rollback', { id: out.pending!.id }))).toMatchObject({ code: 'failed', field: 'id' });
  });

  it('moved to another namespace, not kept: it comes back, up, with addresses and routes', async () => {
    const other = freshNamespace('away');
    const move = (confirmed: boolean) => core.call('link.move', { namespace: host, link: 'up0', to: other.name, guard: { confirmed, rollbackSeconds: 1 } });
    expect(await refusal(move(false))).toMatchObject({ code: 'needs-confirmation', field: 'input.to' });
    const out = await move(true);
    expect(out.pending?.command).toBe(`ip link set dev up0 netns ${other.name}`);
    expect(ipJson<unknown[]>('-n', other.name, 'link', 'show', 'up0')).toHaveLength(1);
    const done = await settled(core, out.pending!.id);
    expect(done).toMatchObject({ state: 'rolled-back' });
    expect(done.outcome).toMatch(/^up0 moved back, up again, 2 addresses and 3 routes restored$/);
    expect(picture()).toEqual(before);
  });

  it('an address removed, not kept: the address and the routes that went with it come back', async () => {
    const del = (confirmed: boolean) => core.call('address.delete', { namespace: host, link: 'up0', address: '10.99.0.1/24', guard: { confirmed, rollbackSeconds: 1 } });
    expect(await refusal(del(false))).toMatchObject({ code: 'needs-confirmation', field: 'input.address' });
    const out = await del(true);
    expect(picture().addrs).toEqual(['fd00:99::1/64']);
    const done = await settled(core, out.pending!.id);
    expect(done).toMatchObject({ state: 'rolled-back' });
    expect(picture()).toEqual(before);
  });

  it('rolls back at once on request (Roll back now)', async () => {
    const out = await down({ confirmed: true, rollbackSeconds: 600 });
    const done = await core.call('guard.rollback', { id: out.pending!.id });
    expect(done).toMatchObject({ state: 'rolled-back', reason: 'rolled back on request' });
    expect(picture()).toEqual(before);
  });

  it('a page served over another interface protects that one; deleting asks but has no timer', async () => {
    ip('link', 'add', 'srv0', 'type', 'veth', 'peer', 'name', 'srvp', 'netns', peer.name);
    ip('addr', 'add', '10.98.0.1/24', 'dev', 'srv0');
    ip('link', 'set', 'srv0', 'up');
    try {
      const set = (servedVia?: string) => core.call('link.set', { namespace: host, link: 'srv0', up: false, guard: { confirmed: false, rollbackSeconds: 30, ...(servedVia ? { servedVia } : {}) } });
      expect((await refusal(set('10.98.0.1'))).message).toBe("srv0 carries this page's connection (10.98.0.1); taking it down may cut this machine off the network and end this session");
      const del = (confirmed: boolean) => core.call('link.delete', { namespace: host, link: 'srv0', guard: { confirmed, rollbackSeconds: 30, servedVia: '10.98.0.1' } });
      expect((await refusal(del(false))).message).toContain('deleting it (this cannot be rolled back)');
      expect(await del(true)).toEqual({});
      expect(ipJson<unknown[]>('link', 'show')).not.toContainEqual(expect.objectContaining({ ifname: 'srv0' }));
      expect(await core.call('guard.list', {})).toEqual([]);
    } finally {
      try {
        ip('link', 'del', 'srv0');
      } catch {
        // deleted by the test
      }
    }
  });

  it('changes in other namespaces never ask', async () => {
    ip('-n', peer.name, 'addr', 'add', '10.99.0.2/24', 'dev', 'gw0');
    ip('-n', peer.name, 'route', 'add', 'default', 'via', '10.99.0.1', 'dev', 'gw0');
    const out = await core.call('link.set', { namespace: peer.name, link: 'gw0', up: false, guard: { confirmed: false, rollbackSeconds: 30 } });
    expect(out).toMatchObject({ name: 'gw0', up: false });
    expect(out.pending).toBeUndefined();
  });
});
