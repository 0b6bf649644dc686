// The guard's decision, pure: does this call, in the core's own namespace, take away the
// interface that carries the default route (IPv4 or IPv6) or the one this page is served over?
// If so, the risk in words and the field it comes from. Only the core's own namespace counts:
// it is the host's, the one whose network the administrator reaches this machine through.
import type { Link, Route } from '../../../shared/model';
import { formatIp, parseCidr, parseIp } from '../../../shared/ip';
import type { GuardedMethod } from '../../../shared/guard';

export interface GuardedCall {
  method: GuardedMethod;
  /** The parsed input (the contract's shape); only the fields below are read. */
  input: { link: string | number; up?: boolean; address?: string; to?: string };
}

export interface Risk {
  /** The interface at risk. */
  ifindex: number;
  link: string;
  /** The risk in words, for the confirmation dialog. */
  sentence: string;
  /** The input field that makes the change risky ("input.up", "input.link"...). */
  field: string;
  /** False for a deletion: a deleted interface cannot be made again by us. */
  canRollBack: boolean;
}

/** The canonical text of an address (RFC 5952), an IPv4-mapped IPv6 one as plain IPv4. */
export function canonicalIp(text: string): string | null {
  const t = text.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').replace(/%.*$/, '');
  const ip = parseIp(t);
  return ip ? formatIp(ip.bytes) : null;
}

const isLoopbackIp = (ip: string) => ip === '::1' || ip.startsWith('127.');

/** What carries what: the links of the default routes, and the link holding the serving address. */
function carriers(links: Link[], routes: Route[], servedVia: string | undefined) {
  const defaults = new Map<number, (4 | 6)[]>();
  for (const r of routes) {
    if (r.destination !== 'default' || r.ifindex === null || r.type !== 'unicast') continue;
    const fams = defaults.get(r.ifindex) ?? [];
    if (!fams.includes(r.family)) fams.push(r.family);
    defaults.set(r.ifindex, fams);
  }
  let serving: { ifindex: number; address: string } | null = null;
  const via = servedVia ? canonicalIp(servedVia) : null;
  if (via) {
    const holder = isLoopbackIp(via)
      ? links.find((l) => l.kind === 'loopback')
      : links.find((l) => l.addresses.some((a) => canonicalIp(a.split('/')[0]!) === via));
    if (holder) serving = { ifindex: holder.ifindex, address: via };
  }
  return { defaults, serving };
}

/** The link an input names, by index or name. */
const linkOf = (links: Link[], ref: string | number) => links.find((l) => (typeof ref === 'number' ? l.ifindex === ref : l.name === ref));

/**
 * The risk of a call in the core's own namespace (links and routes as dumped there), or null
 * when the call takes nothing away from the default route or the page's connection.
 */
export function assessRisk(call: GuardedCall, links: Link[], routes: Route[], servedVia?: string): Risk | null {
  const link = linkOf(links, call.input.link);
  if (!link) return null; // the call fails on its own with "not found"
  let action: string;
  let field: string;
  let canRollBack = true;
  switch (call.method) {
    case 'link.set':
      if (call.input.up !== false || !link.up) return null;
      action = 'taking it down';
      field = 'input.up';
      break;
    case 'link.move':
      action = 'moving it to another namespace';
      field = 'input.to';
      break;
    case 'link.delete':
      action = 'deleting it (this cannot be rolled back)';
      field = 'input.link';
      canRollBack = false;
      break;
    case 'address.delete': {
      const gone = call.input.address ? parseCidr(call.input.address) : null;
      const has = gone && link.addresses.some((a) => {
        const p = parseCidr(a);
        return p !== null && p.prefix === gone.prefix && formatIp(p.bytes) === formatIp(gone.bytes);
      });
      if (!has) return null;
      action = `removing ${call.input.address} from it`;
      field = 'input.address';
      break;
    }
  }
  const { defaults, serving } = carriers(links, routes, servedVia);
  const what: string[] = [];
  const fams = defaults.get(link.ifindex);
  if (fams) what.push(fams.length === 2 ? 'the default routes (IPv4 and IPv6)' : fams[0] === 6 ? 'the IPv6 default route' : 'the default route');
  if (serving?.ifindex === link.ifindex) what.push(`this page's connection (${serving.address})`);
  if (what.length === 0) return null;
  const sentence = `${link.name} carries ${what.join(' and ')}; ${action} may cut this machine off the network and end this session`;
  return { ifindex: link.ifindex, link: link.name, sentence, field, canRollBack };
}
