// The browser host's credential, attacked the way issue 9 found it leaking: Chromium opens the
// printed (tokened) URL, then a page on another port of 127.0.0.1, as any local user can serve.
// Browsers send cookies to every port of a host, so a cookie would reach that server; the token
// must reach it in no form. The WebSocket then refuses no token, a wrong one, a replayed cookie
// of the previous version, and the right token from a foreign Origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../shared/wire';
import { callInPage, launchBrowser, openApp, skipReason, startServeHost, type Browser, type ServeHost } from './harness';
import { startLoopbackPage, type LoopbackPage } from './loopback-page';

const reason = skipReason();
if (reason) console.log(`serve credential e2e skipped: ${reason}`);

/** Opens a WebSocket from the page: 'open', or 'refused' when the handshake fails. */
function wsFromPage(page: Browser['page'], url: string, protocols: string[]): Promise<'open' | 'refused'> {
  return page.evaluate(
    ([u, p]) =>
      new Promise<'open' | 'refused'>((resolve) => {
        // the browser's own WebSocket (the name 'ws' is imported under another in this file)
        const ws = new (globalThis as unknown as { WebSocket: typeof NodeWebSocket }).WebSocket(u as string, p as string[]);
        ws.onopen = () => (resolve('open'), ws.close());
        ws.onerror = () => resolve('refused');
      }),
    [url, protocols] as const,
  );
}

/** Opens a WebSocket from Node with headers a script outside the browser can forge. */
function wsFromNode(url: string, protocols: string[], headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new NodeWebSocket(url, protocols, { headers });
    ws.on('open', () => (resolve('open'), ws.close()));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

describe.skipIf(reason !== null)('the browser host credential, against another local server', () => {
  let host: ServeHost;
  let browser: Browser;
  let other: LoopbackPage;
  let token: string;
  let api: string;

  beforeAll(async () => {
    host = await startServeHost();
    // wherever the printed URL carries it (so this file also runs against the cookie design)
    const printed = new URL(host.url);
    token = printed.hash.replace(/^#token=/, '') || (printed.searchParams.get('token') ?? '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    api = `${host.origin.replace(/^http/, 'ws')}/api`;
    // the other server's page links back to itself, so following it costs more requests there
    other = await startLoopbackPage('<!doctype html><title>other</title><img src="/pixel.png"><a href="/next">next</a>');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await other?.close();
    await host?.stop();
  });

  it('signs in with the token from the fragment, which then leaves the address bar, and sets no cookie', async () => {
    await openApp(browser.page, host);
    expect(host.url).toMatch(/\/#token=[A-Za-z0-9_-]{43}$/);
    expect(await callInPage(browser.page, 'host.info')).toMatchObject({ ok: true, value: { transport: 'browser' } });
    expect(browser.page.url()).toBe(`${host.origin}/`);
    expect(await browser.context.cookies()).toEqual([]);
    // a reload keeps working: the tab kept its token (sessionStorage is per origin, port included)
    await browser.page.reload();
    await browser.page.waitForFunction(() => typeof (globalThis as { netns?: unknown }).netns === 'object');
    expect(await callInPage(browser.page, 'host.info')).toMatchObject({ ok: true });
  });

  it('sends a tab without the token to the sign-in page, whose form signs it in', async () => {
    const page = await browser.context.newPage(); // a new tab: nothing kept from the other one
    try {
      await page.goto(`${host.origin}/`);
      await page.waitForURL(`${host.origin}/login`);
      await page.getByLabel('Token').fill(token);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.waitForFunction(() => typeof (globalThis as { netns?: unknown }).netns === 'object');
      expect(await callInPage(page, 'host.info')).toMatchObject({ ok: true });
      expect(page.url()).toBe(`${host.origin}/`);
    } finally {
      await page.close();
    }
  });

  it('sends a tab holding a token from an earlier start of the host to sign in, saying why, instead of retrying forever', async () => {
    const page = await browser.context.newPage();
    try {
      // what a tab kept across a restart of the host holds: a well-formed token this host did not print
      const old = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      await page.goto(`${host.origin}/#token=${old}`);
      await page.waitForURL(`${host.origin}/login?stale=1`);
      await page.getByText('earlier start of netns-studio serve').waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('netns-studio.token'))).toBeNull();
      await page.getByLabel('Token').fill(token);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.waitForFunction(() => typeof (globalThis as { netns?: unknown }).netns === 'object');
      expect(await callInPage(page, 'host.info')).toMatchObject({ ok: true });
    } finally {
      await page.close();
    }
  });

  it('serves the icon the page names', async () => {
    const icon = await browser.page.evaluate(async () => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { href: string } | null } }).document;
      const href = doc.querySelector('link[rel="icon"]')?.href ?? '';
      const r = await fetch(href);
      return { href, status: r.status, type: r.headers.get('content-type') };
    });
    expect(icon).toMatchObject({ status: 200, type: 'image/svg+xml' });
  });

  it('sends nothing that authenticates to another port of the same host', async () => {
    // the signed-in tab goes there itself (a link followed), and a second tab opens it too
    await browser.page.evaluate((u) => ((globalThis as unknown as { location: { href: string } }).location.href = `${u}/from-app`), other.origin);
    await browser.page.waitForURL(`${other.origin}/from-app`);
    const second = await browser.context.newPage();
    await second.goto(`${other.origin}/`);
    await second.evaluate(() => fetch('/fetched', { credentials: 'include' }));
    await second.close();
    expect(other.seen.length).toBeGreaterThanOrEqual(4);
    for (const r of other.seen) {
      expect(r.headers.cookie, `${r.method} ${r.url} carried a cookie`).toBeUndefined();
      expect(JSON.stringify(r), `${r.method} ${r.url} carried the token`).not.toContain(token);
      expect(r.headers.referer ?? '', `${r.method} ${r.url} named our page`).not.toContain(host.origin);
    }
  });

  it('refuses a WebSocket from that page, even one that holds the token', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${other.origin}/attack`);
    expect(await wsFromPage(page, api, [])).toBe('refused');
    expect(await wsFromPage(page, api, [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + 'A'.repeat(43)])).toBe('refused');
    // only the Origin check stands between a stolen token and the helper here
    expect(await wsFromPage(page, api, [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token])).toBe('refused');
    await page.close();
  });

  it('refuses WebSockets with no token, a wrong one, the old cookie or a foreign Origin, from outside the browser', async () => {
    const origin = host.origin;
    expect(await wsFromNode(api, [WS_PROTOCOL], { origin })).toBe(401);
    expect(await wsFromNode(api, [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`], { origin })).toBe(401);
    const port = new URL(host.origin).port;
    expect(await wsFromNode(api, [WS_PROTOCOL], { origin, cookie: `netns_studio_${port}=${token}` })).toBe(401);
    expect(await wsFromNode(`${api}?token=${token}`, [WS_PROTOCOL], { origin })).toBe(401);
    expect(await wsFromNode(api, [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { origin: other.origin })).toBe(403);
    expect(await wsFromNode(api, [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { origin })).toBe('open');
  });

  it('moves a token in the query into the fragment of / only, never to another site', async () => {
    const r = await fetch(`${host.origin}/.//evil.example/?token=${token}`, { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/#token=${token}`);
    expect(r.headers.get('set-cookie')).toBe(null);
  });
});
