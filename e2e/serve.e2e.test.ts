// Through the whole stack: Debian's Chromium → window.netns over the WebSocket → the serve host →
// the real core helper → the kernel (all inside the sandbox). A page with only the API is built
// here, so this test does not depend on the state of the UI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../shared/wire';
import { callInPage, DIST, launchBrowser, openApp, skipReason, startServeHost, type Browser, type ServeHost } from './harness';
import { startLoopbackPage } from './loopback-page';

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

  it('refuses a WebSocket from another origin, even from the same browser and with the token', async () => {
    // A page on another port of this host, as any local user can serve, holding the real token:
    // only the Origin check refuses it. The same socket from our own page opens (the control).
    const other = await startLoopbackPage('<!doctype html><title>other</title>');
    const token = new URL(host.url).hash.replace(/^#token=/, '');
    const url = host.origin.replace('http', 'ws') + '/api';
    const tryOpen = (page: Browser['page']) =>
      page.evaluate(
        ([u, p]) =>
          new Promise<boolean>((resolve) => {
            const ws = new WebSocket(u as string, p as string[]);
            ws.onopen = () => (resolve(true), ws.close());
            ws.onerror = () => resolve(false);
          }),
        [url, [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token] as string[]] as const,
      );
    const page = await browser.context.newPage();
    try {
      await page.goto(other.origin);
      expect(await tryOpen(page)).toBe(false);
      expect(await tryOpen(browser.page)).toBe(true);
    } finally {
      await page.close();
      await other.close();
    }
  });

  it('answers serve --help with the usage alone', () => {
    const r = spawnSync(process.execPath, [join(DIST, 'serve.cjs'), 'serve', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage: netns-studio serve \[--listen 127\.0\.0\.1:PORT\][^\n]*\n$/);
  });
});
