// Per-namespace sysctls and DNS against the real kernel (in the sandbox): every value read is the
// one `ip netns exec NS sysctl` prints, every write is seen by `ip netns exec NS ...` afterwards,
// and every refusal changes nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../../shared/contract';
import { sysctlKeys } from '../../../shared/netns-config';
import { createCoreService } from '../service';
import { HEADER } from './dns';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('namespace settings kernel tests skipped: run them through scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox), never on the host');

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sysctlIn = (ns: string, key: string): number => Number(ip('netns', 'exec', ns, 'sysctl', '-n', key).trim());
const ctlPath = join(__dirname, '../../../bin/netns-ctl.cjs');
const built = existsSync(join(__dirname, '../../../dist/netns-ctl.cjs'));
const ctl = (...args: string[]) => spawnSync('node', [ctlPath, ...args], { encoding: 'utf8' });

const A = `cfa${process.pid % 1000}`;
const B = `cfb${process.pid % 1000}`;

describe.skipIf(!inSandbox)('sysctls and DNS of a namespace', () => {
  const core = createCoreService();
  beforeAll(() => {
    ip('netns', 'add', A);
    ip('netns', 'add', B);
  });
  afterAll(() => {
    core.close();
    for (const n of [A, B]) spawnSync('ip', ['netns', 'del', n]);
    for (const n of readdirSync('/etc/netns')) if (n === A || n === B) execFileSync('rm', ['-rf', `/etc/netns/${n}`]);
  });
  /** Parses input as the host and the core do, then calls. */
  const call = async <K extends 'sysctl.get' | 'sysctl.set' | 'dns.get' | 'dns.set' | 'dns.reset'>(method: K, input: unknown) =>
    core.call(method, methods[method].input.parse(input) as never);

  it('reads every key as ip netns exec sysctl does, per namespace', async () => {
    const got = await call('sysctl.get', { namespace: A });
    expect(got.map((e) => e.key)).toEqual(sysctlKeys);
    for (const e of got) expect(e.value).toBe(sysctlIn(A, e.key));
  });

  it('turns forwarding on in one namespace only, and the snapshot draws it as a router', async () => {
    if (!/\(id: [0-9]+\)/.test(ip('netns', 'list').split('\n').find((l) => l.startsWith(`${A} `)) ?? '')) ip('netns', 'set', A, '77');
    const events: unknown[] = [];
    const stop = core.subscribe((event, payload) => event === 'namespace.changed' && events.push(payload));
    const after = await call('sysctl.set', { namespace: A, key: 'net.ipv4.ip_forward', value: 1 });
    stop();
    expect(after.find((e) => e.key === 'net.ipv4.ip_forward')?.value).toBe(1);
    expect(sysctlIn(A, 'net.ipv4.ip_forward')).toBe(1);
    expect(sysctlIn(B, 'net.ipv4.ip_forward')).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ names: [A], forwarding: { ipv4: true, ipv6: false } }));
    // The event carries the nsid too, as the namespace watcher's do (ip netns list-id).
    const listed = (await core.call('namespace.list', {})).find((n) => n.names.includes(A));
    expect(listed?.nsid).toEqual(expect.any(Number));
    expect((events.find((e) => (e as { names: string[] }).names[0] === A) as { nsid: number | null }).nsid).toBe(listed?.nsid);
    const snap = await core.call('snapshot', {});
    expect(snap.namespaces.find((n) => n.names.includes(A))?.forwarding).toEqual({ ipv4: true, ipv6: false });
    expect(snap.namespaces.find((n) => n.names.includes(B))?.forwarding).toEqual({ ipv4: false, ipv6: false });
  });

  it('sets rp_filter, TTL and hop limit, reached by name or by pid:N', async () => {
    await call('sysctl.set', { namespace: B, key: 'net.ipv4.conf.all.rp_filter', value: 2 });
    await call('sysctl.set', { namespace: B, key: 'net.ipv4.ip_default_ttl', value: 33 });
    expect(sysctlIn(B, 'net.ipv4.conf.all.rp_filter')).toBe(2);
    expect(sysctlIn(B, 'net.ipv4.ip_default_ttl')).toBe(33);
    if (existsSync('/proc/sys/net/ipv6')) {
      await call('sysctl.set', { namespace: B, key: 'net.ipv6.conf.all.hop_limit', value: 17 });
      expect(sysctlIn(B, 'net.ipv6.conf.all.hop_limit')).toBe(17);
    }
    const pid = Number(execFileSync('sh', ['-c', `ip netns exec ${B} sleep 30 >/dev/null 2>&1 & echo $!`], { encoding: 'utf8' }).trim());
    try {
      // `ip netns exec` enters the namespace just after it starts: wait until it is inside.
      const inode = statSync(`/run/netns/${B}`).ino;
      for (let i = 0; i < 200 && statSync(`/proc/${pid}/ns/net`).ino !== inode; i++) await new Promise((r) => setTimeout(r, 10));
      const got = await call('sysctl.get', { namespace: `pid:${pid}` });
      expect(got.find((e) => e.key === 'net.ipv4.ip_default_ttl')?.value).toBe(33);
    } finally {
      process.kill(pid);
    }
  });

  it('refuses other keys, values out of range and gone namespaces, changing nothing', async () => {
    const before = [sysctlIn(A, 'net.ipv4.ip_default_ttl'), sysctlIn(B, 'net.ipv4.ip_default_ttl')];
    expect(() => methods['sysctl.set'].input.parse({ namespace: A, key: 'kernel.hostname', value: 1 })).toThrow(/supported keys are net\.ipv4\.ip_forward/);
    expect(() => methods['sysctl.set'].input.parse({ namespace: A, key: 'net.ipv4.ip_default_ttl', value: 0 })).toThrow(/net\.ipv4\.ip_default_ttl is 1 to 255/);
    await expect(call('sysctl.set', { namespace: 'no-such-ns', key: 'net.ipv4.ip_default_ttl', value: 9 })).rejects.toMatchObject({ info: { code: 'not-found' } });
    expect([sysctlIn(A, 'net.ipv4.ip_default_ttl'), sysctlIn(B, 'net.ipv4.ip_default_ttl')]).toEqual(before);
  });

  it('writes resolv.conf and hosts that ip netns exec shows, and removes only its own', async () => {
    const set = await call('dns.set', { namespace: A, nameservers: ['192.0.2.53', '2001:db8::53'], search: ['lab.example', 'example'], hosts: [{ address: '10.1.2.3', names: ['db', 'db.lab.example'] }] });
    expect(set.resolv).toMatchObject({ path: `/etc/netns/${A}/resolv.conf`, own: true, ours: true, nameservers: ['192.0.2.53', '2001:db8::53'], search: ['lab.example', 'example'], problems: [] });
    const seen = ip('netns', 'exec', A, 'cat', '/etc/resolv.conf');
    expect(seen).toContain('nameserver 192.0.2.53\nnameserver 2001:db8::53\n');
    expect(seen).toContain('search lab.example example\n');
    expect(ip('netns', 'exec', A, 'getent', 'hosts', 'db')).toMatch(/^10\.1\.2\.3\s+db db\.lab\.example/);
    expect(ip('netns', 'exec', A, 'getent', 'hosts', 'localhost')).toMatch(/^(127\.0\.0\.1|::1)\s+localhost/);
    // The other namespace still sees the host's files; no temporary file is left behind.
    expect(ip('netns', 'exec', B, 'cat', '/etc/resolv.conf')).toBe(execFileSync('cat', ['/etc/resolv.conf'], { encoding: 'utf8' }));
    expect(readdirSync(`/etc/netns/${A}`).sort()).toEqual(['hosts', 'resolv.conf']);
    // A file of someone else's stays on reset, and is said to.
    writeFileSync(`/etc/netns/${A}/nsswitch.conf`, 'hosts: files\n');
    const reset = await call('dns.reset', { namespace: A });
    expect(reset.resolv).toMatchObject({ path: '/etc/resolv.conf', own: false });
    expect(readdirSync(`/etc/netns/${A}`)).toEqual(['nsswitch.conf']);
    execFileSync('rm', ['-rf', `/etc/netns/${A}`]);
    expect(ip('netns', 'exec', A, 'cat', '/etc/resolv.conf')).toBe(execFileSync('cat', ['/etc/resolv.conf'], { encoding: 'utf8' }));
  });

  it('reads a resolv.conf it did not write and cannot fully parse: a partial answer with the problems', async () => {
    mkdirSync(`/etc/netns/${B}`, { recursive: true });
    writeFileSync(`/etc/netns/${B}/resolv.conf`, '# hand made\nnameserver 192.0.2.1\nnameserver not-an-ip\nbogus line here\n\0\x01\x02\nsearch a.example\n');
    const d = await call('dns.get', { namespace: B });
    expect(d.resolv).toMatchObject({ own: true, ours: false, nameservers: ['192.0.2.1'], search: ['a.example'] });
    expect(d.resolv.problems.join('\n')).toMatch(/line 3: "nameserver" needs one IP address/);
    expect(d.resolv.problems.join('\n')).toMatch(/binary data/);
    // reset leaves a file it did not write
    const r = await call('dns.reset', { namespace: B });
    expect(r.resolv.problems[0]).toMatch(/not written by Netns Studio: left as it is/);
    expect(existsSync(`/etc/netns/${B}/resolv.conf`)).toBe(true);
    execFileSync('rm', ['-rf', `/etc/netns/${B}`]);
  });

  it('refuses DNS for a namespace that does not exist, creating nothing', async () => {
    await expect(call('dns.set', { namespace: 'gone-ns', nameservers: ['192.0.2.1'] })).rejects.toMatchObject({ info: { code: 'not-found', field: 'namespace' } });
    expect(existsSync('/etc/netns/gone-ns')).toBe(false);
    expect(() => methods['dns.set'].input.parse({ namespace: A, nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '9.9.9.9'] })).toThrow(/at most 3/);
    expect(() => methods['dns.set'].input.parse({ namespace: A, nameservers: ['300.1.1.1'] })).toThrow(/not an IPv4 or IPv6 address/);
    expect(() => methods['dns.set'].input.parse({ namespace: A, nameservers: ['1.1.1.1'], search: ['-bad.example'] })).toThrow(/labels of letters/);
  });

  it.skipIf(!built)('netns-ctl sysctl and dns, checked with ip netns exec', () => {
    expect(ctl('sysctl', A, 'net.ipv6.conf.all.forwarding', '1').status).toBe(0);
    expect(sysctlIn(A, 'net.ipv6.conf.all.forwarding')).toBe(1);
    expect(ctl('sysctl', A, 'net.ipv4.ip_forward').stdout).toBe(`net.ipv4.ip_forward = ${sysctlIn(A, 'net.ipv4.ip_forward')}\n`);
    const bad = ctl('sysctl', A, 'kernel.panic', '1');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown key "kernel.panic"; supported keys: net\.ipv4\.ip_forward, /);
    expect(ctl('dns', B, 'set', 'nameserver', '192.0.2.9', 'search', 'x.example').status).toBe(0);
    expect(ip('netns', 'exec', B, 'cat', '/etc/resolv.conf')).toBe(`${HEADER} for namespace ${B}; netns-ctl dns ${B} reset removes it.\nsearch x.example\nnameserver 192.0.2.9\n`);
    expect(ctl('dns', B).stdout).toMatch(/resolv\.conf: \/etc\/netns\/.* \(written by Netns Studio\)\n {2}nameserver 192\.0\.2\.9/);
    expect(ctl('dns', B, 'reset').status).toBe(0);
    expect(existsSync(`/etc/netns/${B}`)).toBe(false);
    const gone = ctl('dns', 'nowhere', 'set', 'nameserver', '192.0.2.9');
    expect(gone.status).toBe(1);
    expect(gone.stderr).toMatch(/no namespace named nowhere/);
  });
});
