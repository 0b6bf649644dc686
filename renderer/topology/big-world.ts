// A big world for the renderer's unit tests, as bench/renderer.mjs builds it with iproute2: the
// host with a veth end per namespace, and n namespaces with lo, the other end and a bridge
// holding it. Laid out by the same code the worker runs (pack.ts above the layered limit).
import { fromSnapshot } from '../model/topology-state';
import { buildGraph, type TopologyGraph } from './graph';
import { link, namespace } from './fixtures';
import { applyLayout, emptyMemory, planLayout, type LayoutMemory } from './layout-memory';
import { layoutRequest } from './layout-run';

export async function bigWorld(n: number): Promise<{ graph: TopologyGraph; memory: LayoutMemory }> {
  const host = namespace('0', [], [link(1, 'lo', { kind: 'loopback' }), ...Array.from({ length: n }, (_, i) => link(10 + i, `h${i}`, { kind: 'veth', peer: { namespace: String(i + 1), ifindex: 2 } }))], { current: true });
  const others = Array.from({ length: n }, (_, i) =>
    namespace(String(i + 1), [`bench${i}`], [
      link(1, 'lo', { kind: 'loopback' }),
      link(2, `e${i}`, { kind: 'veth', master: 3, addresses: [`10.${(i >> 8) & 255}.${i & 255}.2/24`], peer: { namespace: '0', ifindex: 10 + i } }),
      link(3, `br${i}`, { kind: 'bridge' }),
    ]),
  );
  const state = fromSnapshot({ namespaces: [host, ...others], takenAt: 0 } as never);
  const graph = buildGraph(state, { hiddenKinds: new Set(['loopback']) });
  const memory = applyLayout(emptyMemory(), graph, await layoutRequest(planLayout(emptyMemory(), graph, true)));
  return { graph, memory };
}
