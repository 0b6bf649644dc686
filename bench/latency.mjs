// From `ip link set X up|down` to the interface drawn in its new state, stamped in the page by a
// MutationObserver: the median over repeated toggles, in a world of BENCH_N namespaces
// (bench/fixture.mjs: each with a veth end, an address, and here a bridge holding that end).
// Run: npm run build && bash scripts/sandbox.sh node bench/latency.mjs   (BENCH_N=3 small, 1000 large;
// BENCH_TOGGLES=21). Inside the sandbox only (it makes namespaces).
// BENCH_PROFILE=1: a CPU profile of the page (Chrome DevTools protocol) over toggles 3 to the last,
// from each `ip` command to drawn: the top functions by self time and by total time. The names
// are readable with a renderer built without minifying (docs/PERFORMANCE.md says how).
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { clearWsMessages, openBrowserHost, recordWsMessages, wsMessages } from './browser.mjs';
import { HelperClient } from './helper-client.mjs';
import { buildWorld, destroyWorld, median, perNamespace, requireSandbox } from './fixture.mjs';

requireSandbox();
const N = Number(process.env.BENCH_N ?? 3);
const TOGGLES = Number(process.env.BENCH_TOGGLES ?? 21);

console.log(`building ${N} namespaces with iproute2…`);
await buildWorld(N);
await perNamespace(N, (j) => [`link add br${j} type bridge`, `link set e${j} master br${j}`, `link set br${j} up`], 50);

// The ip commands come from one shell kept open, as typed in a terminal: a process started from
// this (large) node process costs tens of ms more to fork on a busy machine than one from a shell.
const shell = spawn('bash', [], { stdio: ['pipe', 'pipe', 'inherit'] });
const inShell = (line) =>
  new Promise((resolve) => {
    shell.stdout.once('data', resolve);
    shell.stdin.write(`${line}; echo\n`);
  });

// A second core helper of our own, subscribed beside the browser host's: when it says e1 changed
// is the core's share of the time (kernel → monitor → event line out).
const core = await HelperClient.start();
await core.subscribe();

const { url, page, close } = await openBrowserHost();
try {
  // When each message from the host arrives (page clock, as the stamp below): splits the time into
  // kernel → page's WebSocket (core and host) and WebSocket → drawn (the page).
  await recordWsMessages(page);
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
  // Until the world is quiet: each bridge reports its carrier when its port starts forwarding,
  // seconds after it was made, and those events fell into the first toggles at 1000 namespaces.
  for (let quiet = 0, waited = 0; quiet < 2 && waited < 120; waited++) {
    await clearWsMessages(page);
    await page.waitForTimeout(1000);
    quiet = (await wsMessages(page)).some((m) => /"[a-z]+\.[a-zA-Z]+"/.test(m.data)) ? 0 : quiet + 1;
  }

  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__long.push({ start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.startTime + e.duration });
    }).observe({ type: 'longtask' });
  });
  const timeline = [];
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) await cdp.send('Profiler.enable');
  const self = new Map();
  const total = new Map();
  let profiled = 0;
  const times = [];
  const arrivals = [];
  const coreTimes = [];
  const ipTimes = [];
  for (let k = 0; k < TOGGLES; k++) {
    const up = k % 2 === 1;
    // the stamp: the first mutation after which iface-e1's dot says its new state ("up (admin up)",
    // "no carrier (admin up)", "down (admin down)": renderer/topology/link-state.ts)
    await page.evaluate((want) => {
      window.__seen = null;
      const check = () => {
        const dot = document.querySelector('[data-testid=iface-e1] .state-dot');
        if (dot?.getAttribute('aria-label')?.endsWith(`(admin ${want})`) && window.__seen === null) window.__seen = performance.timeOrigin + performance.now();
      };
      window.__obs?.disconnect();
      window.__obs = new MutationObserver(check);
      window.__obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    }, up ? 'up' : 'down');
    await clearWsMessages(page);
    const fromCore = core.waitFor('link.changed', (p) => p.link.name === 'e1' && p.link.up === up, 30_000).then(() => performance.timeOrigin + performance.now());
    const profiling = cdp && k >= 2;
    if (profiling) await cdp.send('Profiler.start');
    const t0 = performance.timeOrigin + performance.now();
    await inShell(`ip -n bench1 link set e1 ${up ? 'up' : 'down'}`);
    ipTimes.push(performance.timeOrigin + performance.now() - t0);
    await page.waitForFunction(() => window.__seen !== null, undefined, { timeout: 30_000, polling: 5 });
    const seen = await page.evaluate(() => window.__seen);
    if (profiling) {
      addProfile((await cdp.send('Profiler.stop')).profile, self, total);
      profiled++;
    }
    times.push(seen - t0);
    // the first link.changed of e1 that says its new state
    const want = up ? '"up":true' : '"up":false';
    const got = await wsMessages(page);
    const event = got.find((m) => m.data.includes('link.changed') && m.data.includes('"name":"e1"') && m.data.includes(want));
    if (event) arrivals.push(event.at - t0);
    // What reached the page and when, the page's busy stretches (long tasks), and drawn: where a
    // toggle's time went, one line each.
    const busy = await page.evaluate(() => window.__long.splice(0));
    const at = (t) => `+${(t - t0).toFixed(0)}`;
    const names = got.map((m) => {
      const what = /"[a-z]+\.[a-zA-Z.]+"/.exec(m.data)?.[0]?.slice(1, -1) ?? '?';
      const link = what === 'link.changed' ? ` ${/"name":"([^"]+)"/.exec(m.data)?.[1]} ${/"up":(true|false)/.exec(m.data)?.[1] === 'true' ? 'up' : 'down'}` : '';
      return `${what}${link} ${at(m.at)}`;
    });
    const tasks = busy.filter((b) => b.end > t0 - 50).map((b) => `${at(b.start)}..${at(b.end)}`);
    // Stamps a renderer built for it leaves in globalThis.__st ([what, epoch ms]; none in a release build).
    const stamps = (await page.evaluate(() => (globalThis.__st ?? []).splice(0))).filter(([, t]) => t > t0).map(([w, t]) => `${w} ${at(t)}`);
    timeline.push(`${names.join(', ')}; long tasks ${tasks.join(' ') || 'none'}; ${stamps.length ? `stamps ${stamps.join(', ')}; ` : ''}drawn ${at(seen)}`);
    coreTimes.push((await fromCore) - t0);
    await page.waitForTimeout(300);
  }
  if (cdp) {
    const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, ms]) => `  ${(ms / profiled).toFixed(1).padStart(8)}  ${k}`).join('\n');
    console.log(`page CPU per toggle (ms, mean over ${profiled} toggles), self time:\n${top(self)}`);
    console.log(`total time (the function and what it called):\n${top(total)}`);
  }
  console.log(`each toggle, ms after the ip command:\n${timeline.map((l, k) => `  ${k + 1}: ${l}`).join('\n')}`);
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`samples (ms): ${times.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`ip link set, from the shell's prompt until it returned: median ${median(ipTimes).toFixed(1)} ms`);
  console.log(`ip link set → link.changed out of a core helper: ${coreTimes.map((t) => t.toFixed(1)).join(' ')}; median ${median(coreTimes).toFixed(1)} ms`);
  console.log(`ip link set → the event in the page's WebSocket (core and host): ${arrivals.map((t) => t.toFixed(1)).join(' ')}; median ${median(arrivals)?.toFixed(1)} ms over ${arrivals.length}`);
  console.log(`load average (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`N = ${N} (${N + 1} namespaces): ip link set e1 up|down → drawn: median ${median(times).toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms over ${times.length}`);
} finally {
  shell.stdin.end();
  await core.close();
  await close();
  await destroyWorld(N);
}

/** Adds a CDP profile's self and total time per function (name file:line:column) to the maps. */
function addProfile(prof, self, total) {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id) => {
    const f = byId.get(id).callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  prof.samples.forEach((id, k) => {
    const ms = (prof.timeDeltas[k + 1] ?? 0) / 1000;
    self.set(name(id), (self.get(name(id)) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(name(at));
    for (const key of seen) total.set(key, (total.get(key) ?? 0) + ms);
  });
}
