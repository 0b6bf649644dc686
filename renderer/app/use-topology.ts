// The live topology in React: renderer/model/live-topology.ts holds it (a snapshot, events
// applied on top in the order they arrived, a re-fetch on resync); here it gets a frame to apply
// events in (a burst of a thousand events costs one render), and the keys of what just changed
// for the brief highlight.
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { topologyEventNames, type EventName } from '../../shared/contract';
import { LiveTopology } from '../model/live-topology';
import { emptyTopology, type TopologyEvent, type TopologyState } from '../model/topology-state';
import { api } from './api';

export type LoadState = { phase: 'loading' } | { phase: 'ready' } | { phase: 'error'; message: string };

const HIGHLIGHT_MS = 1600;
const topologyEvents = topologyEventNames.filter((e) => e !== 'resync');

export function useTopology() {
  const [state, setState] = useState<TopologyState>(emptyTopology);
  const [load, setLoad] = useState<LoadState>({ phase: 'loading' });
  const [recent, setRecent] = useState<ReadonlySet<string>>(new Set());
  const live = useRef<LiveTopology | null>(null);

  useEffect(() => {
    let alive = true;
    let frame = 0;
    const t = new LiveTopology({
      snapshot: () => api.snapshot({}),
      schedule: () => {
        frame ||= requestAnimationFrame(() => {
          frame = 0;
          // Rendered, committed and its effects run in this frame, before it is painted: React
          // Flow takes its nodes in an effect, which otherwise waited for a later task, often
          // after a paint (the interface was drawn one or more frames after its event was applied).
          flushSync(() => t.flush());
        });
      },
      // The state is applied in the model and set here from the one answer (never inside a React
      // state updater, which may run later, after we would read what it touched, or twice).
      changed: (next, touched) => {
        setState(next);
        if (!touched.length) return;
        setRecent((r) => new Set([...r, ...touched]));
        setTimeout(() => alive && setRecent((r) => new Set([...r].filter((k) => !touched.includes(k)))), HIGHLIGHT_MS);
      },
      loaded: (r) => setLoad(r.ok ? { phase: 'ready' } : { phase: 'error', message: r.message }),
    });
    live.current = t;
    const unsubs = topologyEvents.map((name: EventName) => api.subscribe(name, (payload) => t.event({ event: name, payload } as TopologyEvent)));
    unsubs.push(api.subscribe('resync', () => void t.resync()));
    // A helper that did not start says why (dismissed, not authorized, missing, what it wrote):
    // show it where the topology would be, with "Try again" (one new start per press).
    unsubs.push(
      api.subscribe('core.status', (s) => {
        if (s.state === 'running') void t.fetch();
        else if (s.state === 'failed' && s.message) setLoad({ phase: 'error', message: s.message });
      }),
    );
    void t.fetch();
    // Read-only test hook (e2e/live-model.e2e.test.ts compares it with `ip -json`): the model the
    // page draws from, as plain data, when it last changed (Date.now()), how many resyncs it was
    // told and snapshots it read, when the core read its last snapshot (takenAt), and whether
    // events or a snapshot are on their way.
    const hook = globalThis as { __netnsModel?: () => unknown };
    hook.__netnsModel = () => ({
      namespaces: [...t.state.namespaces.values()],
      takenAt: t.state.takenAt,
      changedAt: t.changedAt,
      snapshots: t.snapshots,
      resyncs: t.resyncs,
      settled: t.settled,
    });
    return () => {
      delete hook.__netnsModel;
      alive = false;
      t.close();
      unsubs.forEach((u) => u());
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  /** "Try again" after the helper failed to start: the host starts it once more, then we read. */
  const reload = async () => {
    setLoad({ phase: 'loading' });
    await api['host.retryCore']({});
    await live.current?.fetch();
  };
  return { state, load, recent, reload };
}
