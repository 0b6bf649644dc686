// Addresses on interfaces, IPv4 and IPv6.
import { RTM_DELADDR, RTM_GETLINK, RTM_NEWADDR, NLM_F_CREATE, NLM_F_EXCL, IFLA_IFNAME, IFLA_EXT_MASK, RTEXT_FILTER_VF } from '../netlink/constants';
import { str, u32 } from '../netlink/attributes';
import { addressRequest } from '../netlink/address';
import { decodeLink, ifinfomsg } from '../netlink/link';
import { RouteSocket } from '../netlink/socket';
import { kernelError, notFound } from './errors';
import type { LinkRef } from './links';
import type { NsHandle } from './ns-handle';

function change(op: 'address.add' | 'address.delete', ns: NsHandle, ref: LinkRef, cidr: string): void {
  const sock = new RouteSocket({ nsFd: ns.fd, nsLabel: ns.label });
  try {
    let link: { ifindex: number; name: string };
    try {
      const attrs = [u32(IFLA_EXT_MASK, RTEXT_FILTER_VF), ...(typeof ref === 'string' ? [str(IFLA_IFNAME, ref)] : [])];
      link = sock.get('link.get', RTM_GETLINK, { fixed: ifinfomsg({ index: typeof ref === 'number' ? ref : 0 }), attrs }, decodeLink);
    } catch {
      throw notFound(`no interface ${typeof ref === 'number' ? `with index ${ref}` : `named ${ref}`} in ${ns.label}`);
    }
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
