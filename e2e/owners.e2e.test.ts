// A container host through the whole stack: systemd-nspawn machines (real containers, in the
// sandbox) wired to a router namespace; the picture names them by owner, draws the router, and its
// details change forwarding and DNS, checked with `ip netns exec`. With NETNS_STUDIO_SCREENSHOTS=1
// it also writes docs/screenshots/owners-*.png (taken only on that explicit request).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { nspawn, startMachine, stopMachine } from '../electron/core/owners/test/nspawn';
import { focusNamespace, ip, launchBrowser, openApp, screenshot, skipReason, startServeHost, type Browser, type ServeHost, until } from './harness';

const reason = skipReason() ?? (nspawn ? null : 'systemd-nspawn is not installed (scripts/setup-system.sh installs systemd-container)');
if (reason) console.log(`owners e2e skipped: ${reason}`);


describe.skipIf(reason !== null)('a container host, end to end', () => {
  let host: ServeHost;
  let browser: Browser;
  let page: Page;
  const machines: Awaited<ReturnType<typeof startMachine>>[] = [];

  beforeAll(async () => {
    machines.push(await startMachine('web-1'), await startMachine('db'));
    // A router namespace with a veth into each machine, as a container host's bridge would be.
    ip('netns', 'add', 'edge');
    ip('-n', 'edge', 'link', 'set', 'lo', 'up');
    machines.forEach((m, i) => {
      const name = ['web-1', 'db'][i]!;
      ip('-n', 'edge', 'link', 'add', `ve-${name}`, 'type', 'veth', 'peer', 'name', 'host0', 'netns', String(m.payload));
      ip('-n', 'edge', 'address', 'add', `10.${i + 1}.0.1/24`, 'dev', `ve-${name}`);
      ip('-n', 'edge', 'link', 'set', `ve-${name}`, 'up');
      execFileSync('nsenter', ['-t', String(m.payload), '-n', 'ip', 'address', 'add', `10.${i + 1}.0.2/24`, 'dev', 'host0']);
      execFileSync('nsenter', ['-t', String(m.payload), '-n', 'ip', 'link', 'set', 'host0', 'up']);
    });
    host = await startServeHost();
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(10_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page, host);
    await page.getByTestId('ns-edge').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    for (const m of machines) await stopMachine(m);
    execFileSync('rm', ['-rf', '/etc/netns/edge']);
    try {
      ip('netns', 'del', 'edge');
    } catch {
      // not made
    }
  });

  const list = () => page.getByRole('list', { name: 'Namespaces' });

  it('names each machine by its owner in the list, the picture and the details', async () => {
    await list().getByRole('button', { name: /^web-1 · systemd-nspawn\b/ }).waitFor({ timeout: 20_000 });
    await list().getByRole('button', { name: /^db · systemd-nspawn\b/ }).waitFor();
    await page.getByTestId('ns-web-1 · systemd-nspawn').waitFor();
    await list().getByRole('button', { name: /^web-1 · systemd-nspawn\b/ }).click();
    await expect(page.getByTestId('ns-owner').textContent()).resolves.toBe('web-1 · systemd-nspawn');
  });

  it('turns forwarding on in the router\'s details, draws it as a router, as ip netns exec sysctl says', async () => {
    await focusNamespace(page, 'edge');
    const box = page.getByTestId('ns-edge');
    expect(await box.getByLabel('router').count()).toBe(0);
    // The box follows the kernel's answer, not the click: click, then wait for the kernel.
    const box4 = page.getByRole('checkbox', { name: 'net.ipv4.ip_forward' });
    expect(await box4.isChecked()).toBe(false);
    await box4.click();
    await until(() => ip('netns', 'exec', 'edge', 'sysctl', '-n', 'net.ipv4.ip_forward').trim() === '1', 'ip_forward = 1 in edge');
    await box.getByLabel('router').waitFor();
    expect(await box4.isChecked()).toBe(true);
    await page.getByText('ip netns exec edge sysctl -w net.ipv4.ip_forward=1').first().waitFor();
  });

  it('refuses a bad nameserver in words, then writes the one ip netns exec shows', async () => {
    const form = page.locator('form.stack-form');
    await form.locator('input[name=nameservers]').fill('10.1.0.300');
    await form.getByRole('button', { name: 'Save DNS' }).click();
    await form.getByText('not an IPv4 or IPv6 address').waitFor();
    await form.locator('input[name=nameservers]').fill('10.1.0.2');
    await form.locator('input[name=search]').fill('lab.example');
    await form.locator('textarea[name=hosts]').fill('10.2.0.2 db db.lab.example');
    await form.getByRole('button', { name: 'Save DNS' }).click();
    await page.getByTestId('dns-resolv').getByText('written by Netns Studio').waitFor();
    expect(ip('netns', 'exec', 'edge', 'cat', '/etc/resolv.conf')).toContain('search lab.example\nnameserver 10.1.0.2\n');
    expect(execFileSync('ip', ['netns', 'exec', 'edge', 'getent', 'hosts', 'db'], { encoding: 'utf8' })).toMatch(/^10\.2\.0\.2\s+db db\.lab\.example/);
  });

  it('shows the container host whole, and the owner in the details (the README screenshots under npm run screenshots)', async () => {
    await page.getByRole('button', { name: 'Fit' }).click().catch(() => undefined);
    await page.waitForTimeout(800);
    await screenshot(page, 'owners-topology.png');
    await list().getByRole('button', { name: /^web-1 · systemd-nspawn\b/ }).click();
    await page.getByTestId('ns-owner').waitFor();
    await page.locator('aside.details-pane').evaluate((el) => el.scrollTo(0, 0));
    await page.waitForTimeout(500);
    await screenshot(page, 'owners-details.png');
  });
});
