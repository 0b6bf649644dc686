// A core helper that cannot start, seen from the window: the browser host (root, so no pkexec)
// is given a "Node" that writes a line to stderr and exits 1, as a helper missing a module does.
// The page says why, with that line, and "Try again" starts it once per press, never in a loop.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, skipReason, startServeHost, type Browser, type ServeHost } from './harness';

const reason = skipReason();

describe.skipIf(reason !== null)('a core helper that does not start, in the window', () => {
  let host: ServeHost;
  let browser: Browser;
  let dir = '';
  const starts = () => readFileSync(join(dir, 'starts'), 'utf8').length;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'netns-broken-helper-'));
    const fake = join(dir, 'node');
    writeFileSync(fake, `#!/bin/sh\nprintf x >> '${dir}/starts'\necho "Error: Cannot find module 'koffi'" >&2\nexit 1\n`);
    chmodSync(fake, 0o755);
    host = await startServeHost({ env: { NETNS_STUDIO_NODE: fake } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says why with what the helper wrote, and starts it again only when asked', async () => {
    const page = browser.page;
    await openApp(page, host);
    const alert = page.getByRole('alert');
    await alert.getByText('The core helper stopped before it answered (exit code 1).').waitFor({ timeout: 10_000 });
    await alert.getByText("Error: Cannot find module 'koffi'").waitFor();
    // the host started it once; opening the window did not start it again
    expect(starts()).toBe(1);
    await page.waitForTimeout(1500); // the old supervisor restarted within 0.25 s, then 1 s
    expect(starts()).toBe(1);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await alert.getByText('The core helper stopped before it answered (exit code 1).').waitFor();
    await page.waitForTimeout(1500);
    expect(starts()).toBe(2);
  });
});
