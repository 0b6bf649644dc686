// The byte and text formats the namespace code reads, checked on fixtures (no kernel needed).
import { describe, expect, it } from 'vitest';
import { decodeEvents, IN_CREATE, IN_DELETE } from '../sys/inotify';
import { decodeProcEvent, PROC_EVENT_EXEC, PROC_EVENT_EXIT, PROC_EVENT_FORK } from '../sys/proc-connector';
import { namedMountPoints } from './discover';

describe('mountinfo', () => {
  it('finds nsfs mounts directly under /run/netns with their inodes, undoing the octal escapes of their names', () => {
    const mountinfo = [
      '25 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
      '791 25 0:60 /netns /run/netns rw,relatime shared:5 - tmpfs tmpfs rw',
      '792 791 0:4 net:[4026532466] /run/netns/blue rw - nsfs nsfs rw',
      '793 791 0:4 net:[4026532535] /run/netns/with\\040space rw shared:7 - nsfs nsfs rw',
      '794 791 0:4 net:[4026532536] /run/netns/deeper/x rw - nsfs nsfs rw',
      '795 791 0:61 / /run/netns/notns rw - tmpfs tmpfs rw',
      '796 25 0:4 net:[4026532537] /var/run/other rw - nsfs nsfs rw',
      '797 791 0:4 mnt:[4026532538] /run/netns/notnet rw - nsfs nsfs rw',
      // mounted over again: the path now shows the later mount
      '798 792 0:4 net:[4026532600] /run/netns/blue rw - nsfs nsfs rw',
    ].join('\n');
    expect([...namedMountPoints(mountinfo)].sort()).toEqual([
      ['blue', '4026532600'],
      ['with space', '4026532535'],
    ]);
  });
});

describe('inotify events', () => {
  it('decodes struct inotify_event records with their padded names', () => {
    const rec = (wd: number, mask: number, name: string, len: number) => {
      const b = Buffer.alloc(16 + len);
      b.writeInt32LE(wd, 0);
      b.writeUInt32LE(mask, 4);
      b.writeUInt32LE(len, 12);
      b.write(name, 16);
      return b;
    };
    const buf = Buffer.concat([rec(1, IN_CREATE, 'blue', 16), rec(2, IN_DELETE, 'a-longer-name-x', 16), rec(1, 0x8000, '', 0)]);
    expect(decodeEvents(buf, buf.length)).toEqual([
      { wd: 1, mask: IN_CREATE, name: 'blue' },
      { wd: 2, mask: IN_DELETE, name: 'a-longer-name-x' },
      { wd: 1, mask: 0x8000, name: '' },
    ]);
  });
});

describe('proc connector events', () => {
  const msg = (what: number, ...data: number[]) => {
    const b = Buffer.alloc(16 + 20 + 16 + 24);
    b.writeUInt32LE(b.length, 0);
    b.writeUInt32LE(what, 36);
    data.forEach((v, i) => b.writeInt32LE(v, 52 + 4 * i));
    return b;
  };
  it('decodes fork (the child), exec and exit, telling threads from processes', () => {
    expect(decodeProcEvent(msg(PROC_EVENT_FORK, 100, 100, 200, 200), 76)).toEqual({ what: 'fork', pid: 200, thread: false });
    expect(decodeProcEvent(msg(PROC_EVENT_FORK, 100, 100, 201, 200), 76)).toEqual({ what: 'fork', pid: 200, thread: true });
    expect(decodeProcEvent(msg(PROC_EVENT_EXEC, 300, 300), 76)).toEqual({ what: 'exec', pid: 300, thread: false });
    expect(decodeProcEvent(msg(PROC_EVENT_EXIT, 301, 300, 0, 17), 76)).toEqual({ what: 'exit', pid: 300, thread: true });
    expect(decodeProcEvent(msg(0x40), 76)).toBeNull(); // PROC_EVENT_COMM: not used
    expect(decodeProcEvent(Buffer.alloc(20), 20)).toBeNull();
  });
});
