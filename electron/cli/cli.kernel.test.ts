// netns-ctl end to end against the real kernel (in the sandbox): every verb, checked with what
// `ip -json` says, and every refusal checked to change nothing at all.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.warn('cli.kernel.test: skipped: kernel tests run only inside scripts/sandbox.sh (npm test)');

const ctlPath = new URL('../../bin/netns-ctl.cjs', import.meta.url).pathname;
const ctl = (...args: string[]) => spawnSync('node', [ctlPath, ...args], { encoding: 'utf8' });
const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
const ipJson = <T = Record<string, unknown>[]>(...args: string[]): T => JSON.parse(ip('-json', ...args) || '[]') as T;
const inode = (name: string) => execFileSync('stat', ['-L', '-c', '%i', `/run/netns/${name}`], { encoding: 'utf8' }).trim();

/** Everything a refused request could have changed: names, links and addresses everywhere. */
function worldState(): string {
  const names = readdirSync('/run/netns').sort();
  const per = names.map((n) => JSON.stringify([n, ipJson('-n', n, 'addr'), ipJson('-n', n, 'route')]));
  return JSON.stringify([names, ipJson('addr'), readdirSync('/etc/netns').sort(), ...per]);
}

describe.skipIf(!inSandbox)('netns-ctl against the kernel', () => {
  beforeAll(() => {
    expect(execFileSync('stat', ['-f', '-c', '%T', '/run'], { encoding: 'utf8' }).trim()).toBe('tmpfs'); // the sandbox's own /run
  });
  afterEach(() => {
    for (const n of readdirSync('/run/netns')) spawnSync('ip', ['netns', 'del', n]);
  });

  it('adds and deletes namespaces that ip netns sees, and lists what ip netns adds', () => {
    expect(ctl('add', 'blue').status).toBe(0);
    expect(ip('netns', 'list')).toMatch(/^blue\b/m);
    ip('netns', 'add', 'red');
    const listed = JSON.parse(ctl('list', '--json').stdout) as { id: string; names: string[] }[];
    expect(listed.find((n) => n.names.includes('red'))?.id).toBe(inode('red'));
    expect(listed.find((n) => n.names.includes('blue'))?.id).toBe(inode('blue'));
    expect(ctl('del', 'blue').status).toBe(0);
    expect(ip('netns', 'list')).not.toMatch(/^blue\b/m);
  });

  it('creates a veth pair across namespaces, addresses it, routes through it, as ip reports', () => {
    ip('netns', 'add', 'a');
    ip('netns', 'add', 'b');
    for (const args of [
      ['link', 'add', 'veth', 'va@a', 'peer', 'vb@b'],
      ['link', 'set', 'va@a', 'up', 'mtu', '1400'],
      ['link', 'set', 'vb@b', 'up'],
      ['addr', 'add', '10.1.0.1/24', 'dev', 'va@a'],
      ['addr', 'add', 'fd00:1::1/64', 'dev', 'va@a'],
      ['addr', 'add', '10.1.0.2/24', 'dev', 'vb@b'],
      ['route', 'add', 'default', 'via', '10.1.0.2', 'dev', 'va@a'],
      ['route', 'add', '10.9.0.0/16', 'via', '10.1.0.2', 'dev', 'va@a', 'metric', '7'],
    ]) {
      const r = ctl(...args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.status, args.join(' ')).toBe(0);
    }
    const [va] = ipJson<{ ifname: string; mtu: number; flags: string[]; addr_info: { local: string; prefixlen: number }[] }[]>('-n', 'a', 'addr', 'show', 'va');
    expect(va!.mtu).toBe(1400);
    expect(va!.flags).toContain('UP');
    expect(va!.addr_info.map((x) => `${x.local}/${x.prefixlen}`)).toEqual(expect.arrayContaining(['10.1.0.1/24', 'fd00:1::1/64']));
    const routes = ipJson<{ dst: string; gateway?: string; metric?: number }[]>('-n', 'a', 'route');
    expect(routes).toEqual(expect.arrayContaining([expect.objectContaining({ dst: 'default', gateway: '10.1.0.2' })]));
    expect(routes).toEqual(expect.arrayContaining([expect.objectContaining({ dst: '10.9.0.0/16', metric: 7 })]));

    // The snapshot tells the same story, with the veth's peer resolved to b's id.
    const snap = JSON.parse(ctl('snapshot').stdout) as { namespaces: { id: string; names: string[]; links: { name: string; ifindex: number; peer: unknown; addresses: string[]; mtu: number; up: boolean }[] }[] };
    const nsA = snap.namespaces.find((n) => n.names.includes('a'))!;
    const nsB = snap.namespaces.find((n) => n.names.includes('b'))!;
    const linkA = nsA.links.find((l) => l.name === 'va')!;
    const linkB = nsB.links.find((l) => l.name === 'vb')!;
    expect(linkA).toMatchObject({ mtu: 1400, up: true, peer: { namespace: nsB.id, ifindex: linkB.ifindex } });
    expect(linkA.addresses).toEqual(expect.arrayContaining(['10.1.0.1/24', 'fd00:1::1/64']));
    expect(linkB.peer).toEqual({ namespace: nsA.id, ifindex: linkA.ifindex });

    expect(ctl('route', 'del', 'default', 'via', '10.1.0.2', 'dev', 'va@a').status).toBe(0);
    expect(ipJson('-n', 'a', 'route', 'show', 'default')).toEqual([]);
    expect(ctl('addr', 'del', '10.1.0.1/24', 'dev', 'va@a').status).toBe(0);
    expect(ip('-n', 'a', 'addr', 'show', 'va')).not.toContain('10.1.0.1/24');
    expect(ctl('link', 'del', 'va@a').status).toBe(0);
    expect(ipJson('-n', 'b', 'link', 'show')).toHaveLength(1); // the peer went with it: only lo
  });

  it('makes bridges, enslaves, moves by namespace id and by pid, and names a process namespace', () => {
    ip('netns', 'add', 'c');
    ip('netns', 'add', 'd');
    expect(ctl('link', 'add', 'bridge', 'br0@c').status).toBe(0);
    expect(ctl('link', 'add', 'veth', 'p0@c', 'peer', 'p1@c').status).toBe(0);
    expect(ctl('link', 'set', 'p0@c', 'master', 'br0').status).toBe(0);
    expect(ipJson<{ master?: string }[]>('-n', 'c', 'link', 'show', 'p0')[0]!.master).toBe('br0');
    expect(ctl('link', 'set', 'p0@c', 'nomaster').status).toBe(0);
    expect(ipJson<{ master?: string }[]>('-n', 'c', 'link', 'show', 'p0')[0]!.master).toBeUndefined();
    const before = ipJson<{ ifindex: number }[]>('-n', 'c', 'link', 'show', 'p1')[0]!.ifindex;
    expect(ctl('link', 'move', `p1@${inode('c')}`, 'd').status).toBe(0);
    expect(ipJson<{ ifindex: number }[]>('-n', 'd', 'link', 'show', 'p1')[0]!.ifindex).toBe(before);

    const sleeper = spawn('ip', ['netns', 'exec', 'd', 'sleep', '30']);
    try {
      for (let i = 0; i < 50 && !ip('netns', 'pids', 'd').trim(); i++) execFileSync('sleep', ['0.05']);
      expect(ctl('link', 'set', `p1@pid:${sleeper.pid}`, 'name', 'renamed').status).toBe(0);
      expect(ip('-n', 'd', 'link', 'show', 'renamed')).toContain('renamed');
      expect(ctl('attach', 'dee', String(sleeper.pid)).status).toBe(0);
      expect(inode('dee')).toBe(inode('d'));
      const del = ctl('del', 'd');
      expect(del.status).toBe(0);
      expect(del.stderr).toContain(String(sleeper.pid)); // the name is gone, the process still holds it
    } finally {
      sleeper.kill();
    }
  });

  it('runs a command inside a namespace with its /etc/netns files, and passes its exit code', () => {
    ip('netns', 'add', 'e');
    execFileSync('mkdir', ['-p', '/etc/netns/e']);
    execFileSync('sh', ['-c', 'echo "nameserver 192.0.2.53" > /etc/netns/e/resolv.conf']);
    try {
      const r = ctl('exec', 'e', '--', 'sh', '-c', 'ip -br link; cat /etc/resolv.conf; exit 3');
      expect(r.stdout).toMatch(/^lo\s/m);
      expect(r.stdout).toContain('nameserver 192.0.2.53');
      expect(r.status).toBe(3);
    } finally {
      execFileSync('rm', ['-rf', '/etc/netns/e']);
    }
  });

  it('names the namespace of a peer or parent the command did not name', () => {
    ip('netns', 'add', 'pa');
    ip('netns', 'add', 'pb');
    ip('-n', 'pa', 'link', 'add', 'left', 'type', 'veth', 'peer', 'name', 'right', 'netns', 'pb');
    const set = ctl('link', 'set', 'left@pa', 'up');
    expect(set.status).toBe(0);
    const right = ipJson<{ ifindex: number }[]>('-n', 'pb', 'link', 'show', 'right')[0]!;
    expect(JSON.parse(set.stdout)).toMatchObject({ name: 'left', up: true, peer: { namespace: inode('pb'), ifindex: right.ifindex } });
    // Moved on to a third namespace, its peer is still found where it is.
    ip('netns', 'add', 'pc');
    const moved = ctl('link', 'move', 'left@pa', 'pc');
    expect(moved.status).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ namespace: inode('pc'), link: { name: 'left', peer: { namespace: inode('pb'), ifindex: right.ifindex } } });
  });

  it('writes all of a large answer into a pipe before it exits', () => {
    // Far beyond a pipe's 64 KiB: the CLI ends itself only once stdout has taken it all.
    ip('netns', 'add', 'big');
    const big = ctl('exec', 'big', '--', 'sh', '-c', 'head -c 300000 /dev/zero | tr "\\0" x; exit 4');
    expect(big.stdout).toBe('x'.repeat(300000));
    expect(big.status).toBe(4);
  });

  it('reports events for changes made by ip in another namespace', async () => {
    ip('netns', 'add', 'f');
    const mon = spawn('node', [ctlPath, 'monitor'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    mon.stdout.on('data', (b: Buffer) => (text += b.toString()));
    const ready = new Promise((r) => mon.stderr.once('data', r));
    try {
      await ready;
      ip('-n', 'f', 'link', 'add', 'brx', 'type', 'bridge');
      ip('-n', 'f', 'addr', 'add', '10.7.0.1/24', 'dev', 'brx');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !text.includes('"address.added"')) await new Promise((r) => setTimeout(r, 50));
      const events = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; payload: { namespace?: string; link?: { name: string }; address?: string } });
      expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'link.changed', payload: expect.objectContaining({ namespace: inode('f'), link: expect.objectContaining({ name: 'brx' }) }) })]));
      expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'address.added', payload: expect.objectContaining({ address: '10.7.0.1/24' }) })]));
    } finally {
      mon.kill('SIGINT');
    }
  });

  it('refuses bad input with one line naming the rule and changes nothing', () => {
    ip('netns', 'add', 'g');
    ip('-n', 'g', 'link', 'add', 'x0', 'type', 'bridge');
    const before = worldState();
    const cases: [string[], RegExp][] = [
      [['add', '..'], /name.*"\." or "\.\."/],
      [['add', 'a/b'], /cannot contain "\/"/],
      [['add', 'x'.repeat(256)], /at most 255 bytes/],
      [['add', ''], /must not be empty/],
      [['link', 'add', 'bridge', 'waytoolongname00@g'], /at most 15 bytes/],
      [['link', 'add', 'bridge', 'a:b@g'], /cannot contain/],
      [['link', 'add', 'bridge', 'x0@g'], /an interface named x0 already exists in namespace g/],
      [['link', 'add', 'vxlan', 'vx@g', 'id', '16777216'], /24 bits/],
      [['link', 'set', 'x0@g', 'mtu', '20'], /at least 68/],
      [['link', 'set', 'nope@g', 'up'], /no interface named nope in namespace g/],
      [['addr', 'add', '10.0.0.1/40', 'dev', 'x0@g'], /address/],
      [['addr', 'add', '10.0.0.1/24', 'dev', 'x0@nowhere'], /no namespace named or numbered nowhere/],
      [['link', 'add', 'veth', 'q0@g', 'peer', 'q1@nowhere'], /nowhere/],
      [['del', 'nowhere'], /no namespace named nowhere/],
    ];
    for (const [args, message] of cases) {
      const r = ctl(...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(worldState()).toBe(before);
  });
});
