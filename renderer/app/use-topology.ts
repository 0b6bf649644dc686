// The live topology: a snapshot, then events applied in batches once per frame (a burst of a
// thousand events costs one render), a re-fetch on resync, and the keys of what just changed
// for the brief highlight.
import { useEffect, useRef, useState } from 'react';
import { coreEventNames, type EventName } from '../../shared/contract';
import { applyEvents, emptyTopology, fromSnapshot, type TopologyEvent, type TopologyState } from '../model/topology-state';
import { api } from './api';

export type LoadState = { phase: 'loading' } | { phase: 'ready' } | { phase: 'error'; message: string };

const HIGHLIGHT_MS = 1600;
const topologyEvents = coreEventNames.filter((e) => !e.startsWith('terminal.') && e !== 'resync');

export function useTopology() {
  const [state, setState] = useState<TopologyState>(emptyTopology);
  // The state as last set, so a batch is applied to it here and not inside a setState updater
  // (React may run an updater later, after we would read what it touched, or twice).
  const current = useRef<TopologyState>(emptyTopology);
  const changedAt = useRef(0);
  const commit = (next: TopologyState) => {
    current.current = next;
    changedAt.current = Date.now();
    setState(next);
  };
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [recent, setRecent] = useState<ReadonlySet<string>>(new Set());
  // Each event with when it arrived: events older than the snapshot we hold are already in it.
  const queue = useRef<{ e: TopologyEvent; at: number }[]>([]);
  const frame = useRef(0);
  // A snapshot in flight, and whether another was asked for meanwhile (a resync during a fetch:
  // the answer on its way may have been read before the events that were lost).
  const fetching = useRef(false);
  const again = useRef(false);
  const snapshots = useRef(0);
  const resyncs = useRef(0);
  const refetch = useRef<(lost?: boolean) => Promise<void>>(async () => {});

  useEffect(() => {
    let alive = true;
    // lost: events were lost (resync), so a snapshot already on its way may be too old: ask again
    // after it. Other askers (the first load, the helper running again) share the one in flight.
    refetch.current = async (lost = false) => {
      if (fetching.current) {
        if (lost) again.current = true;
        return;
      }
      fetching.current = true;
      try {
        do {
          again.current = false;
          // Events that arrive from now on stay queued (flush waits) and are applied on top of
          // the answer: a namespace read early in the snapshot may change before it is done.
          const askedAt = Date.now();
          const r = await api.snapshot({});
          if (!alive) return;
          if (r.ok) {
            snapshots.current++;
            commit(fromSnapshot(r.value, askedAt));
            setLoad({ phase: 'ready' });
          } else {
            setLoad({ phase: 'error', message: r.error.message });
            break; // asking again is the user's ("Try again"): a failed start is not retried in a loop
          }
        } while (again.current);
      } finally {
        fetching.current = false;
      }
      if (queue.current.length && !frame.current) frame.current = requestAnimationFrame(flush);
    };
    const flush = () => {
      frame.current = 0;
      if (fetching.current) return; // applied when the snapshot is in (refetch)
      const events = queue.current;
      queue.current = [];
      const { state: next, touched } = applyEvents(current.current, events);
      if (next !== current.current) commit(next);
      if (touched.length) {
        setRecent((r) => new Set([...r, ...touched]));
        setTimeout(() => alive && setRecent((r) => new Set([...r].filter((k) => !touched.includes(k)))), HIGHLIGHT_MS);
      }
    };
    const unsubs = topologyEvents.map((name: EventName) =>
      api.subscribe(name, (payload) => {
        queue.current.push({ e: { event: name, payload } as TopologyEvent, at: Date.now() });
        if (!frame.current) frame.current = requestAnimationFrame(flush);
      }),
    );
    unsubs.push(
      api.subscribe('resync', () => {
        resyncs.current++;
        void refetch.current(true);
      }),
    );
    // A helper that did not start says why (dismissed, not authorized, missing, what it wrote):
    // show it where the topology would be, with "Try again" (one new start per press).
    unsubs.push(
      api.subscribe('core.status', (s) => {
        if (s.state === 'running') void refetch.current();
        else if (s.state === 'failed' && s.message) setLoad({ phase: 'error', message: s.message });
      }),
    );
    void refetch.current();
    // Read-only test hook (e2e/live-model.e2e.test.ts compares it with `ip -json`): the model the
    // page draws from, as plain data, when it last changed (Date.now()), how many resyncs it was
    // told and snapshots it read, and whether events or a snapshot are on their way.
    const hook = globalThis as { __netnsModel?: () => unknown };
    hook.__netnsModel = () => ({
      namespaces: [...current.current.namespaces.values()],
      changedAt: changedAt.current,
      snapshots: snapshots.current,
      resyncs: resyncs.current,
      settled: !fetching.current && queue.current.length === 0,
    });
    return () => {
      delete hook.__netnsModel;
      alive = false;
      unsubs.forEach((u) => u());
      if (frame.current) cancelAnimationFrame(frame.current);
    };
  }, []);

  /** "Try again" after the helper failed to start: the host starts it once more, then we read. */
  const reload = async () => {
    setLoad({ phase: 'loading' });
    await api['host.retryCore']({});
    await refetch.current();
  };
  return { state, load, recent, reload };
}
