// The desktop app through Playwright's _electron, where an Electron binary exists (none can be
// downloaded on every machine, so without one this reports that it skipped and why).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIST, callInPage } from './harness';

// Not require('electron'): when its binary is missing, that starts a download.
function electronBinary(): string | null {
  if (process.env.NETNS_STUDIO_ELECTRON) return existsSync(process.env.NETNS_STUDIO_ELECTRON) ? process.env.NETNS_STUDIO_ELECTRON : null;
  try {
    const pkg = dirname(createRequire(__filename).resolve('electron/package.json'));
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const bin = join(pkg, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const reason =
  process.env.NETNS_STUDIO_KERNEL !== 'sandbox'
    ? 'it runs only inside scripts/sandbox.sh'
    : !binary
      ? 'no Electron binary is installed (node_modules/electron has no dist/, and none can be downloaded here; NETNS_STUDIO_ELECTRON=/path/to/electron names one)'
      : !existsSync(join(DIST, 'main.cjs'))
        ? 'dist/main.cjs is not built (npm run build)'
        : null;
if (reason) console.log(`electron e2e skipped: ${reason}`);

describe.skipIf(reason !== null)('desktop app, end to end', () => {
  it('opens the locked-down window and calls the contract through window.netns', async () => {
    const app = await _electron.launch({ executablePath: binary!, args: [join(DIST, 'main.cjs'), '--no-sandbox'] });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toMatch(/^app:\/\/netns-studio\//);
      // sandboxed, isolated, no Node: the page sees neither require nor process
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      const info = await callInPage(page, 'host.info');
      expect(info).toMatchObject({ ok: true, value: { transport: 'electron' } });
    } finally {
      await app.close();
    }
  });
});
