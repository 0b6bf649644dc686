// A resync makes the page read everything again. The core says 'resync' when the kernel dropped
// events (its receive buffer overflowed): the page's model may then differ from the kernel in
// any way, and only a new snapshot puts it right. Here the core helper is paused (SIGSTOP) while
// a storm of address changes overflows its socket for one namespace, then one more change is
// made whose event is lost for certain; after SIGCONT the page must equal `ip -json`.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { exported, ip, ipJson, openStudio, skipReason, type Studio } from './harness';

const reason = skipReason();
if (reason) console.log(`renderer resync e2e skipped: ${reason}`);

/** The pids of a process's children (in the sandbox's own pid namespace). */
const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // "pid (comm) state ppid ...": comm may hold spaces, so split after its last ')'
        return Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);

interface IpAddr { ifname: string; addr_info: { local: string; prefixlen: number }[] }

describe.skipIf(reason !== null)('renderer, end to end: a resync re-reads everything', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    ip('netns', 'add', 'rs-a');
    ip('-n', 'rs-a', 'link', 'add', 'rs0', 'type', 'bridge');
    ip('-n', 'rs-a', 'link', 'set', 'rs0', 'up');
    studio = await openStudio();
    page = studio.page;
    await page.getByTestId('iface-rs0').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await studio?.close();
    ip('netns', 'del', 'rs-a');
  });

  it('shows what the kernel has after events were lost: the page equals ip -json again', async () => {
    const core = childrenOf(studio.host.process.pid!).filter((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('core.cjs'));
    expect(core).toHaveLength(1);
    process.kill(core[0]!, 'SIGSTOP');
    try {
      // Each address is two messages (the address, its local route), twice (added, flushed):
      // about 24 000 messages, far more than the core's 4 MiB (8 MiB as the kernel counts) holds.
      const adds = Array.from({ length: 6000 }, (_, i) => `address add 10.${100 + (i >> 8)}.${i & 255}.1/32 dev rs0`);
      execFileSync('ip', ['-n', 'rs-a', '-batch', '-'], { input: [...adds, 'address flush dev rs0', 'link add rs-last type bridge', 'address add 10.99.0.1/24 dev rs0'].join('\n') + '\n' });
    } finally {
      process.kill(core[0]!, 'SIGCONT');
    }
    // rs-last's event was lost with the overflow: only a new snapshot can show it.
    await page.getByTestId('iface-rs-last').waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByTestId('iface-rs0').getByText('10.99.0.1/24').waitFor();

    const model = JSON.parse((await exported(page, 'Model as JSON')).bytes.toString()) as { namespaces: { names: string[]; links: { name: string; addresses: string[] }[] }[] };
    const shown = model.namespaces.find((n) => n.names.includes('rs-a'))!.links.map((l) => `${l.name} ${[...l.addresses].sort().join(' ')}`.trim()).sort();
    const kernel = ipJson<IpAddr[]>('-n', 'rs-a', 'address', 'show')
      .map((l) => `${l.ifname} ${l.addr_info.map((a) => `${a.local}/${a.prefixlen}`).sort().join(' ')}`.trim())
      .sort();
    expect(shown).toEqual(kernel);
  });
});
