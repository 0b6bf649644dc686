// Owners for real: systemd-nspawn machines started inside the sandbox, named by the core's list,
// its snapshot and netns-ctl. nspawn runs the host's own tree (`-D / --volatile=yes`), so no image
// is needed; the sandbox has no system bus, so it runs with --register=no --keep-unit (no machined
// registration, no transient scope: it is told by its command line and `container=` instead).
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamespaceSummary } from '../../../shared/model';
import { createCoreService } from '../service';
import { nspawn, startMachine, stopMachine } from './test/nspawn';

const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('owner kernel tests skipped: run them through scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox), never on the host');
else if (!nspawn) console.log('owner kernel tests skipped: systemd-nspawn is not installed (scripts/setup-system.sh installs systemd-container)');

const ctlPath = join(__dirname, '../../../bin/netns-ctl.cjs');
const built = existsSync(join(__dirname, '../../../dist/netns-ctl.cjs'));

describe.skipIf(!inSandbox || !nspawn)('owners of systemd-nspawn machines', () => {
  const machines: { child: ChildProcess; nsId: string; payload: number }[] = [];
  const core = createCoreService();
  beforeAll(async () => {
    machines.push(await startMachine('web-1'), await startMachine('db'));
    execFileSync('ip', ['netns', 'add', 'plainns']);
  });
  afterAll(async () => {
    core.close();
    for (const m of machines) await stopMachine(m);
    spawnSync('ip', ['netns', 'del', 'plainns']);
  });

  const owners = (list: NamespaceSummary[]) => Object.fromEntries(list.map((ns) => [ns.id, ns.owner]));

  it('names each machine in the namespace list, and the others by what they are', async () => {
    const list = await core.call('namespace.list', {});
    const by = owners(list);
    expect(by[machines[0]!.nsId]).toMatchObject({ kind: 'systemd-nspawn', name: 'web-1', detail: { directory: '/' } });
    expect(by[machines[1]!.nsId]).toMatchObject({ kind: 'systemd-nspawn', name: 'db' });
    // nspawn gives the payload a machine id in container_uuid: the owner's id is the same one.
    const env = readFileSync(`/proc/${machines[0]!.payload}/environ`, 'latin1');
    expect(by[machines[0]!.nsId]!.id).toBe(/(?:^|\0)container_uuid=([^\0]*)/.exec(env)?.[1]);
    expect(list.find((n) => n.names.includes('plainns'))?.owner).toMatchObject({ kind: 'netns', name: 'plainns' });
    expect(list.find((n) => n.current)?.owner).toMatchObject({ kind: 'host' });
  });

  it('names them in the snapshot', async () => {
    const snap = await core.call('snapshot', {});
    const ns = snap.namespaces.find((n) => n.id === machines[0]!.nsId);
    expect(ns?.owner).toMatchObject({ kind: 'systemd-nspawn', name: 'web-1' });
    // nspawn --private-network leaves the machine only its loopback, as the kernel says.
    const ipLinks = JSON.parse(execFileSync('nsenter', ['-t', String(machines[0]!.payload), '-n', 'ip', '-json', 'link'], { encoding: 'utf8' })) as { ifname: string }[];
    expect(ns?.links.map((l) => l.name).sort()).toEqual(ipLinks.map((l) => l.ifname).sort());
  });

  it.skipIf(!built)('names them in netns-ctl list, plain and --json', () => {
    const plain = spawnSync('node', [ctlPath, 'list'], { encoding: 'utf8' });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(new RegExp(`^${machines[0]!.nsId} .*web-1 · systemd-nspawn`, 'm'));
    expect(plain.stdout).toMatch(new RegExp(`^${machines[1]!.nsId} .*db · systemd-nspawn`, 'm'));
    const json = JSON.parse(spawnSync('node', [ctlPath, 'list', '--json'], { encoding: 'utf8' }).stdout) as NamespaceSummary[];
    expect(owners(json)[machines[1]!.nsId]).toMatchObject({ kind: 'systemd-nspawn', name: 'db' });
  });
});
