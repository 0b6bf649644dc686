// The end-to-end harness: the real serve host (dist/serve.cjs) with the real core helper, inside
// the sandbox the tests already run in (scripts/sandbox.sh), and Debian's Chromium driven by
// playwright-core with a fresh profile. Specs call skipReason() first and skip when it answers.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core';

export const ROOT = join(__dirname, '..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = process.env.NETNS_STUDIO_CHROMIUM ?? '/usr/bin/chromium';

/** Why end-to-end tests cannot run here, or null when they can. */
export function skipReason(opts: { renderer?: boolean } = {}): string | null {
  if (process.env.NETNS_STUDIO_KERNEL !== 'sandbox') return 'end-to-end tests run only inside scripts/sandbox.sh (they change namespaces as root)';
  if (!existsSync(join(DIST, 'serve.cjs')) || !existsSync(join(DIST, 'core.cjs'))) return 'dist/ is not built (npm run build)';
  if (opts.renderer !== false && !existsSync(join(DIST, 'renderer', 'index.html'))) return 'dist/renderer is not built (npm run build)';
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt install chromium)`;
  return null;
}

export interface ServeHost {
  /** The printed URL, token included. */
  url: string;
  origin: string;
  process: ChildProcess;
  /** Everything the host wrote to stderr so far (the core helper's too). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Serve this directory instead of dist/renderer. */
  rendererDir?: string;
  /** Hold a NetworkManager client (default false: --no-vpn); set DBUS_SYSTEM_BUS_ADDRESS in env for a test bus. */
  vpn?: boolean;
  env?: Record<string, string>;
  /** Where to listen (default 127.0.0.1:0); an address other than loopback also needs allowRemote. */
  listen?: string;
  allowRemote?: boolean;
}

export async function startServeHost(o: ServeOptions = {}): Promise<ServeHost> {
  const args = [join(DIST, 'serve.cjs'), 'serve', '--listen', o.listen ?? '127.0.0.1:0', ...(o.allowRemote ? ['--allow-remote'] : []), ...(o.vpn ? [] : ['--no-vpn'])];
  const env = { ...process.env, ...(o.rendererDir ? { NETNS_STUDIO_RENDERER_DIR: o.rendererDir } : {}), ...o.env };
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the serve host printed no URL in 15 s; stderr:\n${err}`)), 15_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Netns Studio is at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the serve host exited with ${code}; stderr:\n${err}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile, quiet: no background traffic, no updates, no GPU. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'netns-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the printed URL (which trades the token for the cookie) and waits for window.netns. */
export async function openApp(page: Page, host: ServeHost): Promise<void> {
  await page.goto(host.url);
  await page.waitForFunction(() => typeof (globalThis as { netns?: unknown }).netns === 'object', undefined, { timeout: 20_000 });
}

export interface Studio {
  host: ServeHost;
  browser: Browser;
  page: Page;
  /** Closes the browser, then stops the host. */
  close(): Promise<void>;
}

/**
 * What every renderer spec starts with: the serve host, a fresh Chromium at 1440×900 with the
 * given default timeout, the app open (window.netns ready). E2E_ONLY_FIRST=1 echoes the page's
 * console, for debugging one spec.
 */
export async function openStudio(o: ServeOptions & { timeout?: number } = {}): Promise<Studio> {
  const host = await startServeHost(o);
  const browser = await launchBrowser().catch(async (e: unknown) => {
    await host.stop();
    throw e;
  });
  const page = browser.page;
  page.setDefaultTimeout(o.timeout ?? 15_000);
  if (process.env.E2E_ONLY_FIRST) page.on('console', (m) => console.log('page:', m.text()));
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, host);
  return {
    host,
    browser,
    page,
    close: async () => {
      await browser.close();
      await host.stop();
    },
  };
}

/** Where `npm run screenshots` keeps the README's pictures. */
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/**
 * A screenshot for the README: written into docs/screenshots only when NETNS_STUDIO_SCREENSHOTS=1
 * (npm run screenshots); otherwise the page is still captured (so the scenario runs the same) and
 * nothing is written, because tests must not change tracked files.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.NETNS_STUDIO_SCREENSHOTS !== '1') {
    await page.screenshot();
    return;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name) });
}

/** Calls one contract method through window.netns in the page. */
export function callInPage(page: Page, method: string, input: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(
    ([m, i]) => (globalThis as unknown as { netns: Record<string, (x: unknown) => Promise<never>> }).netns[m as string]!(i),
    [method, input] as const,
  );
}

/** iproute2, to check what the UI did against the kernel. */
export const ip = (...args: string[]) => execFileSync('ip', args).toString();
export const ipJson = <T,>(...args: string[]): T => JSON.parse(ip('-json', ...args)) as T;

/** Waits until check() holds, polling; fails with what it waited for. */
export async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The placeholders under `scope` (a CSS selector) that do not fit their field: each measured in its
 * field's own font against the field's width inside its padding. (Plain JavaScript in the page.)
 */
export function cutPlaceholders(page: Page, scope: string): Promise<string[]> {
  return page.evaluate(`(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll(${JSON.stringify(scope)})].flatMap((s) => [...s.querySelectorAll('input[placeholder], textarea[placeholder]')]).filter((i) => {
      const cs = getComputedStyle(i);
      ctx.font = cs.font;
      return i.offsetParent !== null && ctx.measureText(i.placeholder).width > i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    }).map((i) => i.placeholder);
  })()`) as Promise<string[]>;
}

/** Picks a namespace in the side list, which also brings it into view on the canvas. */
export async function focusNamespace(page: Page, name: string): Promise<void> {
  const row = page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: new RegExp(`^${name}\\b`) });
  // The list draws only the rows in view (renderer/panels/NamespaceList.tsx): the side panel is
  // scrolled from the top a screenful at a time until the row is drawn, as a person scrolls to it.
  // (The page's code as plain JavaScript: the e2e files compile without the DOM's types.)
  if (!(await row.count())) {
    const scroll = (top: boolean) =>
      page.evaluate(`(() => {
        let s = document.querySelector('ul[aria-label=Namespaces]');
        while (s && !['auto', 'scroll'].includes(getComputedStyle(s).overflowY)) s = s.parentElement;
        if (!s) return false;
        const before = s.scrollTop;
        s.scrollTop = ${top} ? 0 : before + s.clientHeight * 0.8;
        return ${top} || s.scrollTop !== before;
      })()`) as Promise<boolean>;
    const frames = () => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    for (let more = await scroll(true); more; more = await scroll(false)) {
      await frames();
      if (await row.count()) break;
    }
  }
  await row.click();
  await page.waitForTimeout(500);
}

/** Picks one entry of the Export menu and answers the file the page downloads. */
export async function exported(page: Page, item: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 20_000 }) as Promise<Download>,
    (async () => {
      await page.getByRole('button', { name: 'Export ▾' }).click();
      await page.getByRole('menuitem', { name: item }).click();
    })(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}
