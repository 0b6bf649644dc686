// A stale name (a file under /run/netns with nothing mounted on it, as a killed `ip netns add`
// leaves) shows in the namespace list as stale, and one click removes it, in the real page.
import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ip, launchBrowser, openApp, skipReason, startServeHost, type Browser, type ServeHost, until } from './harness';

const reason = skipReason();
if (reason) console.log(`stale names e2e skipped: ${reason}`);

describe.skipIf(reason !== null)('stale names, end to end', () => {
  let host: ServeHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ip('netns', 'add', 'sn-real');
    host = await startServeHost();
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(15_000);
    await openApp(page, host);
    await page.getByTestId('ns-sn-real').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    ip('netns', 'del', 'sn-real');
  });

  it('shows a stale name apart from the namespaces and removes it with one click', async () => {
    const stale = page.getByRole('region', { name: 'Stale names' });
    expect(await stale.count()).toBe(0);
    writeFileSync('/run/netns/sn-left', '');
    await stale.getByText('sn-left').waitFor();
    // It is not a namespace: not in the list of namespaces.
    expect(await page.getByRole('list', { name: 'Namespaces' }).getByText('sn-left').count()).toBe(0);
    const remove = stale.getByRole('button', { name: 'Remove stale name sn-left' });
    expect(await remove.getAttribute('title')).toBe('ip netns delete sn-left');
    await remove.click();
    await until(() => !existsSync('/run/netns/sn-left'), 'the stale file to go');
    await stale.waitFor({ state: 'detached' });
    expect(existsSync('/run/netns/sn-real')).toBe(true);
  });
});
