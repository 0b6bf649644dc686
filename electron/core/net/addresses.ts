// Addresses on interfaces, IPv4 and IPv6.
import { RTM_DELADDR, RTM_NEWADDR, NLM_F_CREATE, NLM_F_EXCL } from '../netlink/constants';
import { addressRequest } from '../netlink/address';
import { RouteSocket } from '../netlink/socket';
import { kernelError } from './errors';
import { linkOf, type LinkRef } from './links';
import type { NsHandle } from './ns-handle';

function change(op: 'address.add' | 'address.delete', ns: NsHandle, ref: LinkRef, cidr: string): void {
  const sock = new RouteSocket({ nsFd: ns.fd, nsLabel: ns.label });
  try {
    const link = linkOf(sock, ref, ns);
    try {
      if (op === 'address.add') sock.request(op, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, addressRequest(cidr, link.ifindex));
      else sock.request(op, RTM_DELADDR, 0, addressRequest(cidr, link.ifindex));
    } catch (e) {
      throw kernelError(e, op, { what: 'address', address: cidr, link: link.name, ns: ns.label });
    }
  } finally {
    sock.close();
  }
}

/** Adds an address. Equals `ip -n NS addr add CIDR dev IF`. */
export const addAddress = (ns: NsHandle, ref: LinkRef, cidr: string): void => change('address.add', ns, ref, cidr);

/** Removes an address. Equals `ip -n NS addr del CIDR dev IF`. */
export const deleteAddress = (ns: NsHandle, ref: LinkRef, cidr: string): void => change('address.delete', ns, ref, cidr);
