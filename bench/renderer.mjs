// Renderer speed in Chromium against the real core: N namespaces (default 1000), each with a
// veth end, a bridge and lo, plus the N host ends (about 4 N interfaces). Measures the time to
// the first complete picture, elk's layout time, frame times while panning, and what one
// interface's event costs (how many nodes the DOM touches, whether elk runs again).
// Run: npm run build && npm run bench:renderer   (BENCH_N=500 for a smaller world; NETNS_STUDIO_DIST
// points at another build's dist/ folder, e.g. one made with a different wire cap)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dist, openBrowserHost, recordWsMessages, wsMessages } from './browser.mjs';
import { buildWorld, destroyWorld, median, requireSandbox } from './fixture.mjs';

requireSandbox();
const N = Number(process.env.BENCH_N ?? 1000);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

// BENCH_REUSE_WORLD=1: the world is left in place at the end and used again by the next run in
// the same sandbox, so two builds can be measured on the same namespaces, one after the other:
//   bash scripts/sandbox.sh bash -c 'export BENCH_REUSE_WORLD=1; for d in /tmp/main-dist dist; do NETNS_STUDIO_DIST=$d node bench/renderer.mjs; done'
const reuse = !!process.env.BENCH_REUSE_WORLD;
if (reuse && execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(`bench${N - 1} `)) console.log(`using the ${N} namespaces already built`);
else {
  console.log(`building ${N} namespaces with iproute2…`);
  const t0 = Date.now();
  // With a bridge in each namespace holding its veth end.
  await buildWorld(N, { bridges: true });
  console.log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`measuring ${dist}`);

const { url, context, page, close } = await openBrowserHost();
try {
  // Every message from the host, with its page time and size: tells whether one event arrives as
  // a small delta and when, apart from what the renderer then does with it.
  await recordWsMessages(page);
  // BENCH_PROFILE_LOAD=1: a CPU profile of the page from navigation to the first complete picture.
  const loadCdp = process.env.BENCH_PROFILE_LOAD ? await context.newCDPSession(page) : null;
  if (loadCdp) {
    await loadCdp.send('Profiler.enable');
    await loadCdp.send('Profiler.start');
  }
  // BENCH_SETTLE_MS=N: open the page N ms after the host printed its address, as an administrator
  // opens a host that is already running (the default, 0, opens it while the host still starts).
  const settle = Number(process.env.BENCH_SETTLE_MS ?? 0);
  if (settle) await new Promise((r) => setTimeout(r, settle));
  await page.goto(url);
  const status = page.getByTestId('canvas-status');
  await page.waitForFunction((n) => {
    const s = document.querySelector('[data-testid=canvas-status]');
    // namespace boxes drawn: as React Flow nodes, or far away as the overview's (OverviewLayer.tsx)
    return s && Number(s.getAttribute('data-layout-runs')) > 0 && s.textContent.startsWith(`${n + 1} namespaces`) && document.querySelectorAll('.react-flow__node-namespace, .ov-ns').length > 0;
  }, N, { timeout: 120_000, polling: 50 });
  const firstPicture = await page.evaluate(() => performance.now());
  // When the snapshot (the largest message) was in the page's WebSocket handler: before it, the
  // page waits for the core; after it, the time is the renderer's.
  const snapshotAt = (await wsMessages(page)).reduce((a, m) => (m.bytes > a.bytes ? m : a), { bytes: 0, t: 0 }).t;
  if (loadCdp) printProfile('page CPU by function (self ms) from navigation to the first picture:', (await loadCdp.send('Profiler.stop')).profile);
  // Where the time to the first picture went, on the page's clock (ms from navigation): the
  // document and its files (Resource Timing), the page's own marks (netns:*, renderer/api/
  // ws-client.ts and renderer/main.tsx), the largest WebSocket message. timeOrigin (epoch ms)
  // lines them up with stamps taken in the host or the core.
  const load = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map((r) => ({ name: r.name.split('/').pop(), start: r.startTime, end: r.responseEnd, bytes: r.transferSize || r.encodedBodySize }));
    const marks = performance.getEntriesByType('mark').map((m) => ({ name: m.name, t: m.startTime }));
    return { origin: performance.timeOrigin, nav: { responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd }, res, marks };
  });
  const loadSteps = [
    ['document', load.nav.responseEnd],
    ...load.res.map((r) => [`${r.name} (${(r.bytes / 1e3).toFixed(0)} kB, from ${r.start.toFixed(0)})`, r.end]),
    ['DOMContentLoaded', load.nav.domContentLoaded],
    ...load.marks.map((m) => [m.name, m.t]),
    ['snapshot in the WebSocket handler', snapshotAt],
    ['first complete picture', firstPicture],
  ].sort((x, y) => x[1] - y[1]);
  console.log(`the first picture, step by step (ms after navigation; timeOrigin ${load.origin.toFixed(1)}):`);
  for (const [name, t] of loadSteps) console.log(`  ${t.toFixed(0).padStart(6)}  ${name}`);
  if (process.env.BENCH_LOAD_ONLY) {
    console.log(`first complete picture: ${firstPicture.toFixed(0)} ms after navigation (the snapshot in the page at ${snapshotAt.toFixed(0)} ms)`);
    // BENCH_LOAD_ONLY=1: only the load (several builds alternate quickly on one world).
    await close();
    if (!reuse) await destroyWorld(N);
    process.exit(0);
  }
  const layoutMs = Number(await status.getAttribute('data-layout-ms'));
  const text = await status.textContent();
  // Wires routed around the boxes (renderer/topology/route.ts): how long, how many (0 above its limit).
  const [routeMs, routed] = await page.evaluate(() => {
    const r = document.querySelector('[data-testid=route-stats]');
    return [r?.getAttribute('data-route-ms'), r?.getAttribute('data-routed')];
  });

  // Panning: record frame intervals while dragging the pane around.
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.waitForTimeout(500);
  // BENCH_THEME=dark: the screenshot in the dark theme (the page follows the system's by default)
  if (process.env.BENCH_THEME) await page.emulateMedia({ colorScheme: process.env.BENCH_THEME });
  if (process.env.BENCH_SCREENSHOT) {
    // With the minimap on (WorldMiniMap.tsx in a big picture: every namespace), then off again
    // for the measurements, as a 1440×900 window starts.
    const minimap = async () => {
      await page.getByRole('button', { name: 'View ▾' }).click();
      await page.getByRole('menuitemcheckbox', { name: 'Minimap' }).click();
      await page.keyboard.press('Escape');
    };
    await minimap();
    await page.locator('.react-flow__minimap').waitFor();
    console.log(`minimap: ${(await page.getByTestId('world-minimap-boxes').getAttribute('data-count').catch(() => null)) ?? "xyflow's own"} namespaces on it`);
    // no focus ring on the View button in the picture
    await page.evaluate(() => document.activeElement?.blur());
    await page.mouse.move(10, 890);
    await page.waitForTimeout(300);
    await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
    await minimap();
    await page.locator('.react-flow__minimap').waitFor({ state: 'detached' });
  }
  // The whole picture from far away (namespaces only: below zoom 0.2, or 0.45 in a big picture),
  // then one working scale whatever the picture's size (0.5: every interface drawn and its name
  // readable, about a hundred on screen), panned there.
  const scale = () => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1] ?? 1));
  console.log(`Fit View: zoom ${(await scale()).toFixed(3)}, ${await page.locator('.react-flow__node').count()} React Flow nodes and ${await page.locator('.ov-ns').count()} overview boxes in the DOM`);
  for (let i = 0; i < 30 && (await scale()) < 0.5; i++) {
    await page.getByRole('button', { name: 'Zoom In' }).click();
    await page.waitForTimeout(50);
  }
  console.log(`panning at zoom ${(await scale()).toFixed(3)}: ${await page.locator('.react-flow__node').count()} nodes and ${await page.locator('.react-flow__edge').count()} edges in the DOM, ${await page.locator('.ns-list li').count()} side list rows, ${await page.locator('*').count()} elements in the page`);
  if (process.env.BENCH_PAN_CSS) await page.addStyleTag({ content: process.env.BENCH_PAN_CSS });
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
  // BENCH_PROFILE_PAN=1: a CPU profile of the page while panning.
  const panCdp = process.env.BENCH_PROFILE_PAN ? await context.newCDPSession(page) : null;
  if (panCdp) {
    await panCdp.send('Profiler.enable');
    await panCdp.send('Profiler.start');
  }
  const box = await page.locator('.react-flow__pane').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 120; i++) await page.mouse.move(cx + 300 * Math.sin(i / 10), cy + 200 * Math.cos(i / 13));
  await page.mouse.up();
  const frames = (await page.evaluate(() => ((window.__stop = true), window.__frames))).slice(2);
  if (panCdp) printProfile('page CPU by function (self ms) while panning:', (await panCdp.send('Profiler.stop')).profile);
  // Frame intervals come in whole display frames (16.7, 33.3 ms…), so the median of a pan near
  // the limit flips between two of them: the share of frames on time and the mean say more.
  const onTime = frames.filter((f) => f < 20).length / frames.length;
  const mean = frames.reduce((a, f) => a + f, 0) / frames.length;
  const panned = `panning frames: ${frames.length}, median ${median(frames).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms, mean ${mean.toFixed(1)} ms, ${(onTime * 100).toFixed(0)} % within one 60 Hz frame`;
  if (process.env.BENCH_PAN_ONLY) {
    // BENCH_PAN_ONLY=1: the load and the panning only (several builds alternate on one big world).
    console.log(`first complete picture: ${firstPicture.toFixed(0)} ms after navigation (the snapshot in the page at ${snapshotAt.toFixed(0)} ms)`);
    console.log(panned);
    await close();
    if (!reuse) await destroyWorld(N);
    process.exit(0);
  }

  // An interface on screen (only visible nodes are in the DOM): its name tells its namespace.
  // Where the view shows only the host's own veth ends, a namespace is picked in the sidebar first.
  const onScreen = () =>
    page.evaluate(() => [...document.querySelectorAll('.react-flow__node-iface [data-testid]')].map((e) => e.getAttribute('data-testid')).find((t) => /^iface-e\d+$/.test(t)));
  let visible = await onScreen();
  if (!visible) {
    await page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^bench1\b/ }).click();
    await page.waitForTimeout(500);
    visible = await onScreen();
  }

  // One interface changes: count the interface and namespace nodes whose DOM changes.
  const runsBefore = Number(await status.getAttribute('data-layout-runs'));
  await page.evaluate(() => {
    window.__touched = new Set();
    window.__firstChange = [];
    window.__observer = new MutationObserver((ms) => {
      for (const m of ms) {
        const el = (m.target.nodeType === 1 ? m.target : m.target.parentElement)?.closest('.react-flow__node');
        if (!el) continue;
        const id = el.getAttribute('data-id');
        if (!window.__touched.has(id)) window.__firstChange.push({ id, t: performance.now() });
        window.__touched.add(id);
      }
    });
    window.__observer.observe(document.querySelector('.react-flow__nodes'), { subtree: true, childList: true, attributes: true, characterData: true });
    // Elements added or removed anywhere in the page, by where: finds work outside the graph nodes.
    window.__churn = new Map();
    const where = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement)
        parts.push(e.getAttribute('data-testid') ?? `${e.tagName.toLowerCase()}.${String(e.className?.baseVal ?? e.className).split(' ')[0]}`);
      return parts.reverse().join(' > ');
    };
    window.__bodyObserver = new MutationObserver((ms) => {
      for (const m of ms) {
        if (m.type !== 'childList') continue;
        const k = where(m.target);
        window.__churn.set(k, (window.__churn.get(k) ?? 0) + m.addedNodes.length + m.removedNodes.length);
      }
    });
    window.__bodyObserver.observe(document.body, { subtree: true, childList: true });
    // Graph nodes in the DOM, sampled every frame: only the ones on screen should be there.
    window.__domNodes = { before: document.querySelectorAll('.react-flow__node').length, max: 0 };
    const sample = () => {
      window.__domNodes.max = Math.max(window.__domNodes.max, document.querySelectorAll('.react-flow__node').length);
      if (!window.__stopSampling) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  console.log(`interface on screen: ${visible}`);
  const i = Number(visible.slice('iface-e'.length));
  // BENCH_PROFILE=1: a CPU profile of the page around the event, top functions by self time.
  const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  const pageT0 = await page.evaluate(() => performance.now());
  execFileSync('ip', ['-n', `bench${i}`, 'link', 'set', `e${i}`, 'down']);
  await page.waitForFunction(() => [...window.__touched].some((k) => k && k.startsWith('if:')), undefined, { timeout: 10_000, polling: 10 });
  const seenMs = Date.now() - t0;
  await page.waitForTimeout(2000); // the highlight fades: that is a second, expected change of the same node
  const touched = await page.evaluate(() => [...window.__touched]);
  if (cdp) {
    printProfile('page CPU by function (self ms) around the event:', (await cdp.send('Profiler.stop')).profile);
  }
  function printProfile(title, prof) {
    // BENCH_PROFILE_DIR=DIR keeps each profile as a .cpuprofile (Chromium's DevTools open it).
    if (process.env.BENCH_PROFILE_DIR) writeFileSync(join(process.env.BENCH_PROFILE_DIR, `${title.includes('event') ? 'event' : title.includes('panning') ? 'pan' : 'load'}-${Date.now()}.cpuprofile`), JSON.stringify(prof));
    const self = new Map();
    const dt = prof.timeDeltas;
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    prof.samples.forEach((id, k) => {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt[k] ?? 0) / 1000);
    });
    console.log(title);
    for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${ms.toFixed(0).padStart(6)}  ${k}`);
  }
  const after = await wsMessages(page, pageT0);
  const changes = await page.evaluate((t) => window.__firstChange.map((c) => `${c.id} +${(c.t - t).toFixed(0)} ms`), pageT0);
  const domNodes = await page.evaluate(() => ((window.__stopSampling = true), window.__domNodes));
  console.log(`graph nodes in the DOM: ${domNodes.before} before the event, up to ${domNodes.max} after it`);
  const churn = await page.evaluate(() => [...window.__churn].sort((a, b) => b[1] - a[1]).slice(0, 6));
  console.log(`elements added+removed after the event, by place: ${churn.map(([k, n]) => `${n} in ${k}`).join(' | ')}`);
  const snapshotBytes = (await wsMessages(page)).reduce((most, m) => Math.max(most, m.bytes), 0);
  const runsAfter = Number(await status.getAttribute('data-layout-runs'));

  console.log(`\n${text}`);
  console.log(`first complete picture: ${firstPicture.toFixed(0)} ms after navigation (the snapshot in the page at ${snapshotAt.toFixed(0)} ms)`);
  console.log(`layout of the whole picture (request to answer, main thread included): ${layoutMs} ms`);
  console.log(`wires routed around the boxes: ${routed} in ${routeMs} ms (on the main thread, last routing)`);
  console.log(panned);
  console.log(`largest message from the host (the snapshot): ${(snapshotBytes / 1e6).toFixed(2)} MB`);
  console.log(`messages after the ip command: ${after.map((m) => `+${(m.t - pageT0).toFixed(0)} ms ${m.bytes} B ${m.data.slice(0, 60)}`).join(' | ')}`);
  console.log(`first DOM change of each node, after the ip command: ${changes.join(', ')}`);
  console.log(`one interface (e${i} in bench${i}) set down with ip: shown after ${seenMs} ms; DOM nodes touched: ${touched.length} (${touched.join(', ')}); elk runs added: ${runsAfter - runsBefore}`);
  // BENCH_EXPORT=1: Export ▸ Picture as SVG and as PNG (renderer/export/picture.ts: the whole
  // picture from the layout, not only the window React Flow holds), from the click to the download.
  if (process.env.BENCH_EXPORT) {
    for (const item of ['Picture as SVG', 'Picture as PNG']) {
      const t = Date.now();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        (async () => {
          await page.getByRole('button', { name: 'Export ▾' }).click();
          await page.getByRole('menuitem', { name: item }).click();
        })(),
      ]);
      const bytes = readFileSync(await download.path());
      const ms = Date.now() - t;
      const size = item.endsWith('PNG') ? `${bytes.readUInt32BE(16)}×${bytes.readUInt32BE(20)} px` : `${(bytes.toString().match(/<rect class="ns"/g) ?? []).length} namespace boxes`;
      console.log(`export ${item}: ${ms} ms, ${(bytes.length / 1e6).toFixed(2)} MB, ${size}`);
    }
  }
  if (reuse) execFileSync('ip', ['-n', `bench${i}`, 'link', 'set', `e${i}`, 'up']);
} finally {
  await close();
  if (!reuse) await destroyWorld(N);
}
