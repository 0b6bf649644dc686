import { describe, expect, it } from 'vitest';
import { buildGraph, searchGraph, summaryKey } from './graph';
import { link, namespace } from './fixtures';
import { fromSnapshot, linkKey } from '../model/topology-state';
import { canvasHits } from './search';

const world = () => {
  const crowd = namespace('3', ['crowd'], [link(1, 'br0', { kind: 'bridge' }), ...Array.from({ length: 100 }, (_, i) => link(10 + i, `v${i}`, { kind: 'veth', up: i % 2 === 0 }))]);
  return fromSnapshot({ namespaces: [namespace('1', [], [link(2, 'v7x', { kind: 'veth' })], { current: true }), crowd], takenAt: 0 } as never);
};

describe('canvasHits', () => {
  it('finds an interface folded into a summary in that summary, by name', () => {
    const state = world();
    const graph = buildGraph(state);
    const hits = new Set(searchGraph(state.namespaces.values(), 'v7'));
    const c = canvasHits(state.namespaces, graph, hits);
    const sum = summaryKey('3', 'veth');
    expect(c.inside.get(sum)).toEqual(['v7', ...Array.from({ length: 10 }, (_, i) => `v7${i}`)]);
    expect(c.keys.has(sum)).toBe(true);
    // the drawn ones stay hits as they are
    expect(c.keys.has(linkKey('1', 2))).toBe(true);
  });
  it('leaves hits alone when no summary holds one, and follows the state filter', () => {
    const state = world();
    const graph = buildGraph(state);
    const br = new Set(searchGraph(state.namespaces.values(), 'br0'));
    expect(canvasHits(state.namespaces, graph, br).keys).toBe(br);
    // v7 is down: with only the up ones shown (still a crowd of 50) it is in no summary; v8 is
    const up = buildGraph(state, { state: 'up' });
    expect(up.summaries.map((s) => s.count)).toEqual([50]);
    expect(canvasHits(state.namespaces, up, new Set(searchGraph(state.namespaces.values(), 'v7')), 'up').inside.get(summaryKey('3', 'veth'))).toEqual(['v70', 'v72', 'v74', 'v76', 'v78']);
    expect(canvasHits(state.namespaces, up, new Set(searchGraph(state.namespaces.values(), 'v8')), 'up').inside.get(summaryKey('3', 'veth'))).toContain('v8');
  });
});
