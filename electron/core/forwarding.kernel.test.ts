// A namespace's forwarding (the picture's router mark) live, against the real kernel in the
// sandbox: changed by another process (`ip netns exec NS sysctl -w`), the core says it at once in
// a namespace.changed, as `ip monitor netconf` prints it; a namespace made and set forwarding at
// once ends as a router in what the core said; our own sysctl.set is told once, not again when
// the kernel's event for it arrives. Every value is compared with `ip netns exec NS sysctl`.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, methods } from '../../shared/contract';
import { createCoreService, type CoreService } from './service';
import { until } from './net/test/kernel-fixture';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('forwarding kernel tests skipped: run them through scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox), never on the host');

const sh = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sysctlIn = (ns: string, key: string): number => Number(execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-n', key], { encoding: 'utf8' }).trim());
/** Forwarding as `ip netns exec NS sysctl` reads it, in the contract's shape. */
const forwardingIn = (ns: string) => ({ ipv4: sysctlIn(ns, 'net.ipv4.ip_forward') === 1, ipv6: sysctlIn(ns, 'net.ipv6.conf.all.forwarding') === 1 });
const hasIpv6 = existsSync('/proc/sys/net/ipv6');

interface Said {
  event: string;
  names: string[];
  forwarding?: { ipv4: boolean; ipv6: boolean };
}

describe.skipIf(!inSandbox)("a namespace's forwarding, live", () => {
  const A = `fwa${process.pid % 1000}`;
  const made: string[] = [A];
  let core: CoreService;
  let stop: () => void;
  const said: Said[] = [];
  /** What the core said about ns, in order: namespace.added and namespace.changed. */
  const about = (ns: string) => said.filter((s) => s.names.includes(ns));
  /** The forwarding the core said last about ns (what a picture holding its events draws). */
  const lastForwarding = (ns: string) => about(ns).findLast((s) => s.forwarding)?.forwarding;

  beforeAll(() => {
    sh(`ip netns add ${A}`);
    core = createCoreService();
    stop = core.subscribe((event, payload) => {
      if (event !== 'namespace.added' && event !== 'namespace.changed') return;
      const p = events[event].parse(payload); // exactly what the contract says
      said.push({ event, names: p.names, forwarding: p.forwarding });
    });
  });
  afterAll(() => {
    stop();
    core.close();
    for (const n of made) spawnSync('ip', ['netns', 'del', n]);
  });

  it('says forwarding on, then off, when another process sets it with ip netns exec sysctl', async () => {
    expect(forwardingIn(A)).toEqual({ ipv4: false, ipv6: false });
    sh(`ip netns exec ${A} sysctl -qw net.ipv4.ip_forward=1`);
    const on = await until(() => about(A).find((s) => s.event === 'namespace.changed' && s.forwarding?.ipv4), 'namespace.changed with forwarding on');
    expect(on.forwarding).toEqual(forwardingIn(A));
    expect(on.forwarding).toEqual({ ipv4: true, ipv6: false });

    sh(`ip netns exec ${A} sysctl -qw net.ipv4.ip_forward=0`);
    await until(() => (lastForwarding(A)?.ipv4 === false ? true : undefined), 'namespace.changed with forwarding off');
    expect(lastForwarding(A)).toEqual(forwardingIn(A));
    expect(lastForwarding(A)).toEqual({ ipv4: false, ipv6: false });
  });

  it.skipIf(!hasIpv6)('says IPv6 forwarding (net.ipv6.conf.all.forwarding) beside IPv4', async () => {
    sh(`ip netns exec ${A} sysctl -qw net.ipv6.conf.all.forwarding=1`);
    await until(() => (lastForwarding(A)?.ipv6 ? true : undefined), 'namespace.changed with IPv6 forwarding on');
    expect(lastForwarding(A)).toEqual({ ipv4: false, ipv6: true });
    expect(lastForwarding(A)).toEqual(forwardingIn(A));
    // and a snapshot says the same (asked with RTM_GETNETCONF on each namespace's dump socket)
    const snap = (await core.call('snapshot', {})) as { namespaces: { names: string[]; forwarding?: unknown }[] };
    expect(snap.namespaces.find((n) => n.names.includes(A))?.forwarding).toEqual(forwardingIn(A));
    sh(`ip netns exec ${A} sysctl -qw net.ipv6.conf.all.forwarding=0`);
    await until(() => (lastForwarding(A)?.ipv6 === false ? true : undefined), 'namespace.changed with IPv6 forwarding off');
    expect(lastForwarding(A)).toEqual(forwardingIn(A));
  });

  it('tells its own sysctl.set once, and nothing for a setting that is not forwarding', async () => {
    const before = about(A).length;
    await core.call('sysctl.set', methods['sysctl.set'].input.parse({ namespace: A, key: 'net.ipv4.ip_forward', value: 1 }));
    // Told before the answer came back, not waiting for the kernel's event.
    expect(about(A).slice(before)).toEqual([expect.objectContaining({ event: 'namespace.changed', forwarding: { ipv4: true, ipv6: false } })]);
    sh(`ip netns exec ${A} sysctl -qw net.ipv4.conf.all.rp_filter=2`);
    // A last change by another process: once it is told, every netconf event before it (the one
    // for our own write, the rp_filter one) has been read from the same socket, in order.
    sh(`ip netns exec ${A} sysctl -qw net.ipv4.ip_forward=0`);
    await until(() => (lastForwarding(A)?.ipv4 === false ? true : undefined), 'namespace.changed with forwarding off');
    expect(about(A).slice(before).map((s) => s.forwarding)).toEqual([
      { ipv4: true, ipv6: false },
      { ipv4: false, ipv6: false },
    ]);
    expect(lastForwarding(A)).toEqual(forwardingIn(A));
  });

  it('draws a namespace made and set forwarding at once as a router, from what the core said', async () => {
    // As every lab script does; several times, so the `sysctl -w` falls both before and after the
    // core starts watching the new namespace.
    const fresh = [0, 1, 2, 3, 4].map((i) => `fwn${process.pid % 1000}x${i}`);
    made.push(...fresh);
    for (const n of fresh) sh(`ip netns add ${n} && ip netns exec ${n} sysctl -qw net.ipv4.ip_forward=1`);
    for (const n of fresh) {
      await until(() => (lastForwarding(n)?.ipv4 ? true : undefined), `${n} said forwarding`);
      expect(about(n)[0]?.event).toBe('namespace.added');
      expect(lastForwarding(n)).toEqual(forwardingIn(n));
      expect(lastForwarding(n)).toEqual({ ipv4: true, ipv6: false });
    }
  });
});
