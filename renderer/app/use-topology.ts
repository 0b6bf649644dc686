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
  const commit = (next: TopologyState) => {
    current.current = next;
    setState(next);
  };
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [recent, setRecent] = useState<ReadonlySet<string>>(new Set());
  // Each event with when it arrived: events older than the snapshot we hold are already in it.
  const queue = useRef<{ e: TopologyEvent; at: number }[]>([]);
  const frame = useRef(0);
  const fetching = useRef(false);

  useEffect(() => {
    let alive = true;
    const refetch = async () => {
      if (fetching.current) return;
      fetching.current = true;
      const r = await api.snapshot({});
      fetching.current = false;
      if (!alive) return;
      if (r.ok) {
        commit(fromSnapshot(r.value));
        setLoad({ phase: 'ready' });
      } else setLoad({ phase: 'error', message: r.error.message });
    };
    const flush = () => {
      frame.current = 0;
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
    unsubs.push(api.subscribe('resync', () => void refetch()));
    // A helper that did not start says why (dismissed, not authorized, missing, what it wrote):
    // show it where the topology would be, with "Try again" (one new start per press).
    unsubs.push(
      api.subscribe('core.status', (s) => {
        if (s.state === 'running') void refetch();
        else if (s.state === 'failed' && s.message) setLoad({ phase: 'error', message: s.message });
      }),
    );
    void refetch();
    return () => {
      alive = false;
      unsubs.forEach((u) => u());
      if (frame.current) cancelAnimationFrame(frame.current);
    };
  }, []);

  const reload = async () => {
    setLoad({ phase: 'loading' });
    const r = await api.snapshot({});
    if (r.ok) {
      commit(fromSnapshot(r.value));
      setLoad({ phase: 'ready' });
    } else setLoad({ phase: 'error', message: r.error.message });
  };
  return { state, load, recent, reload };
}
