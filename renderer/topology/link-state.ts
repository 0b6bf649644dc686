// The two states of an interface, in the same words everywhere (picture, details, legend):
// the admin state is what you set (ip link set dev X up|down); the link state is what the link
// does (the kernel's operational state, with the carrier).

import type { Link } from '../../shared/model';

export type Dot = 'up' | 'nocarrier' | 'down';

/** The dot's colour: green up with carrier, amber up without carrier, red set down. */
export const dotOf = (l: Pick<Link, 'up' | 'carrier'>): Dot => (!l.up ? 'down' : l.carrier ? 'up' : 'nocarrier');

export const adminState = (l: Pick<Link, 'up'>): string => (l.up ? 'up' : 'down');

/**
 * The link state in words: "up", "down", "no carrier", "unknown" (lo and tun report no state of
 * their own), or the kernel's word for the rarer ones (dormant, lowerlayerdown...).
 */
export function linkState(l: Pick<Link, 'up' | 'carrier' | 'operstate'>): string {
  const op = l.operstate.toLowerCase();
  if (!l.up) return 'down';
  if (!l.carrier) return 'no carrier';
  return op;
}

/** What the dot says, for a tooltip or a screen reader: both states when they differ. */
export function stateSummary(l: Pick<Link, 'up' | 'carrier' | 'operstate'>): string {
  const link = linkState(l);
  return l.up ? `admin up, link ${link}` : 'admin down';
}

/** A dot read aloud: the link state first, then the admin state ("no carrier (admin up)"). */
export const dotLabel = (l: Pick<Link, 'up' | 'carrier' | 'operstate'>): string => `${linkState(l)} (admin ${adminState(l)})`;

/** Why the link is not up though it is set up, in a sentence (null when there is nothing to explain). */
export function stateExplanation(l: Pick<Link, 'up' | 'carrier' | 'operstate' | 'kind'>): string | null {
  if (!l.up) return null;
  if (!l.carrier) {
    if (l.kind === 'veth') return 'Set up, but its peer is down (or gone): no carrier.';
    if (l.kind === 'bridge') return 'Set up, but no port of the bridge is up: no carrier.';
    return 'Set up, but the link has no carrier (nothing at the other end is up).';
  }
  return null;
}
