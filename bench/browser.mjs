// What the page benchmarks share: the browser host of a build (dist/, or NETNS_STUDIO_DIST) on
// 127.0.0.1 with the real core, and Debian's Chromium (NETNS_STUDIO_CHROMIUM) at 1440×900 with a
// fresh profile. Inside the sandbox only, as the worlds the benchmarks build.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
export const dist = process.env.NETNS_STUDIO_DIST ?? join(root, 'dist');

/**
 * Starts `serve` and Chromium; answers the URL to open (token included), the browser context,
 * its page (not navigated yet, so a caller can add init scripts first) and close(), which ends both.
 */
export async function openBrowserHost() {
  const serve = spawn(process.execPath, [join(dist, 'serve.cjs'), 'serve', '--listen', '127.0.0.1:0', '--no-vpn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (c) => {
      out += c;
      const m = /Netns Studio is at (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    serve.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const profile = mkdtempSync(join(tmpdir(), 'netns-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.NETNS_STUDIO_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    url,
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      serve.kill('SIGTERM');
    },
  };
}

/**
 * Records every message the page's WebSocket receives from the host, from the next navigation
 * on, in `window.__wsIn`: each with `t` (performance.now(), the page's clock), `at` (the same in
 * epoch ms, comparable with this process's performance.timeOrigin + performance.now()), `bytes`
 * and its first 4000 characters (`data`). Tells when an event reached the page and how large it
 * was, apart from what the renderer then does with it.
 */
export async function recordWsMessages(page) {
  await page.addInitScript(() => {
    window.__wsIn = [];
    const Real = window.WebSocket;
    window.WebSocket = class extends Real {
      constructor(...a) {
        super(...a);
        this.addEventListener('message', (m) => {
          const t = performance.now();
          const data = String(m.data);
          window.__wsIn.push({ t, at: performance.timeOrigin + t, bytes: data.length, data: data.slice(0, 4000) });
        });
      }
    };
  });
}

/** The messages recordWsMessages kept (those at or after page time `since`, when given). */
export const wsMessages = (page, since = -Infinity) => page.evaluate((s) => window.__wsIn.filter((m) => m.t >= s), since);

/** Forgets the messages kept so far. */
export const clearWsMessages = (page) => page.evaluate(() => void (window.__wsIn = []));
