// A namespace's forwarding (the picture's router mark), asked on a request socket inside it:
// equals the "all" lines of `ip -n NS -4 netconf show` and `ip -n NS -6 netconf show`. Reading
// net.ipv4.ip_forward and net.ipv6.conf.all.forwarding through /proc/sys instead (a setns there
// and back, two files) took more than all the dumps of a snapshot (docs/PERFORMANCE.md).
import * as c from '../netlink/constants';
import { decodeNetconf, getNetconfRequest } from '../netlink/netconf';
import type { RouteSocket } from '../netlink/socket';

export interface Forwarding {
  ipv4: boolean;
  ipv6: boolean;
}

/** Asked on sock (a request socket in the namespace). A kernel without IPv6 refuses that question: no IPv6 forwarding. */
export function forwardingOn(sock: RouteSocket): Forwarding {
  const ask = (family: 4 | 6) => sock.get('netconf.get', c.RTM_GETNETCONF, getNetconfRequest(family), decodeNetconf).forwarding === true;
  let ipv6 = false;
  try {
    ipv6 = ask(6);
  } catch {
    // IPv6 disabled: no net.ipv6 here at all
  }
  return { ipv4: ask(4), ipv6 };
}
