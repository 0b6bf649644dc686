// Runs the incremental layout: decides what elk must compute, sends it to the worker, and folds
// the answer into the layout memory. Answers that arrive late are applied to the graph as it is
// then, so a burst of changes never leaves the picture behind. One request at a time: changes
// that come while one is out wait for its answer and are then planned against it (a first
// snapshot followed by a burst of events used to ask for ten whole-picture layouts at once).
import { useEffect, useRef, useState } from 'react';
import type { TopologyGraph } from './graph';
import { applyLayout, emptyMemory, planLayout, type LayoutMemory, type LayoutRequest, type LayoutResponse } from './layout-memory';

/**
 * The page's layout worker, started as the app's script runs rather than after its first render:
 * its script then loads while React draws the first snapshot, and the first layout request does
 * not wait for it (at 1000 namespaces the worker's file was only asked for after the first render,
 * 50-100 ms before the request). One for the page; the app is mounted once.
 */
let pageWorker: Worker | null = null;
const layoutWorker = () => (pageWorker ??= new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' }));
if (typeof Worker !== 'undefined') layoutWorker();

export function useLayout(graph: TopologyGraph, rearrangeToken: number) {
  const [memory, setMemory] = useState<LayoutMemory>(emptyMemory);
  const [busy, setBusy] = useState(false);
  const [lastMs, setLastMs] = useState(0);
  /** How many times elk ran: the benchmark checks that one interface's event does not add one. */
  const [runs, setRuns] = useState(0);
  const worker = useRef<Worker | null>(null);
  const pending = useRef(new Map<number, (r: LayoutResponse | Error) => void>());
  const seq = useRef(0);
  const memoryRef = useRef(memory);
  memoryRef.current = memory;
  const graphRef = useRef(graph);
  graphRef.current = graph;
  const lastToken = useRef(rearrangeToken);
  /** A request is out; the graph (or a re-arrange) changed meanwhile and must be planned after it. */
  const inFlight = useRef(false);
  const stale = useRef(false);
  const fullPending = useRef(false);
  const [answered, setAnswered] = useState(0);

  useEffect(() => {
    const w = layoutWorker();
    w.onmessage = (e: MessageEvent<{ id: number; response?: LayoutResponse; error?: string }>) => {
      const done = pending.current.get(e.data.id);
      pending.current.delete(e.data.id);
      done?.(e.data.response ?? new Error(e.data.error ?? 'layout failed'));
    };
    worker.current = w;
    return () => {
      w.onmessage = null;
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    if (lastToken.current !== rearrangeToken) fullPending.current = true;
    lastToken.current = rearrangeToken;
    if (inFlight.current) {
      stale.current = true;
      return;
    }
    stale.current = false;
    const full = fullPending.current;
    fullPending.current = false;
    if (graph.groups.length === 0) {
      setMemory(emptyMemory());
      return;
    }
    const request: LayoutRequest = planLayout(full ? emptyMemory() : memoryRef.current, graph, full);
    if (request.groups.length === 0 && !request.top) {
      // Nothing new to lay out: keep every position, fill new interfaces into free cells. Most
      // events change no place: then no state is set, and the window is not rendered once more.
      const base = memoryRef.current;
      const next = applyLayout(base, graph, { interiors: {} });
      if (next !== base) setMemory((m) => (m === base ? next : applyLayout(m, graph, { interiors: {} })));
      return;
    }
    const w = worker.current;
    if (!w) return;
    const id = ++seq.current;
    const started = performance.now();
    setBusy(true);
    inFlight.current = true;
    pending.current.set(id, (r) => {
      inFlight.current = false;
      setBusy(pending.current.size > 0);
      // Whatever changed meanwhile is planned on the next render, against this answer.
      if (stale.current) setAnswered((n) => n + 1);
      if (r instanceof Error) return;
      setLastMs(Math.round(performance.now() - started));
      setRuns((n) => n + 1);
      // A full layout replaces the memory; an incremental one joins what we hold now.
      setMemory((m) => applyLayout(r.top ? emptyMemory() : m, graphRef.current, r));
    });
    w.postMessage({ id, request });
  }, [graph, rearrangeToken, answered]);

  return { memory, setMemory, busy, lastMs, runs };
}
