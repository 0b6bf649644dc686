// Snapshot speed: `netns-ctl snapshot` against the iproute2 way, in the same run, on the same
// namespaces; then the core helper warm (the app's case), its memory, and event latency.
// Run: npm run bench  (inside scripts/sandbox.sh; sizes: BENCH_SIZES=200,1000)
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildWorld, destroyWorld, iproute2Loop, median, requireSandbox } from './fixture.mjs';
import { HelperClient } from './helper-client.mjs';

requireSandbox();
const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);
const ctl = new URL('../bin/netns-ctl.cjs', import.meta.url).pathname;
const fmt = (ms) => `${ms.toFixed(1)} ms`;

function ctlSnapshot() {
  const t0 = performance.now();
  const out = execFileSync('node', [ctl, 'snapshot'], { maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - t0;
  return { ms, namespaces: JSON.parse(out).namespaces.length };
}

/** From writing `link set X up|down` into a running `ip -n NS -batch -` to the event in JavaScript. */
async function eventLatency(helper, ns, ifname, rounds = 30) {
  const ip = spawn('ip', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const up = i % 2 === 1; // e1 starts up: the first change takes it down
    const seen = helper.waitFor('link.changed', (p) => p.link.name === ifname && p.link.up === up, 5000);
    const t0 = performance.now();
    ip.stdin.write(`link set ${ifname} ${up ? 'up' : 'down'}\n`);
    await seen;
    samples.push(performance.now() - t0);
  }
  ip.stdin.end();
  return samples;
}

const rows = [];
for (const n of sizes) {
  const tb = performance.now();
  await buildWorld(n);
  console.log(`\n== ${n} namespaces (built with iproute2 in ${fmt(performance.now() - tb)})`);
  const loop = iproute2Loop(n);
  console.log(`iproute2 loop (ip -n NS -json link + addr, ${2 * n} processes): ${fmt(loop.ms)}`);
  const cli = Array.from({ length: 5 }, ctlSnapshot);
  const cliMs = median(cli.map((c) => c.ms));
  console.log(`netns-ctl snapshot (whole process, median of ${cli.length}): ${fmt(cliMs)}, ${cli[0].namespaces} namespaces (runs: ${cli.map((c) => c.ms.toFixed(0)).join(', ')})`);

  const helper = await HelperClient.start();
  const warm = [];
  for (let i = 0; i < 5; i++) warm.push(await helper.timed('snapshot', {}));
  const warmMs = median(warm);
  const status = readFileSync(`/proc/${helper.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
  console.log(`core helper snapshot (warm, median of 5): ${fmt(warmMs)}; helper peak memory ${hwm.toFixed(0)} MB`);
  await helper.subscribe();
  const lat = await eventLatency(helper, 'bench1', 'e1');
  console.log(`event latency ip link set → JS (median of ${lat.length}): ${fmt(median(lat))}, max ${fmt(Math.max(...lat))}`);
  await helper.close();

  rows.push({ n, loop: loop.ms, cli: cliMs, warm: warmMs, ratioCli: loop.ms / cliMs, ratioWarm: loop.ms / warmMs, hwm, latency: median(lat) });
  await destroyWorld(n);
}

console.log('\n| namespaces | iproute2 loop | netns-ctl snapshot | ratio | helper warm | ratio | helper memory | event latency (median) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.n} | ${fmt(r.loop)} | ${fmt(r.cli)} | ${r.ratioCli.toFixed(1)}× | ${fmt(r.warm)} | ${r.ratioWarm.toFixed(0)}× | ${r.hwm.toFixed(0)} MB | ${r.latency.toFixed(2)} ms |`,
  );
