import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { events, type EventName } from '../../../shared/contract';
import { NetMonitor } from './monitor';
import { RTM_NEWLINK } from '../netlink/constants';
import { encodeMessage } from '../netlink/message';
import { RouteSocket } from '../netlink/socket';
import { netlinkPortId, sendto, sockaddrNl } from '../sys/socket';
import { cleanup, freshNamespace, inSandbox, ip, ipJson, ipLinks } from './test/kernel-fixture';

interface Seen {
  event: EventName;
  payload: Record<string, unknown>;
}

function collect(opts = {}): { monitor: NetMonitor; seen: Seen[] } {
  const seen: Seen[] = [];
  const monitor = new NetMonitor((event, payload) => {
    // Every payload must be exactly what the contract says.
    events[event as keyof typeof events].parse(payload);
    seen.push({ event, payload: payload as Record<string, unknown> });
  }, opts);
  return { monitor, seen };
}

async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out waiting for events');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(!inSandbox)('the monitor against the real kernel', () => {
  let monitor: NetMonitor | null = null;
  afterEach(() => {
    monitor?.close();
    cleanup();
  });

  it('reports links, addresses and routes changed by ip in other namespaces', async () => {
    const a = freshNamespace('ea');
    const b = freshNamespace('eb');
    const c = collect();
    monitor = c.monitor;
    monitor.watch(a);
    monitor.watch(b);
    ip('-n', a.name, 'link', 'add', 'x0', 'type', 'veth', 'peer', 'name', 'x1', 'netns', b.name);
    ip('-n', a.name, 'link', 'set', 'x0', 'up');
    ip('-n', a.name, 'addr', 'add', '10.5.0.1/24', 'dev', 'x0');
    ip('-n', a.name, 'route', 'add', '198.51.100.0/24', 'via', '10.5.0.9');
    const x0 = ipLinks(a.name).find((l) => l.ifname === 'x0')!;
    const x1 = ipLinks(b.name).find((l) => l.ifname === 'x1')!;
    await until(() => c.seen.some((e) => e.event === 'route.added' && (e.payload.route as { destination: string }).destination === '198.51.100.0/24'));
    const x0Change = c.seen.filter((e) => e.event === 'link.changed' && e.payload.namespace === a.id).at(-1)!;
    expect(x0Change.payload.link).toMatchObject({ name: 'x0', ifindex: x0.ifindex, up: true, peer: { namespace: b.id, ifindex: x1.ifindex } });
    expect(c.seen.some((e) => e.event === 'link.changed' && e.payload.namespace === b.id && (e.payload.link as { name: string }).name === 'x1')).toBe(true);
    expect(c.seen).toContainEqual({ event: 'address.added', payload: { namespace: a.id, ifindex: x0.ifindex, address: '10.5.0.1/24' } });
    const route = c.seen.find((e) => e.event === 'route.added' && (e.payload.route as { destination: string }).destination === '198.51.100.0/24')!;
    expect(route.payload.route).toMatchObject({ gateway: '10.5.0.9', dev: 'x0', ifindex: x0.ifindex, family: 4 });
    c.seen.length = 0;
    ip('-n', a.name, 'link', 'del', 'x0');
    await until(() => c.seen.some((e) => e.event === 'link.removed' && e.payload.namespace === b.id));
    expect(c.seen).toContainEqual({ event: 'link.removed', payload: { namespace: a.id, ifindex: x0.ifindex, name: 'x0' } });
  });

  it('delivers a namespace whole when it starts watching it (subscribe, read, reconcile), then its later changes', async () => {
    const a = freshNamespace('er');
    ip('-n', a.name, 'link', 'add', 'w0', 'type', 'veth', 'peer', 'name', 'w1');
    ip('-n', a.name, 'link', 'set', 'w0', 'up');
    ip('-n', a.name, 'link', 'set', 'w1', 'up');
    ip('-n', a.name, 'addr', 'add', '10.7.0.1/24', 'dev', 'w0');
    ip('-n', a.name, 'addr', 'add', 'fd07::1/64', 'dev', 'w0', 'nodad');
    ip('-n', a.name, 'route', 'add', '198.51.100.0/24', 'via', '10.7.0.9');
    const c = collect();
    monitor = c.monitor;
    monitor.watch(a, { replay: true });
    ip('-n', a.name, 'link', 'set', 'w1', 'mtu', '1400'); // a change right after: delivered after the read
    const links = () => new Map(c.seen.filter((e) => e.event === 'link.changed').map((e) => [(e.payload.link as { name: string }).name, e.payload.link as { name: string; ifindex: number; mtu: number; up: boolean; addresses: string[] }]));
    await until(() => links().get('w1')?.mtu === 1400);
    // Every link ip shows, each as ip shows it, in its latest state.
    const shown = ipLinks(a.name);
    expect([...links().keys()].sort()).toEqual(shown.map((l) => l.ifname).sort());
    for (const l of shown) {
      expect(links().get(l.ifname)).toMatchObject({ ifindex: l.ifindex, mtu: l.mtu, up: l.flags.includes('UP') });
      expect([...links().get(l.ifname)!.addresses].sort()).toEqual((l.addr_info ?? []).map((x) => `${x.local}/${x.prefixlen}`).sort());
    }
    // Every main-table route ip shows, IPv4 and IPv6.
    const routes = c.seen.filter((e) => e.event === 'route.added').map((e) => (e.payload.route as { destination: string }).destination);
    const ipRoutes = [...ipJson<{ dst: string }[]>('-n', a.name, 'route', 'show'), ...ipJson<{ dst: string }[]>('-n', a.name, '-6', 'route', 'show')];
    const cidr = (d: string) => (d === 'default' || d.includes('/') ? d : `${d}/${d.includes(':') ? 128 : 32}`);
    expect(new Set(routes)).toEqual(new Set(ipRoutes.map((r) => cidr(r.dst))));
    expect(routes).toContain('198.51.100.0/24');
    expect(c.seen.filter((e) => e.event === 'resync')).toEqual([]);
  });

  it('coalesces a storm into at most one link.changed per interface per tick', async () => {
    const a = freshNamespace('es');
    const c = collect();
    monitor = c.monitor;
    monitor.watch(a);
    ip('-n', a.name, 'link', 'add', 'st0', 'type', 'veth', 'peer', 'name', 'st1');
    await until(() => c.seen.some((e) => e.event === 'link.changed'));
    c.seen.length = 0;
    // 40 changes of the same link while the event loop is busy (execFileSync blocks it).
    const lines = Array.from({ length: 20 }, () => `link set st0 up\nlink set st0 down\n`).join('');
    execFileSync('ip', ['-n', a.name, '-batch', '-'], { input: lines });
    ip('-n', a.name, 'link', 'set', 'st0', 'mtu', '1300');
    await until(() => c.seen.some((e) => (e.payload.link as { mtu?: number } | undefined)?.mtu === 1300));
    const st0 = c.seen.filter((e) => e.event === 'link.changed' && (e.payload.link as { name: string }).name === 'st0');
    expect(st0.length).toBeLessThanOrEqual(3);
    expect(st0.at(-1)!.payload.link).toMatchObject({ up: false, mtu: 1300 });
  });

  it('delivers the moment a link went down even when it is up again within the tick (its IPv4 routes went silently)', async () => {
    const a = freshNamespace('eg');
    const c = collect();
    monitor = c.monitor;
    monitor.watch(a);
    ip('-n', a.name, 'link', 'add', 'gd0', 'type', 'veth', 'peer', 'name', 'gd1');
    ip('-n', a.name, 'link', 'set', 'gd1', 'up');
    ip('-n', a.name, 'link', 'set', 'gd0', 'up');
    ip('-n', a.name, 'route', 'add', '198.51.100.0/24', 'dev', 'gd0');
    await until(() => c.seen.some((e) => e.event === 'route.added'));
    c.seen.length = 0;
    // down and up again while the event loop is busy: one tick; the route is gone without a word
    execFileSync('ip', ['-n', a.name, '-batch', '-'], { input: 'link set gd0 down\nlink set gd0 up\n' });
    ip('-n', a.name, 'link', 'set', 'gd0', 'mtu', '1400');
    await until(() => c.seen.some((e) => (e.payload.link as { mtu?: number } | undefined)?.mtu === 1400));
    const gd0 = c.seen.filter((e) => e.event === 'link.changed' && (e.payload.link as { name: string }).name === 'gd0').map((e) => (e.payload.link as { up: boolean }).up);
    expect(gd0[0]).toBe(false);
    expect(gd0.at(-1)).toBe(true);
    expect(ipJson<unknown[]>('-n', a.name, 'route', 'show', '198.51.100.0/24')).toEqual([]);
  });

  it("tells a namespace's forwarding when it changed, once per tick: on and off again within the tick is nothing", async () => {
    const a = freshNamespace('ef');
    const told: { id: string; forwarding: unknown }[] = [];
    const c = collect({ onForwardingChange: (id: string, forwarding: unknown) => told.push({ id, forwarding }) });
    monitor = c.monitor;
    monitor.watch(a, { replay: true }); // reads forwarding (off) after subscribing
    expect(monitor.forwardingOf(a.id)).toEqual({ ipv4: false, ipv6: false });
    // On and off while the event loop is busy (execFileSync blocks it): one tick, no change.
    execFileSync('ip', ['netns', 'exec', a.name, 'sh', '-c', 'sysctl -qw net.ipv4.ip_forward=1 && sysctl -qw net.ipv4.ip_forward=0']);
    await new Promise((r) => setTimeout(r, 50));
    // rp_filter on the "all" entry: a netconf event that says nothing of forwarding.
    ip('netns', 'exec', a.name, 'sysctl', '-qw', 'net.ipv4.conf.all.rp_filter=2');
    ip('netns', 'exec', a.name, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    await until(() => told.length > 0);
    expect(told).toEqual([{ id: a.id, forwarding: { ipv4: true, ipv6: false } }]);
    expect(monitor.forwardingOf(a.id)).toEqual({ ipv4: true, ipv6: false });
    expect(ip('netns', 'exec', a.name, 'sysctl', '-n', 'net.ipv4.ip_forward').trim()).toBe('1');
  });

  it('keeps working, and stops cleanly, when a watched namespace is deleted', async () => {
    const a = freshNamespace('ed');
    const b = freshNamespace('ef');
    const c = collect();
    monitor = c.monitor;
    monitor.watch(a);
    monitor.watch(b);
    ip('netns', 'del', a.name);
    (a as { name: string | null }).name = null; // already deleted: cleanup must not delete it again
    monitor.unwatch(a.id);
    expect(monitor.watching()).toEqual([b.id]);
    ip('-n', b.name, 'link', 'add', 'after0', 'type', 'veth', 'peer', 'name', 'after1');
    await until(() => c.seen.some((e) => e.event === 'link.changed' && (e.payload.link as { name: string }).name === 'after0'));
  });

  it('says resync when the kernel drops events (tiny buffer and a burst)', async () => {
    const a = freshNamespace('eo');
    const c = collect({ receiveBuffer: 1 });
    monitor = c.monitor;
    monitor.watch(a);
    const lines = Array.from({ length: 300 }, (_, i) => `link add br${i} type bridge\n`).join('');
    execFileSync('ip', ['-n', a.name, '-batch', '-'], { input: lines });
    await until(() => c.seen.some((e) => e.event === 'resync'));
    expect(c.seen.find((e) => e.event === 'resync')!.payload.reason).toContain('lost');
  });

  // What a picture relies on after a resync (renderer/model/live-topology.ts): a read taken after
  // it, with every later event applied on top, is the kernel's state. The storm runs in a process
  // of its own, so the monitor drains, overflows and says resync many times while it lasts.
  it('after each resync, a read taken then and the events after it end equal to the kernel (a storm with a tiny buffer)', async () => {
    const a = freshNamespace('es');
    const c = collect({ receiveBuffer: 4096 });
    monitor = c.monitor;
    monitor.watch(a);
    // Each link by ifindex: name, MTU and master (a name when read, an ifindex when an event says it).
    type Entry = { name: string; mtu: number; master: string | number | null };
    const read = () => new Map<number, Entry>(ipLinks(a.name).map((l) => [l.ifindex, { name: l.ifname, mtu: l.mtu, master: l.master ?? null }]));
    const lines = (m: Map<number, Entry>) =>
      [...m.values()].map((e) => `${e.name} mtu=${e.mtu} master=${typeof e.master === 'number' ? (m.get(e.master)?.name ?? `#${e.master}`) : e.master}`).sort();
    let model = read();
    let resyncs = 0;
    let applied = 0;
    const seenUpTo = () => {
      for (; applied < c.seen.length; applied++) {
        const { event, payload } = c.seen[applied]!;
        if (event === 'resync') {
          resyncs++;
          model = read(); // as the picture does: everything again, the events after it on top
        } else if (event === 'link.changed') {
          const l = payload.link as { ifindex: number; name: string; mtu: number; master: number | null };
          model.set(l.ifindex, { name: l.name, mtu: l.mtu, master: l.master });
        } else if (event === 'link.removed') model.delete(payload.ifindex as number);
      }
    };
    const storm = [
      'link add st0 type bridge',
      ...Array.from({ length: 200 }, (_, i) => `address add 10.77.${i >> 7}.${(i & 127) + 1}/32 dev st0`),
      ...Array.from({ length: 40 }, (_, i) => `link add sv${i} type veth peer name sw${i}`),
      ...Array.from({ length: 40 }, (_, i) => `link set sv${i} master st0`),
      ...Array.from({ length: 20 }, (_, i) => `link del sw${i}`),
      ...Array.from({ length: 20 }, (_, i) => `link set sv${20 + i} mtu 1400`),
      'link set st0 mtu 1400',
    ];
    const ipBatch = spawn('ip', ['-n', a.name, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
    ipBatch.stdin.end(storm.join('\n') + '\n');
    const timer = setInterval(seenUpTo, 1); // applied as they come, as a page does
    expect(await new Promise((r) => ipBatch.once('exit', r))).toBe(0);
    // the last events out of the monitor: until none came for 300 ms
    for (let n = -1; n !== c.seen.length; ) {
      n = c.seen.length;
      await new Promise((r) => setTimeout(r, 300));
    }
    clearInterval(timer);
    seenUpTo();
    expect(resyncs, 'the storm overflowed the socket').toBeGreaterThan(0);
    expect(lines(model)).toEqual(lines(read()));
  });

  it('lets the process exit once closed, and keeps it alive while watching', () => {
    // A separate Node process: bundled from TypeScript here, koffi loaded from the repository.
    const script = (closeIt: boolean) =>
      buildSync({
        stdin: {
          contents: `import { openSync, fstatSync } from 'node:fs';
            import { NetMonitor } from './electron/core/net/monitor';
            const fd = openSync('/proc/thread-self/ns/net', 'r');
            const m = new NetMonitor(() => {});
            m.watch({ id: String(fstatSync(fd).ino), fd, label: 'main' });
            ${closeIt ? 'm.close();' : ''}`,
          resolveDir: process.cwd(),
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        external: ['koffi'],
        write: false,
      }).outputFiles[0]!.text;
    const closed = spawnSync(process.execPath, ['-'], { input: script(true), cwd: process.cwd(), timeout: 5000 });
    expect(closed.error).toBeUndefined();
    expect(closed.stderr.toString()).toBe('');
    expect(closed.signal).toBeNull();
    expect(closed.status).toBe(0);
    const open = spawnSync(process.execPath, ['-'], { input: script(false), cwd: process.cwd(), timeout: 1500 });
    expect(open.signal).toBe('SIGTERM'); // still running when the timeout struck
  });

  it('hears only the kernel: a datagram from another socket in the namespace is refused, and causes no resync', async () => {
    const a = freshNamespace('em');
    const c = collect();
    monitor = c.monitor;
    monitor.watch(a);
    const fd = (monitor as unknown as { watched: Map<string, { sock: { fd: number } }> }).watched.get(a.id)!.sock.fd;
    const sender = new RouteSocket({ nsFd: a.fd });
    try {
      // A malformed link message, as any process in the namespace could send to the monitor's port.
      expect(() => sendto(sender.fd, encodeMessage(RTM_NEWLINK, 0, 1, Buffer.alloc(2)), 0, sockaddrNl(netlinkPortId(fd)))).toThrow(/ECONNREFUSED/);
    } finally {
      sender.close();
    }
    // Anything that had arrived would be read before this later change.
    ip('-n', a.name, 'link', 'add', 'after0', 'type', 'veth', 'peer', 'name', 'after1');
    await until(() => c.seen.some((e) => e.event === 'link.changed' && (e.payload.link as { name: string }).name === 'after0'));
    expect(c.seen.filter((e) => e.event === 'resync')).toEqual([]);
  });

});
