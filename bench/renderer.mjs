// Renderer speed in Chromium against the real core: N namespaces (default 1000), each with a
// veth end, a bridge and lo, plus the N host ends (about 4 N interfaces). Measures the time to
// the first complete picture, elk's layout time, frame times while panning, and what one
// interface's event costs (how many nodes the DOM touches, whether elk runs again).
// Run: bash scripts/sandbox.sh node bench/renderer.mjs   (after npm run build; BENCH_N=1000)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildWorld, destroyWorld, median, requireSandbox } from './fixture.mjs';

requireSandbox();
const N = Number(process.env.BENCH_N ?? 1000);
const root = new URL('..', import.meta.url).pathname;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

console.log(`building ${N} namespaces with iproute2…`);
await buildWorld(N);
for (let i = 0; i < N; i += 50) {
  // one ip process per namespace is slow; -all would touch every namespace, so batch by hand
  const procs = [];
  for (let j = i; j < Math.min(N, i + 50); j++)
    procs.push(new Promise((res, rej) => {
      const p = spawn('ip', ['-n', `bench${j}`, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
      p.stdin.end(`link add br${j} type bridge\nlink set e${j} master br${j}\nlink set br${j} up\n`);
      p.on('exit', (c) => (c === 0 ? res() : rej(new Error(`bridge in bench${j} failed`))));
    }));
  await Promise.all(procs);
}

const serve = spawn(process.execPath, [join(root, 'dist/serve.cjs'), 'serve', '--listen', '127.0.0.1:0', '--no-vpn'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  const status = page.getByTestId('canvas-status');
  await page.waitForFunction((n) => {
    const s = document.querySelector('[data-testid=canvas-status]');
    return s && Number(s.getAttribute('data-layout-runs')) > 0 && s.textContent.startsWith(`${n + 1} namespaces`) && document.querySelectorAll('.react-flow__node-namespace').length > 0;
  }, N, { timeout: 120_000, polling: 50 });
  const firstPicture = await page.evaluate(() => performance.now());
  const layoutMs = Number(await status.getAttribute('data-layout-ms'));
  const text = await status.textContent();

  // Panning: record frame intervals while dragging the pane around.
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.waitForTimeout(500);
  // Zoom in to a working scale, where node text is readable, then pan there.
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__frames.length < 100000 && !window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const box = await page.locator('.react-flow__pane').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 120; i++) await page.mouse.move(cx + 300 * Math.sin(i / 10), cy + 200 * Math.cos(i / 13));
  await page.mouse.up();
  const frames = (await page.evaluate(() => ((window.__stop = true), window.__frames))).slice(2);

  // One interface changes: count the interface and namespace nodes whose DOM changes.
  const runsBefore = Number(await status.getAttribute('data-layout-runs'));
  await page.evaluate(() => {
    window.__touched = new Set();
    window.__observer = new MutationObserver((ms) => {
      for (const m of ms) {
        const el = (m.target.nodeType === 1 ? m.target : m.target.parentElement)?.closest('.react-flow__node');
        if (el) window.__touched.add(el.getAttribute('data-id'));
      }
    });
    window.__observer.observe(document.querySelector('.react-flow__nodes'), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // An interface on screen (only visible nodes are in the DOM): its name tells its namespace.
  const visible = await page.evaluate(() =>
    [...document.querySelectorAll('.react-flow__node-iface [data-testid]')].map((e) => e.getAttribute('data-testid')).find((t) => /^iface-e\d+$/.test(t)));
  const i = Number(visible.slice('iface-e'.length));
  const t0 = Date.now();
  execFileSync('ip', ['-n', `bench${i}`, 'link', 'set', `e${i}`, 'down']);
  await page.waitForFunction(() => [...window.__touched].some((k) => k && k.startsWith('if:')), undefined, { timeout: 10_000, polling: 10 });
  const seenMs = Date.now() - t0;
  await page.waitForTimeout(2000); // the highlight fades: that is a second, expected change of the same node
  const touched = await page.evaluate(() => [...window.__touched]);
  const runsAfter = Number(await status.getAttribute('data-layout-runs'));

  console.log(`\n${text}`);
  console.log(`first complete picture: ${firstPicture.toFixed(0)} ms after navigation`);
  console.log(`elk layout (worker, whole picture): ${layoutMs} ms`);
  console.log(`panning frames: ${frames.length}, median ${median(frames).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`);
  console.log(`one interface (e${i} in bench${i}) set down with ip: shown after ${seenMs} ms; DOM nodes touched: ${touched.length} (${touched.join(', ')}); elk runs added: ${runsAfter - runsBefore}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  serve.kill('SIGTERM');
  await destroyWorld(N);
}
