// The core service's live picture against the real kernel: a namespace that appears while the
// core watches arrives whole (its links as they already were), and every namespace event carries
// the nsid `ip netns list` shows.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createCoreService, type CoreService } from './service';
import { until } from './net/test/kernel-fixture';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
const ip = (...args: string[]): string => {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

interface Seen {
  event: string;
  payload: Record<string, unknown>;
}

describe.skipIf(!inSandbox)('the core service against the real kernel', () => {
  const children: ChildProcess[] = [];
  const names: string[] = [];
  let service: CoreService | null = null;
  afterAll(() => {
    service?.close();
    for (const c of children) c.kill();
    for (const n of names) spawnSync('ip', ['netns', 'del', n]);
  });

  it('delivers a namespace that appears while it watches whole, with its nsid, and keeps the nsid on later changes', async () => {
    service = createCoreService();
    const seen: Seen[] = [];
    service.subscribe((event, payload) => seen.push({ event, payload: payload as Record<string, unknown> }));
    // A namespace with links made before anything names it: the core can only learn them by reading.
    const child = spawn('unshare', ['--net', 'sh', '-c', 'ip link add z0 type veth peer name z1 && ip addr add 10.8.0.1/24 dev z0 && ip link set z0 up && echo ready && exec sleep 120'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`the namespace's process ended (${code})`)));
    });
    const name = `late${process.pid % 1000}`;
    names.push(name);
    const attached = await service.call('namespace.attach', { name, pid: child.pid! });
    const id = attached.id;

    const linkNamed = (n: string) => seen.find((e) => e.event === 'link.changed' && e.payload.namespace === id && (e.payload.link as { name: string }).name === n);
    const z0 = (await until(() => linkNamed('z0'), 'z0 in the new namespace')).payload.link as { up: boolean; addresses: string[] };
    expect(z0).toMatchObject({ up: true, addresses: ['10.8.0.1/24'] });
    expect(linkNamed('z1')).toBeDefined();
    expect(linkNamed('lo')).toBeDefined();
    const added = seen.findIndex((e) => e.event === 'namespace.added' && e.payload.id === id);
    expect(added).toBeGreaterThanOrEqual(0);
    expect(added).toBeLessThan(seen.findIndex((e) => e.event === 'link.changed' && e.payload.namespace === id));

    // An nsid given in the core's own namespace is told as a namespace.changed...
    ip('netns', 'set', name, 'auto');
    const listed = Number(/\(id: (\d+)\)/.exec(ip('netns', 'list').split('\n').find((l) => l.startsWith(`${name} `))!)![1]);
    await until(() => seen.find((e) => e.event === 'namespace.changed' && e.payload.id === id && e.payload.nsid === listed), `namespace.changed with nsid ${listed}`);

    // ...and kept by the next change of its processes (a terminal opened there), not reset to "not assigned".
    seen.length = 0;
    const inside = spawn('ip', ['netns', 'exec', name, 'sleep', '120'], { stdio: 'ignore' });
    children.push(inside);
    names.push(`${name}b`);
    await service.call('namespace.add', { name: `${name}b` }); // makes the core re-read the namespaces now
    const changed = await until(() => seen.find((e) => e.event === 'namespace.changed' && e.payload.id === id && (e.payload.pids as number[]).includes(inside.pid!)), 'the new process');
    expect(changed.payload.nsid).toBe(listed);
  });
});

describe.skipIf(!inSandbox)('the core service while namespaces appear in a tight loop', () => {
  const names = Array.from({ length: Number(process.env.RACE_N ?? 90) }, (_, i) => `race${i}`);
  let service: CoreService | null = null;
  afterAll(() => {
    service?.close();
    spawnSync('sh', ['-c', names.map((n) => `ip netns del ${n} 2>/dev/null`).join('; ')]);
  });

  it('delivers every namespace made by ip netns add and changed at once whole (its lo and the link made right after)', async () => {
    service = createCoreService();
    const seen: Seen[] = [];
    service.subscribe((event, payload) => seen.push({ event, payload: payload as Record<string, unknown> }));
    // iproute2 in processes of its own, so the core keeps running meanwhile, as beside a shell
    // user; three loops at once give discovery more moments to catch an `ip netns add` inside its
    // new namespace between unshare and mounting it (before the fix: 2 to 10 of 150 left empty).
    const loops = [0, 1, 2].map((k) => {
      const script = names.filter((_, i) => i % 3 === k).map((n) => `ip netns add ${n} && ip -n ${n} link add d0 type bridge`);
      const loop = spawn('sh', ['-c', script.join(' && ')], { stdio: 'inherit' });
      return new Promise<number | null>((resolve) => loop.once('exit', resolve));
    });
    expect(await Promise.all(loops)).toEqual([0, 0, 0]);
    const idOf = (name: string) => seen.findLast((e) => (e.event === 'namespace.added' || e.event === 'namespace.changed') && (e.payload.names as string[]).includes(name))?.payload.id as string | undefined;
    const linksOf = (id: string) => new Set(seen.filter((e) => e.event === 'link.changed' && e.payload.namespace === id).map((e) => (e.payload.link as { name: string }).name));
    const incomplete = () =>
      names.filter((n) => {
        const id = idOf(n);
        const links = id ? linksOf(id) : new Set<string>();
        return !links.has('lo') || !links.has('d0');
      });
    await until(() => (incomplete().length ? undefined : true), 'every namespace whole', 10_000).catch(() => undefined);
    expect(incomplete(), 'namespaces announced without their links').toEqual([]);
  });
});

describe.skipIf(!inSandbox)('the core service with namespaces that live a moment', () => {
  let service: CoreService | null = null;
  const children: ChildProcess[] = [];
  afterAll(() => {
    service?.close();
    for (const c of children) c.kill();
  });

  // A snapshot found such a namespace through its process while the namespace watcher, which
  // looks again only when told or every second here (no proc connector in the sandbox, and
  // coalesced to 75 ms where there is one), never saw it: it never said namespace.removed, and
  // a page that read that snapshot kept the namespace for good (6 of 10 in a first try).
  it('says namespace.removed for every namespace a snapshot showed, however short its life', async () => {
    service = createCoreService();
    const seen: Seen[] = [];
    service.subscribe((event, payload) => seen.push({ event, payload: payload as Record<string, unknown> }));
    const shown: string[] = [];
    for (let i = 0; i < 5; i++) {
      // `unshare -n sleep 0.3`, saying its namespace's id first
      const child = spawn('unshare', ['--net', 'sh', '-c', 'readlink /proc/self/ns/net && exec sleep 0.3'], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      const id = await new Promise<string>((resolve, reject) => {
        child.stdout!.once('data', (d: Buffer) => resolve(/net:\[(\d+)\]/.exec(d.toString())?.[1] ?? ''));
        child.once('exit', (code) => reject(new Error(`unshare ended first (${code})`)));
      });
      const snap = await service.call('snapshot', {});
      if (snap.namespaces.some((n) => n.id === id)) shown.push(id);
      await new Promise((r) => child.once('exit', r));
    }
    expect(shown.length, 'snapshots that showed the namespace while its process ran').toBeGreaterThan(0);
    const removed = (id: string) => seen.some((e) => e.event === 'namespace.removed' && e.payload.id === id);
    await until(() => (shown.every(removed) ? true : undefined), 'namespace.removed for each', 5000).catch(() => undefined);
    expect(shown.filter((id) => !removed(id)), 'shown by a snapshot, never said removed').toEqual([]);
  });
});
