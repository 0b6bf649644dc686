// From what the kernel says about a link to the model's Link: cross-namespace pointers become
// namespace ids, addresses join their link. One place, used by single reads and by dumpAll.
import type { Link, LinkPointer } from '../../../shared/model';
import type { RawLink } from '../netlink/link';

/** Maps an IFLA_LINK_NETNSID (null: the link's own namespace) to a namespace id, or null if unknown. */
export type NsidResolver = (nsid: number | null) => string | null;

export function toLink(raw: RawLink, resolve: NsidResolver, addresses: string[]): Link {
  let peer: LinkPointer | null = null;
  let parent: LinkPointer | null = null;
  if (raw.link !== null && raw.link > 0) {
    const pointer = { namespace: resolve(raw.linkNetnsid), ifindex: raw.link };
    if (raw.kind === 'veth') peer = pointer;
    else parent = pointer;
  }
  const link: Link = {
    ifindex: raw.ifindex,
    name: raw.name,
    kind: raw.kind,
    up: raw.up,
    operstate: raw.operstate,
    carrier: raw.carrier,
    mtu: raw.mtu,
    mac: raw.mac,
    master: raw.master,
    parent,
    peer,
    addresses,
  };
  if (Object.keys(raw.details).length > 0) link.details = raw.details;
  return link;
}
