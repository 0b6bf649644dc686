// The page's resync handling, step by step: snapshots answered when the test says, events in
// between. The clock stands still (as it does for a burst: the forced-resync e2e test saw events
// and the resync reach the page within the same millisecond).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/result';
import type { Snapshot } from '../../shared/model';
import { link, namespace } from '../topology/fixtures';
import { LiveTopology } from './live-topology';
import type { TopologyEvent } from './topology-state';

const lo = link(1, 'lo', { kind: 'loopback' });
const sw0 = link(5, 'sw0', { kind: 'veth' });
const world = (...links: ReturnType<typeof link>[]): Snapshot => ({ takenAt: 1, namespaces: [namespace('2', ['lmstorm'], [lo, ...links])] });
const changed = (l: ReturnType<typeof link>): TopologyEvent => ({ event: 'link.changed', payload: { namespace: '2', link: l } });

/** A LiveTopology whose snapshots are answered by the test, in order, and flushed by hand. */
function live() {
  const asked: ((s: Snapshot) => void)[] = [];
  const t = new LiveTopology({
    snapshot: () => new Promise<Result<Snapshot>>((res) => asked.push((value) => res({ ok: true, value }))),
    schedule: () => {},
    changed: () => {},
    loaded: () => {},
  });
  /** Answers the oldest snapshot request still open, and lets the page take it in. */
  const answer = async (s: Snapshot) => {
    asked.shift()!(s);
    await new Promise((r) => setTimeout(r, 0));
  };
  const names = () => t.state.namespaces.get('2')?.links.map((l) => l.name);
  return { t, asked, answer, names };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

describe('the page after a resync', () => {
  it('does not apply an event that arrived before the resync (in the same millisecond) on top of the snapshot the resync reads', async () => {
    const { t, answer, names } = live();
    void t.fetch();
    await answer(world(sw0));
    // The old socket's last event for sw0, then the kernel deleted sw0 while the core's socket
    // was overflowing (its removal never told), then the core said resync.
    t.event(changed({ ...sw0, mtu: 1400 }));
    void t.resync();
    await answer(world());
    t.flush();
    expect(names()).toEqual(['lo']);
    expect(t.settled).toBe(true);
  });

  it('applies an event that arrived after the snapshot was asked for on top of it', async () => {
    const { t, answer, names } = live();
    void t.fetch();
    await answer(world());
    void t.resync();
    t.event(changed(sw0)); // made while the core was reading: maybe not in the snapshot
    await answer(world());
    t.flush();
    expect(names()).toEqual(['lo', 'sw0']);
  });

  it('reads again after a resync told during a read, and applies only the events after the second read was asked for', async () => {
    const { t, asked, answer, names } = live();
    void t.fetch();
    await answer(world(sw0));
    void t.resync();
    t.event(changed({ ...sw0, mtu: 1400 })); // after the first resync, before the second
    void t.resync(); // sw0 deleted while the socket overflowed again
    expect(asked).toHaveLength(1); // one read at a time
    await answer(world(sw0));
    expect(asked).toHaveLength(1); // the second read, asked for after the first answered
    t.event(changed(link(6, 'sv0', { kind: 'veth' })));
    await answer(world());
    t.flush();
    expect(names()).toEqual(['lo', 'sv0']);
    expect([t.snapshots, t.resyncs]).toEqual([3, 2]);
  });
});
