// "Export as a script" with names that are hostile but valid (the kernel takes them): made through
// the core, exported, replayed by sh in a fresh network namespace with its own /run, the script
// must re-create exactly those namespaces and interfaces and run nothing else.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreService, type CoreService } from '../electron/core/service';
import { exportScript } from '../renderer/export/script';
import { link, namespace } from '../renderer/topology/fixtures';

// It needs the kernel sandbox but no build and no browser.
const skip = process.env.NETNS_STUDIO_KERNEL === 'sandbox' ? null : 'it runs only inside scripts/sandbox.sh (it changes namespaces as root)';
if (skip) console.log(`script replay skipped: ${skip}`);

// Each would run `touch` in the replay's working directory if the script let it through.
const namespaces = ['$(touch INJ-1)', 'a;touch INJ-2', 'it\'s "q"', '`touch INJ-3`', '*', '-n'];
// Netns Studio refuses control characters in a name it is asked to make, but `ip netns add` takes
// a newline: a name made outside must still export as a name.
const foreign = 'x\ntouch INJ-4';
const all = [...namespaces, foreign];
const bridge = '$(touch${IFS}I)'; // 15 bytes, the longest an interface name can be
const veth = ['up', '-v'] as const; // an option-looking name and one of ip's own words
const dummyDir = '\'q"*';

interface IpAddr { ifname: string; flags: string[]; mtu: number; master?: string; linkinfo?: { info_kind?: string }; addr_info: { local: string; prefixlen: number; scope: string }[] }

/** What we compare: per interface its kind, state, MTU, bridge and global addresses. */
const shape = (json: string) =>
  (JSON.parse(json) as IpAddr[])
    .map((l) => ({
      name: l.ifname, kind: l.linkinfo?.info_kind ?? null, up: l.flags.includes('UP'), mtu: l.mtu, master: l.master ?? null,
      addresses: l.addr_info.filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`).sort(),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));

/** `ip -json -d -n NAME address show` for each name, one JSON document per line; names as argv, never as shell text. */
const DUMP = 'for n; do ip -json -d -n "$n" address show; done';

describe.skipIf(skip)('exported script replay with hostile names', () => {
  let core: CoreService;
  beforeAll(async () => {
    core = createCoreService();
    for (const name of namespaces) await core.call('namespace.add', { name });
    const [a, b] = [namespaces[0]!, namespaces[2]!];
    await core.call('link.addBridge', { namespace: a, name: bridge });
    await core.call('link.addVeth', { namespace: a, name: veth[0], peerNamespace: b, peerName: veth[1] });
    await core.call('link.set', { namespace: a, link: veth[0], master: bridge, up: true });
    await core.call('link.set', { namespace: a, link: bridge, up: true, mtu: 1400 });
    await core.call('address.add', { namespace: a, link: bridge, address: '10.9.0.1/24' });
    await core.call('address.add', { namespace: b, link: veth[1], address: '10.9.0.2/24' });
    await core.call('link.addBridge', { namespace: namespaces[4]!, name: dummyDir });
    execFileSync('ip', ['netns', 'add', foreign]);
    execFileSync('ip', ['-n', foreign, 'link', 'add', 'name', 'help', 'type', 'bridge']);
  });
  afterAll(async () => {
    for (const name of namespaces) await core.call('namespace.delete', { name }).catch(() => undefined);
    execFileSync('ip', ['netns', 'delete', foreign]);
    core.close();
  });

  it('re-creates exactly what the names say and runs nothing else', async () => {
    const script = exportScript((await core.call('snapshot', {})).namespaces);
    const before = execFileSync('sh', ['-c', DUMP, 'dump', ...all]).toString().trim().split('\n').map(shape);

    const dir = mkdtempSync(join(tmpdir(), 'netns-replay-'));
    try {
      const file = join(dir, 'export.sh');
      writeFileSync(file, script);
      const cwd = join(dir, 'cwd');
      execFileSync('mkdir', [cwd]);
      // A fresh network namespace with an empty /run of its own (nested in the sandbox).
      const out = execFileSync(
        'unshare',
        ['--net', '--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs replay /run && sh "$0" && cd /run/netns && printf '%s\\0' * && cd - >/dev/null && echo --- && ${DUMP}`, file, ...all],
        { cwd },
      ).toString();
      const [listing, dump] = out.split('---\n');
      expect(listing!.split('\0').filter(Boolean).sort()).toEqual([...all].sort());
      expect(dump!.trim().split('\n').map(shape)).toEqual(before);
      expect(readdirSync(cwd)).toEqual([]); // no injected touch ran
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Without the kernel: sh with `ip` as a function that prints its argv.
describe('exported script under sh', () => {
  it('quotes every name: sh runs exactly the ip commands the names say, nothing injected', () => {
    // Names the kernel takes (and one made outside Netns Studio with a newline in it).
    const hostile = ['$(echo INJECTED)', 'a;echo INJECTED', "it's", '`echo INJECTED`', '*', '-n', 'up', 'x\necho INJECTED'];
    const script = exportScript(
      hostile.map((name, i) =>
        namespace(String(10 + i), [name], [
          link(2, i % 2 ? 'mtu' : '$(id)', { kind: 'bridge', addresses: ['10.0.0.1/24'] }),
          link(3, 'e\x1bx', { kind: 'dummy' }),
        ]),
      ),
    );
    // ip replaced by a shell function that prints its argv, one word per field: whatever else the
    // script ran would print something else or break the records apart.
    const prelude = `ip() { for a in "$@"; do printf '%s\\037' "$a"; done; printf '\\036'; }\n`;
    const out = execFileSync('/bin/sh', ['-c', prelude + script], { cwd: '/' }).toString();
    const calls = out.split('\x1e').slice(0, -1).map((r) => ['ip', ...r.split('\x1f').slice(0, -1)]);
    const expected: string[][] = [
      ...hostile.map((n) => ['ip', 'netns', 'add', n]),
      ...hostile.map((n, i) => ['ip', '-n', n, 'link', 'add', 'name', i % 2 ? 'mtu' : '$(id)', 'type', 'bridge']),
      ...hostile.flatMap((n, i) => [
        ['ip', '-n', n, 'address', 'add', '10.0.0.1/24', 'dev', i % 2 ? 'mtu' : '$(id)'],
        ['ip', '-n', n, 'link', 'set', 'dev', i % 2 ? 'mtu' : '$(id)', 'up'],
        ['ip', '-n', n, 'link', 'set', 'dev', 'e\x1bx', 'up'],
      ]),
    ];
    expect(calls).toEqual(expected);
    expect(out).not.toContain('INJECTED\n');
    // Every comment stays on its line.
    expect(script).toContain('# x\\x0aecho INJECTED');
    expect(script).toContain('# e\\x1bx: a dummy interface, not re-created');
  });
});
