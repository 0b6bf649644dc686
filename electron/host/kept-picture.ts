// The picture a warm host read at start, kept current until the first page asks for a snapshot,
// which then gets it at once instead of waiting for the core to read every namespace again. At
// 1000 namespaces that read took 0.3 s on a quiet machine and over a second while the page and
// Chromium start beside it (docs/PERFORMANCE.md, "The first picture from the picture kept at
// start"); the page's first picture waited for it.
//
// It is the warm-up snapshot with the core's events since it was asked for applied the way the
// page applies them (shared/topology.ts), so it is what a snapshot read now would say, as long as:
// - every event since reached us: a resync, or the helper stopping or starting again, drops it;
// - no namespace appeared: events tell a namespace's owner from /proc only, a snapshot also asks
//   the container engines for its name (electron/core/owners), so a new one drops it;
// - not too much changed: more than MAX_EVENTS events waiting drop it (a page reads its own).
// It is given once, then dropped: a later page asks the core, which reads the kernel.
import { topologyEventNames, type EventName } from '../../shared/contract';
import type { Snapshot } from '../../shared/model';
import type { Result } from '../../shared/result';
import { applyEvents, fromSnapshot, type TopologyEvent } from '../../shared/topology';

/** Events kept for the picture at most; past that a page's own snapshot costs less than applying them. */
export const MAX_EVENTS = 10_000;

/** The live picture's events (what shared/topology.ts applies; the rest it passes over). */
const TOPOLOGY_EVENTS = new Set(topologyEventNames);

export class KeptPicture {
  /** The warm-up snapshot, on its way or read (null: not asked, or could not be read). */
  private base: Promise<Snapshot | null> | null = null;
  /** Topology events since the snapshot was asked for, in order of arrival. */
  private events: TopologyEvent[] = [];
  private dropped = false;

  /** Whether it may still be given (asked for, not dropped, not given yet). */
  get usable(): boolean {
    return this.base !== null && !this.dropped;
  }

  /**
   * Asks for the snapshot through read (the host's checked call to the core). Events from now
   * on are kept: the core may read a namespace before one of them and another after it, and
   * they are applied on top, as the page does with a snapshot in flight.
   */
  read(read: () => Promise<Result<Snapshot>>): Promise<Snapshot | null> {
    this.base = read().then((r) => {
      if (!r.ok) this.drop();
      return r.ok ? r.value : null;
    });
    return this.base;
  }

  /** A core event, already checked against the contract. */
  event(event: EventName, payload: unknown): void {
    if (!this.usable) return;
    if (event === 'resync' || event === 'namespace.added' || this.events.length >= MAX_EVENTS) return this.drop();
    if (TOPOLOGY_EVENTS.has(event)) this.events.push({ event, payload } as TopologyEvent);
  }

  /** The helper stopped, failed or started again: events may have been lost. */
  drop(): void {
    this.dropped = true;
    this.events = [];
  }

  /**
   * The picture as of now, once (null when it cannot be given: the caller asks the core). Waits
   * for the warm-up snapshot if it is still on its way: that is sooner than asking for another.
   */
  async take(): Promise<Snapshot | null> {
    if (!this.usable) return null;
    const base = await this.base;
    if (!base || this.dropped) return null;
    const events = this.events;
    this.drop(); // given once
    const { state } = applyEvents(fromSnapshot(base), events.map((e, i) => ({ e, seq: i + 1 })));
    // Events for a namespace it does not hold would be lost with it: let the core read instead.
    if (state.waiting.size) return null;
    return { namespaces: [...state.namespaces.values()], takenAt: base.takenAt };
  }
}
