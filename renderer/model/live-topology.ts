// The page's live topology without React: a snapshot, the events applied on top of it in the
// order they arrived, and a new snapshot when the core says events were lost (resync). The hook
// (renderer/app/use-topology.ts) gives it a frame to flush in and renders what it commits.
import type { Result } from '../../shared/result';
import type { Snapshot } from '../../shared/model';
import { applyEvents, emptyTopology, fromSnapshot, type TopologyEvent, type TopologyState } from './topology-state';

export interface LiveTopologyOptions {
  /** Reads the whole topology (the core's `snapshot`). */
  snapshot: () => Promise<Result<Snapshot>>;
  /** Asks for flush() soon (the next frame: a burst of a thousand events costs one render). */
  schedule: () => void;
  /** The state changed; `touched`: the node keys events changed (for the brief highlight). */
  changed: (state: TopologyState, touched: string[]) => void;
  /** A snapshot was read, or could not be (its words). */
  loaded: (r: { ok: true } | { ok: false; message: string }) => void;
}

export class LiveTopology {
  state: TopologyState = emptyTopology;
  /** When the state last changed (Date.now()), how many snapshots were read and resyncs told. */
  changedAt = 0;
  snapshots = 0;
  resyncs = 0;
  /** Events not applied yet, each numbered in order of arrival (see fetch), and how many came. */
  private queue: { e: TopologyEvent; seq: number }[] = [];
  private arrived = 0;
  /** A snapshot in flight, and whether another was asked for meanwhile (lost events). */
  private fetching = false;
  private again = false;
  private closed = false;

  constructor(private readonly o: LiveTopologyOptions) {}

  /** A live event as it arrives: queued, applied at the next flush. */
  event(e: TopologyEvent): void {
    this.queue.push({ e, seq: ++this.arrived });
    this.o.schedule();
  }

  /** The core lost events: read everything again (after the snapshot on its way, if one is). */
  resync(): Promise<void> {
    this.resyncs++;
    return this.fetch(true);
  }

  /**
   * Reads a snapshot. `lost`: events were lost, so a snapshot already on its way may be too old:
   * ask again after it. Other askers (the first load, the helper running again) share the one in
   * flight.
   */
  async fetch(lost = false): Promise<void> {
    if (this.fetching) {
      if (lost) this.again = true;
      return;
    }
    this.fetching = true;
    try {
      do {
        this.again = false;
        // Events that arrive from now on stay queued (flush waits) and are applied on top of the
        // answer: a namespace read early in the snapshot may change before it is done. Those that
        // came before are skipped: counted, not timed (a burst and the resync after it arrive
        // within one millisecond, and an old event applied on top brought back a veth the kernel
        // had deleted while the core's socket overflowed: live-topology.test.ts).
        const since = this.arrived + 1;
        const r = await this.o.snapshot();
        if (this.closed) return;
        if (r.ok) {
          this.snapshots++;
          this.commit(fromSnapshot(r.value, since), []);
          this.o.loaded({ ok: true });
        } else {
          this.o.loaded({ ok: false, message: r.error.message });
          break; // asking again is the user's ("Try again"): a failed start is not retried in a loop
        }
      } while (this.again);
    } finally {
      this.fetching = false;
    }
    if (this.queue.length) this.o.schedule();
  }

  /** Applies the queued events (none while a snapshot is on its way: they go on top of it). */
  flush(): void {
    if (this.fetching || this.closed) return;
    const events = this.queue;
    this.queue = [];
    const { state, touched } = applyEvents(this.state, events);
    if (state !== this.state) this.commit(state, touched);
  }

  /** Nothing on its way: no snapshot in flight, no event waiting for a flush. */
  get settled(): boolean {
    return !this.fetching && this.queue.length === 0;
  }

  close(): void {
    this.closed = true;
  }

  private commit(state: TopologyState, touched: string[]): void {
    this.state = state;
    this.changedAt = Date.now();
    this.o.changed(state, touched);
  }
}
