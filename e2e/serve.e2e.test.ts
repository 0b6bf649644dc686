// Through the whole stack: Debian's Chromium → window.netns over the WebSocket → the serve host →
// the real core helper → the kernel (all inside the sandbox). A page with only the API is built
// here, so this test does not depend on the state of the UI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callInPage, launchBrowser, openApp, skipReason, startServeHost, type Browser, type ServeHost } from './harness';

const reason = skipReason({ renderer: false });
if (reason) console.log(`serve e2e skipped: ${reason}`);

describe.skipIf(reason !== null)('browser host, end to end', () => {
  let dir: string;
  let host: ServeHost;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'netns-api-page-'));
    // importing renderer/api/netns.ts is all the page does: it sets window.netns
    await build({ stdin: { contents: "import '../renderer/api/netns';", resolveDir: __dirname, loader: 'ts' }, bundle: true, format: 'esm', outfile: join(dir, 'app.js'), logLevel: 'warning' });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="./app.js"></script></head><body></body></html>');
    host = await startServeHost({ rendererDir: dir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('strips the token from the address bar and builds window.netns with every method', async () => {
    await openApp(browser.page, host);
    expect(browser.page.url()).toBe(`${host.origin}/`);
    const names = await browser.page.evaluate(() => Object.keys((globalThis as unknown as { netns: object }).netns));
    expect(names).toEqual(expect.arrayContaining(['namespace.add', 'vpn.list', 'host.info', 'subscribe']));
  });

  it('answers host.info with the running core helper', async () => {
    const r = await callInPage(browser.page, 'host.info');
    expect(r).toMatchObject({ ok: true, value: { transport: 'browser', core: { state: 'running' } } });
  });

  it('refuses bad input from the page with the field and the rule', async () => {
    const r = await callInPage(browser.page, 'namespace.add', { name: '../etc' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'input.name' } });
  });

  it('creates a namespace through window.netns that ip netns list then shows', async () => {
    const r = await callInPage(browser.page, 'namespace.add', { name: 'e2e-blue' });
    expect(r).toMatchObject({ ok: true, value: { names: ['e2e-blue'] } });
    expect(execFileSync('ip', ['netns', 'list']).toString()).toMatch(/^e2e-blue\b/m);
    execFileSync('ip', ['netns', 'del', 'e2e-blue']);
  });

  it('streams namespace.added to the page when ip netns add makes one', async () => {
    // the page subscribes through window.netns and collects what arrives
    await browser.page.evaluate(() => {
      const g = globalThis as unknown as { netns: { subscribe(e: string, f: (p: unknown) => void): () => void }; seen: unknown[] };
      g.seen = [];
      g.netns.subscribe('namespace.added', (p) => g.seen.push(p));
    });
    // let the subscription reach the core helper before the change
    await new Promise((r) => setTimeout(r, 500));
    execFileSync('ip', ['netns', 'add', 'e2e-events']);
    try {
      await browser.page.waitForFunction(
        () => (globalThis as unknown as { seen: Array<{ names?: string[] }> }).seen.some((p) => p.names?.includes('e2e-events')),
        undefined,
        { timeout: 10_000 },
      );
    } finally {
      execFileSync('ip', ['netns', 'del', 'e2e-events']);
    }
  });

  it('refuses a WebSocket from another origin, even from the same browser', async () => {
    const page = await browser.context.newPage();
    await page.goto('about:blank');
    const url = host.origin.replace('http', 'ws') + '/api';
    const opened = await page.evaluate(
      (u) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(u);
          ws.onopen = () => resolve(true);
          ws.onerror = () => resolve(false);
        }),
      url,
    );
    expect(opened).toBe(false);
    await page.close();
  });
});
