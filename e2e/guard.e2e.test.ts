// The guard end to end (issue 9 §4), for real: the browser host serves from the sandbox's own
// namespace (playing this machine, with its default route through the veth up0), and Chromium
// runs in another namespace reaching it over that veth, like an administrator coming in over the
// uplink. Taking up0 down from the UI asks first, naming the risk; confirmed, the page loses its
// connection; the core brings up0 back by itself after the (shortened) timer, with its address
// and routes, and the page, connected again, shows the rollback in the activity log.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, focusNamespace, ip, ipJson, openApp, skipReason, startServeHost, until, type ServeHost } from './harness';

const reason = skipReason();
if (reason) console.log(`guard e2e skipped: ${reason}`);

const CLIENT_NS = 'guard-client';
const ROLLBACK_S = 8;

interface IpAddr { flags: string[]; addr_info: { local: string; prefixlen: number; scope: string }[] }
interface IpRoute { dst: string; gateway?: string; dev?: string; protocol?: string; metric?: number }

/** What the rollback must bring back, as iproute2 prints it. */
function uplink() {
  const l = ipJson<IpAddr[]>('addr', 'show', 'dev', 'up0')[0]!;
  return {
    up: l.flags.includes('UP'),
    addresses: l.addr_info.filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`).sort(),
    routes: ipJson<IpRoute[]>('route', 'show').filter((r) => r.dev === 'up0').map((r) => `${r.dst} ${r.gateway ?? ''} ${r.protocol ?? ''} ${r.metric ?? ''}`).sort(),
  };
}

describe.skipIf(reason !== null)('the guard, end to end over a veth', () => {
  let host: ServeHost;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let before: ReturnType<typeof uplink>;

  beforeAll(async () => {
    ip('netns', 'add', CLIENT_NS);
    ip('link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'cl0', 'netns', CLIENT_NS);
    ip('addr', 'add', '10.77.0.1/24', 'dev', 'up0');
    ip('link', 'set', 'up0', 'up');
    ip('-n', CLIENT_NS, 'addr', 'add', '10.77.0.2/24', 'dev', 'cl0');
    ip('-n', CLIENT_NS, 'link', 'set', 'cl0', 'up');
    ip('-n', CLIENT_NS, 'link', 'set', 'lo', 'up');
    ip('route', 'add', 'default', 'via', '10.77.0.2', 'dev', 'up0');
    ip('route', 'add', '10.201.0.0/16', 'via', '10.77.0.2', 'dev', 'up0', 'metric', '7');
    before = uplink();
    // the browser host on the veth's address, so the page's connection comes in over up0
    host = await startServeHost({ listen: '10.77.0.1:0', allowRemote: true });
    // Chromium in the client namespace: playwright talks to it over inherited pipes, which
    // `ip netns exec` keeps.
    dir = mkdtempSync(join(tmpdir(), 'netns-guard-e2e-'));
    const wrapper = join(dir, 'chromium-in-client');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${CLIENT_NS} ${CHROMIUM} "$@"\n`);
    chmodSync(wrapper, 0o755);
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: wrapper,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  afterAll(async () => {
    await context?.close();
    await host?.stop();
    try {
      ip('link', 'del', 'up0');
    } catch {
      // gone already
    }
    ip('netns', 'del', CLIENT_NS);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks before taking the serving uplink down, rolls it back when the page cannot keep it, and tells the page', async () => {
    await openApp(page, host);
    await focusNamespace(page, 'host');
    await page.getByTestId('iface-up0').click();
    await page.getByRole('switch', { checked: true }).click();

    // The risk, in words, before anything happens.
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain(
      "up0 carries the default route and this page's connection (10.77.0.1); taking it down may cut this machine off the network and end this session",
    );
    expect(uplink()).toEqual(before);
    await dialog.getByLabel('Roll back after (seconds)').fill(String(ROLLBACK_S));
    await dialog.getByRole('button', { name: 'Apply with rollback' }).click();

    // Applied: up0 is down, its routes are gone, and the page hears nothing from the host.
    await until(() => !uplink().up, 'up0 down');
    expect(uplink().routes).toEqual([]);
    const answer = await page.evaluate(
      () =>
        Promise.race([
          (globalThis as unknown as { netns: Record<string, (x: unknown) => Promise<unknown>> }).netns['host.info']!({}).then(() => 'answered'),
          new Promise((r) => setTimeout(() => r('no answer'), 1500)),
        ]),
    );
    expect(answer).toBe('no answer');

    // Nobody could press Keep: the core undoes it by itself.
    await until(() => JSON.stringify(uplink()) === JSON.stringify(before), 'up0 up again with its address and routes', 30_000);

    // The page is connected again by itself and says what happened.
    const entry = page.getByTestId('activity-item').filter({ hasText: `rolled back: ip link set dev up0 down (not confirmed within ${ROLLBACK_S} s)` });
    await entry.waitFor({ timeout: 45_000 });
    await expect(entry.textContent()).resolves.toContain('up0 up again, 2 routes restored');
    await expect(page.evaluate(() => (globalThis as unknown as { netns: Record<string, (x: unknown) => Promise<{ ok: boolean }>> }).netns['host.info']!({}))).resolves.toMatchObject({ ok: true });
    await page.getByRole('switch', { checked: true }).waitFor();
    await expect(page.getByRole('alertdialog', { name: 'Keep this change?' }).count()).resolves.toBe(0);
  });

  it('keeps a change when Keep is pressed in time: the timer stops and the link stays down', async () => {
    // a second uplink, IPv6 only, that the page is not served over
    ip('link', 'add', 'up1', 'type', 'veth', 'peer', 'name', 'cl1', 'netns', CLIENT_NS);
    ip('addr', 'add', 'fd00:78::1/64', 'dev', 'up1', 'nodad');
    ip('link', 'set', 'up1', 'up');
    ip('-n', CLIENT_NS, 'link', 'set', 'cl1', 'up');
    ip('-6', 'route', 'add', 'default', 'via', 'fd00:78::2', 'dev', 'up1');
    try {
      await focusNamespace(page, 'host');
      await page.getByTestId('iface-up1').click();
      await page.getByRole('switch', { checked: true }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.textContent()).resolves.toContain('up1 carries the IPv6 default route; taking it down may cut this machine off the network');
      await dialog.getByLabel('Roll back after (seconds)').fill('120');
      // Every countdown the banner ever shows, from its very first render: the first one once
      // came from a clock that had stood still since the last banner, and read 122 s.
      // (Plain JavaScript run in the page: the e2e files compile without the DOM's types.)
      await page.evaluate(`(() => {
        const seen = (globalThis.__countdowns = []);
        globalThis.__countdownWatch = new MutationObserver(() => {
          const text = document.querySelector('[role="alertdialog"][aria-label="Keep this change?"]')?.textContent;
          if (text) seen.push(text);
        });
        globalThis.__countdownWatch.observe(document.body, { childList: true, subtree: true, characterData: true });
      })()`);
      await dialog.getByRole('button', { name: 'Apply with rollback' }).click();
      const banner = page.getByRole('alertdialog', { name: 'Keep this change?' });
      await expect(banner.textContent()).resolves.toMatch(/ip link set dev up1 down \(rolls back in (120|11\d) s\)/);
      const shown = (await page.evaluate('globalThis.__countdownWatch.disconnect(), globalThis.__countdowns')) as string[];
      expect(shown.length).toBeGreaterThan(0);
      for (const text of shown) expect(text).toMatch(/ip link set dev up1 down \(rolls back in (120|11\d) s\)/);
      await banner.getByRole('button', { name: 'Keep' }).click();
      await banner.waitFor({ state: 'detached' });
      const list = await page.evaluate(() => (globalThis as unknown as { netns: Record<string, (x: unknown) => Promise<{ value: { command: string; state: string }[] }>> }).netns['guard.list']!({}));
      expect(list.value.find((e) => e.command === 'ip link set dev up1 down')).toMatchObject({ state: 'kept' });
      expect(ipJson<IpAddr[]>('link', 'show', 'dev', 'up1')[0]!.flags).not.toContain('UP');
    } finally {
      ip('link', 'del', 'up1');
    }
  });

  it('asks before deleting an uplink, on top of the delete dialog, and says it cannot be undone', async () => {
    ip('link', 'add', 'up2', 'type', 'veth', 'peer', 'name', 'cl2', 'netns', CLIENT_NS);
    ip('addr', 'add', 'fd00:79::1/64', 'dev', 'up2', 'nodad');
    ip('link', 'set', 'up2', 'up');
    ip('-6', 'route', 'add', 'default', 'via', 'fd00:79::2', 'dev', 'up2');
    try {
      await focusNamespace(page, 'host');
      await page.getByTestId('iface-up2').click();
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
      const guard = page.getByRole('dialog', { name: 'This change could cut you off' });
      await expect(guard.textContent()).resolves.toContain('up2 carries the IPv6 default route; deleting it (this cannot be rolled back) may cut this machine off the network');
      await expect(guard.getByLabel('Roll back after (seconds)').count()).resolves.toBe(0);
      await guard.getByRole('button', { name: 'Delete anyway' }).click();
      await until(() => !ip('link', 'show').includes('up2@'), 'up2 deleted');
      await guard.waitFor({ state: 'detached' });
    } finally {
      if (ip('link', 'show').includes('up2@')) ip('link', 'del', 'up2');
    }
  });
});
