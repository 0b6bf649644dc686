// The request socket against the real kernel: a request that is never answered ends in an error.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, freshNamespace, inSandbox } from '../net/test/kernel-fixture';
import * as c from './constants';
import { decodeLink, ifinfomsg } from './link';
import { NetlinkError, RouteSocket } from './socket';

describe.skipIf(!inSandbox)('the netlink request socket against the real kernel', () => {
  afterAll(cleanup);

  it('gives up with a clear error when no answer comes, instead of blocking for ever', () => {
    const a = freshNamespace('to');
    const sock = new RouteSocket({ nsFd: a.fd, nsLabel: a.label, receiveTimeoutMs: 200 });
    try {
      // RTM_NEWLINK without NLM_F_ACK: the kernel does it (lo goes up) and answers nothing at all.
      let err: unknown;
      try {
        sock.get('link.set', c.RTM_NEWLINK, { fixed: ifinfomsg({ index: 1, flags: c.IFF_UP, change: c.IFF_UP }) }, decodeLink);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NetlinkError);
      expect((err as NetlinkError).message).toMatch(/^link\.set \(kernel: no answer from the kernel within 200 ms\): .* \(EAGAIN\)$/);
    } finally {
      sock.close();
    }
  });
});
