// The picture's own cost, without a browser: for worlds of N namespaces shaped like
// bench/renderer.mjs's (the host holds N veth ends; each namespace lo, a veth end and a bridge
// holding it), how long building the graph, the whole-picture layout (the worker's code: grid
// interiors and elk), folding it into the layout memory and routing the wires take, and what one
// interface's change costs in the graph and the memory. The renderer's modules are bundled with
// esbuild on the fly, so this runs the tree's own code.
// Run: node bench/layout.mjs            (BENCH_SIZES=8,100,1000,5000 by default)
import { build } from 'esbuild';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'netns-layout-bench-'));
const entry = join(dir, 'entry.ts');
writeFileSync(
  entry,
  ['graph', 'layout-memory', 'layout-run', 'route'].map((m) => `export * from '${join(root, 'renderer/topology', m)}';`).join('\n') +
    `\nexport * from '${join(root, 'renderer/model/topology-state')}';\n`,
);
const out = join(dir, 'bundle.mjs');
await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
const t = await import(out);
rmSync(dir, { recursive: true, force: true });

const link = (ifindex, name, extra = {}) => ({ ifindex, name, kind: null, up: true, operstate: 'up', carrier: true, mtu: 1500, mac: null, master: null, parent: null, peer: null, addresses: [], ...extra });
const namespace = (id, names, links, extra = {}) => ({ id, names, pids: [], processes: [], nsid: null, current: false, links, routes: [], ...extra });
function world(n) {
  const host = namespace('1', [], [link(1, 'lo', { kind: 'loopback' }), ...Array.from({ length: n }, (_, i) => link(10 + i, `h${i}`, { kind: 'veth', peer: { namespace: String(100 + i), ifindex: 2 } }))], { current: true });
  const others = Array.from({ length: n }, (_, i) =>
    namespace(String(100 + i), [`bench${i}`], [link(1, 'lo', { kind: 'loopback' }), link(2, `e${i}`, { kind: 'veth', master: 3, peer: { namespace: '1', ifindex: 10 + i } }), link(3, `br${i}`, { kind: 'bridge' })]),
  );
  return t.fromSnapshot({ takenAt: 1, namespaces: [host, ...others] });
}
const ms = (f) => {
  const a = performance.now();
  const v = f();
  return [v, performance.now() - a];
};
const msAsync = async (f) => {
  const a = performance.now();
  const v = await f();
  return [v, performance.now() - a];
};

// elk and the JIT warm up on a small world first, as the page's worker does on its first picture.
await t.layoutRequest(t.planLayout(t.emptyMemory(), t.buildGraph(world(8)), true));

const filter = { hiddenKinds: new Set(['loopback']) };
for (const n of (process.env.BENCH_SIZES ?? '8,100,1000,5000').split(',').map(Number)) {
  const state = world(n);
  const [graph, tBuild] = ms(() => t.buildGraph(state, filter));
  const [req, tPlan] = ms(() => t.planLayout(t.emptyMemory(), graph, true));
  const [res, tLayout] = await msAsync(() => t.layoutRequest(req));
  const [memory, tApply] = ms(() => t.applyLayout(t.emptyMemory(), graph, res));
  const routable = graph.interfaces.length <= t.ROUTE_LIMIT && graph.edges.length <= t.WIRE_LIMIT;
  // Above the page's limits the page draws curves; routing is measured up to them (and at 100 beyond).
  const [routes, tRoute] = routable || n <= 100 ? ms(() => t.routeWires(t.boxesOf(graph, memory), graph.edges)) : [new Map(), 0];
  // One interface set down: the model replaces one namespace; graph, plan and memory follow.
  const i = Math.floor(n / 2);
  const ns = state.namespaces.get(String(100 + i));
  const { state: next } = t.applyEvent(state, { event: 'link.changed', payload: { namespace: ns.id, link: { ...ns.links[1], up: false, operstate: 'down' } } });
  const [g2, tBuild2] = ms(() => t.buildGraph(next, filter));
  const [m2, tEvent] = ms(() => {
    const plan = t.planLayout(memory, g2);
    return plan.groups.length ? null : t.applyLayout(memory, g2, { interiors: {} });
  });
  const sameGroups = g2.groups.filter((g, k) => g === graph.groups[k]).length;
  console.log(
    `N=${n}: ${graph.groups.length} boxes, ${graph.interfaces.length} interfaces + ${graph.summaries.length} summaries, ${graph.edges.length} wires | ` +
      `graph ${tBuild.toFixed(0)} ms, plan ${tPlan.toFixed(0)} ms, layout ${tLayout.toFixed(0)} ms, memory ${tApply.toFixed(0)} ms, ` +
      `routing ${routes.size} wires ${tRoute.toFixed(0)} ms${routable ? '' : ' (the page draws curves here)'} | ` +
      `one interface down: graph ${tBuild2.toFixed(1)} ms (${sameGroups} of ${g2.groups.length} boxes the same objects), plan+memory ${tEvent.toFixed(1)} ms, memory ${m2 === memory ? 'unchanged' : 'new'}`,
  );
}
