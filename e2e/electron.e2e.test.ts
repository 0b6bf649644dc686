// The desktop app through Playwright's _electron, where an Electron binary exists (none can be
// downloaded on every machine, so without one this reports that it skipped and why).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DIST, callInPage } from './harness';

function electronBinary(): string | null {
  try {
    const p = createRequire(__filename)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const reason =
  process.env.NETNS_STUDIO_KERNEL !== 'sandbox'
    ? 'it runs only inside scripts/sandbox.sh'
    : !binary
      ? 'no Electron binary is installed (node_modules/electron has no dist/; it cannot be downloaded here)'
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
