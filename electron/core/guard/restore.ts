// What the guard records before a risky change, and the steps that bring it back, pure: the
// executing half lives in guard.ts. Only what the change can take away is recorded: the link's
// up/down state and addresses, and the routes of the namespace that go out through it (the kernel
// flushes those when the link goes down, loses its last address or leaves the namespace).
import type { Link, Route } from '../../../shared/model';

export interface PreviousState {
  ifindex: number;
  name: string;
  up: boolean;
  addresses: string[];
  /** Main-table routes through the link that the kernel does not make by itself. */
  routes: Route[];
}

export type RestoreStep =
  | { kind: 'up' }
  | { kind: 'address'; cidr: string }
  | { kind: 'route'; destination: string; gateway?: string; metric?: number };

/** IPv6 link-local addresses come back by themselves when the link comes up. */
const isLinkLocal6 = (cidr: string) => /^fe[89ab][0-9a-f]:/i.test(cidr);
/** Routes the kernel makes from addresses (proto kernel) come back with the addresses. */
const restorable = (r: Route, ifindex: number) => r.ifindex === ifindex && r.table === 254 && r.protocol !== 'kernel' && r.type === 'unicast';
const routeKey = (r: Route) => `${r.family} ${r.destination} ${r.gateway ?? ''} ${r.metric ?? 0}`;

/** The state worth restoring of `link`, from a dump of its namespace. */
export function captureState(link: Link, routes: Route[]): PreviousState {
  return {
    ifindex: link.ifindex,
    name: link.name,
    up: link.up,
    addresses: [...link.addresses],
    routes: routes.filter((r) => restorable(r, link.ifindex)),
  };
}

/**
 * What to do to bring `prev` back, given the link as it is now (back in its namespace) and the
 * namespace's routes now: up first, then the missing addresses, then the missing routes (a
 * gateway needs its subnet's address).
 */
export function restoreSteps(prev: PreviousState, now: Link, routesNow: Route[]): RestoreStep[] {
  const steps: RestoreStep[] = [];
  if (prev.up && !now.up) steps.push({ kind: 'up' });
  for (const cidr of prev.addresses) {
    if (!now.addresses.includes(cidr) && !isLinkLocal6(cidr)) steps.push({ kind: 'address', cidr });
  }
  const have = new Set(routesNow.filter((r) => r.ifindex === now.ifindex).map(routeKey));
  for (const r of prev.routes) {
    if (have.has(routeKey(r))) continue;
    steps.push({
      kind: 'route',
      // "default" alone means IPv4 to the route request: an IPv6 default is ::/0.
      destination: r.destination === 'default' && r.family === 6 ? '::/0' : r.destination,
      ...(r.gateway !== null ? { gateway: r.gateway } : {}),
      ...(r.metric !== null && r.metric !== 0 ? { metric: r.metric } : {}),
    });
  }
  return steps;
}

/** The steps in words, for the activity log ("up again, 1 address and 2 routes restored"). */
export function describeSteps(name: string, steps: RestoreStep[], moved: boolean): string {
  const n = (kind: RestoreStep['kind']) => steps.filter((s) => s.kind === kind).length;
  const parts: string[] = [];
  if (moved) parts.push('moved back');
  if (n('up')) parts.push('up again');
  const a = n('address');
  const r = n('route');
  if (a || r) parts.push(`${[a && `${a} address${a > 1 ? 'es' : ''}`, r && `${r} route${r > 1 ? 's' : ''}`].filter(Boolean).join(' and ')} restored`);
  return parts.length ? `${name} ${parts.join(', ')}` : `${name} needed nothing restored`;
}
