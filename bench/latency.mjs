// From `ip link set X up|down` to the interface drawn in its new state, stamped in the page by a
// MutationObserver: the median over repeated toggles, in a world of BENCH_N namespaces
// (bench/fixture.mjs: each with a veth end, an address, and here a bridge holding that end).
// Run: npm run build && bash scripts/sandbox.sh node bench/latency.mjs   (BENCH_N=3 small, 1000 large;
// BENCH_TOGGLES=21). Inside the sandbox only (it makes namespaces).
import { execFileSync } from 'node:child_process';
import { openBrowserHost } from './browser.mjs';
import { buildWorld, destroyWorld, median, perNamespace, requireSandbox } from './fixture.mjs';

requireSandbox();
const N = Number(process.env.BENCH_N ?? 3);
const TOGGLES = Number(process.env.BENCH_TOGGLES ?? 21);

console.log(`building ${N} namespaces with iproute2…`);
await buildWorld(N);
await perNamespace(N, (j) => [`link add br${j} type bridge`, `link set e${j} master br${j}`, `link set br${j} up`], 50);

const { url, page, close } = await openBrowserHost();
try {
  await page.goto(url);
  await page.waitForFunction(
    (n) => {
      const s = document.querySelector('[data-testid=canvas-status]');
      return s && Number(s.getAttribute('data-layout-runs')) > 0 && s.textContent.startsWith(`${n + 1} namespaces`);
    },
    N,
    { timeout: 180_000, polling: 100 },
  );
  // bench1's veth end, brought into view through the side list (only what is on screen is drawn)
  await page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^bench1\b/ }).click();
  await page.getByTestId('iface-e1').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1000);

  const times = [];
  for (let k = 0; k < TOGGLES; k++) {
    const up = k % 2 === 1;
    // the stamp: the first mutation after which iface-e1 says its new state
    await page.evaluate((want) => {
      window.__seen = null;
      const check = () => {
        const dot = document.querySelector('[data-testid=iface-e1] .state-dot');
        if (dot && dot.getAttribute('aria-label') === want && window.__seen === null) window.__seen = performance.timeOrigin + performance.now();
      };
      window.__obs?.disconnect();
      window.__obs = new MutationObserver(check);
      window.__obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    }, up ? 'up' : 'down');
    const t0 = performance.timeOrigin + performance.now();
    execFileSync('ip', ['-n', 'bench1', 'link', 'set', 'e1', up ? 'up' : 'down']);
    await page.waitForFunction(() => window.__seen !== null, undefined, { timeout: 30_000, polling: 5 });
    const seen = await page.evaluate(() => window.__seen);
    times.push(seen - t0);
    await page.waitForTimeout(300);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`samples (ms): ${times.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`N = ${N} (${N + 1} namespaces): ip link set e1 up|down → drawn: median ${median(times).toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms over ${times.length}`);
} finally {
  await close();
  await destroyWorld(N);
}
