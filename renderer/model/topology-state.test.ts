import { describe, expect, it } from 'vitest';
import { applyEvents, fromSnapshot, linkKey, type TopologyEvent } from './topology-state';
import { link, namespace } from '../topology/fixtures';

const world = () => fromSnapshot({ takenAt: 100, namespaces: [namespace('2', ['blue'], [link(1, 'lo', { kind: 'loopback' })])] });
const changed = (ifindex: number, name: string): TopologyEvent => ({ event: 'link.changed', payload: { namespace: '2', link: link(ifindex, name) } });

describe('applyEvents', () => {
  it('applies a batch in order and answers every key it touched, without changing the state it was given', () => {
    const before = world();
    const a = applyEvents(before, [{ e: changed(5, 'v0'), at: 101 }, { e: changed(6, 'v1'), at: 102 }, { e: changed(5, 'v0-renamed'), at: 103 }]);
    expect(a.state.namespaces.get('2')!.links.map((l) => l.name)).toEqual(['lo', 'v0-renamed', 'v1']);
    expect(a.touched).toEqual([linkKey('2', 5), linkKey('2', 6), linkKey('2', 5)]);
    expect(before.namespaces.get('2')!.links.map((l) => l.name)).toEqual(['lo']);
  });
  it('skips events older than the snapshot (already in it): nothing touched, the same state', () => {
    const before = world();
    const a = applyEvents(before, [{ e: changed(5, 'v0'), at: 99 }]);
    expect(a.state).toBe(before);
    expect(a.touched).toEqual([]);
  });
});
