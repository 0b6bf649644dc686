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
