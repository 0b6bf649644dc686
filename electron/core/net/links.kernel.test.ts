import { afterAll, describe, expect, it } from 'vitest';
import { addAddress } from './addresses';
import { addBridge, addMacvlan, addVeth, addVxlan, deleteLink, moveLink, readLink, setLink } from './links';
import { addRoute } from './routes';
import { StudioError } from '../../../shared/result';
import { methods } from '../../../shared/contract';
import { cleanup, freshNamespace, inSandbox, ip, ipRefusal, ipLinks, ownNamespace } from './test/kernel-fixture';

describe.skipIf(!inSandbox)('links against the real kernel', () => {
  afterAll(cleanup);

  it('creates a veth pair with each end in another namespace, as ip sees it', () => {
    const a = freshNamespace('va');
    const b = freshNamespace('vb');
    const { link, peer } = addVeth(a, 'v0', b, 'v1');
    const ipA = ipLinks(a.name).find((l) => l.ifname === 'v0')!;
    const ipB = ipLinks(b.name).find((l) => l.ifname === 'v1')!;
    expect(link).toMatchObject({ name: 'v0', kind: 'veth', ifindex: ipA.ifindex, mtu: ipA.mtu, mac: ipA.address, up: false });
    expect(peer).toMatchObject({ name: 'v1', kind: 'veth', ifindex: ipB.ifindex, mac: ipB.address });
    expect(link.peer).toEqual({ namespace: b.id, ifindex: ipB.ifindex });
    expect(peer.peer).toEqual({ namespace: a.id, ifindex: ipA.ifindex });
  });

  it('refuses a veth whose name is taken, in words, and creates nothing', () => {
    const a = freshNamespace('ve');
    const b = freshNamespace('vf');
    ip('-n', a.name, 'link', 'add', 'taken', 'type', 'veth', 'peer', 'name', 'takenp');
    const before = ipLinks(b.name).length;
    let err: unknown;
    try {
      addVeth(a, 'taken', b, 'other');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).info).toMatchObject({ code: 'exists', errno: 'EEXIST' });
    expect((err as StudioError).message).toContain(`an interface named taken already exists in namespace ${a.name}`);
    expect(ipLinks(b.name)).toHaveLength(before);
  });

  it("names the peer when the peer's name is taken in the peer's namespace, and creates nothing", () => {
    const a = freshNamespace('pa');
    const b = freshNamespace('pb');
    ip('-n', b.name, 'link', 'add', 'taken', 'type', 'veth', 'peer', 'name', 'takenp');
    const before = { a: ipLinks(a.name).length, b: ipLinks(b.name).length };
    let err: unknown;
    try {
      addVeth(a, 'free', b, 'taken');
    } catch (e) {
      err = e;
    }
    expect((err as StudioError).info).toMatchObject({ code: 'exists', errno: 'EEXIST' });
    expect((err as StudioError).message).toContain(`an interface named taken already exists in namespace ${b.name}`);
    expect((err as StudioError).message).not.toContain('free');
    expect({ a: ipLinks(a.name).length, b: ipLinks(b.name).length }).toEqual(before);
  });

  it('says "no interface" only when the kernel says ENODEV, for every operation that names one', () => {
    const a = freshNamespace('lk');
    // 16 bytes: the kernel refuses the lookup itself (the name is too long), which is not "none".
    const tooLong = 'x'.repeat(16);
    for (const run of [() => addAddress(a, tooLong, '10.1.0.1/24'), () => addRoute(a, { destination: '10.2.0.0/24', link: tooLong }), () => deleteLink(a, tooLong)]) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StudioError);
      expect((err as StudioError).info.code).not.toBe('not-found');
      expect((err as StudioError).message).not.toContain('no interface');
    }
    expect(() => addAddress(a, 'nope', '10.1.0.1/24')).toThrow(`no interface named nope in namespace ${a.name}`);
    expect(() => addRoute(a, { destination: '10.2.0.0/24', link: 'nope' })).toThrow(`no interface named nope in namespace ${a.name}`);
    expect(() => addAddress(a, 999, '10.1.0.1/24')).toThrow(`no interface with index 999 in namespace ${a.name}`);
  });

  it('creates a bridge, enslaves a veth end, then releases it (master/nomaster)', () => {
    const a = freshNamespace('br');
    const br = addBridge(a, 'br0');
    expect(br.kind).toBe('bridge');
    addVeth(a, 'p0', a, 'p1');
    const port = setLink(a, 'p0', { master: 'br0' });
    expect(port.master).toBe(br.ifindex);
    expect(ipLinks(a.name).find((l) => l.ifname === 'p0')!.master).toBe('br0');
    expect(setLink(a, 'p0', { master: null }).master).toBeNull();
    expect(ipLinks(a.name).find((l) => l.ifname === 'p0')!.master).toBeUndefined();
  });

  it('says so when the master is not a bridge', () => {
    const a = freshNamespace('nb');
    addVeth(a, 'q0', a, 'q1');
    expect(() => setLink(a, 'q0', { master: 'q1' })).toThrow(`interface q1 in namespace ${a.name} is not a bridge`);
  });

  it('sets up/down, MTU and name, as ip reports them', () => {
    const a = freshNamespace('st');
    addVeth(a, 's0', a, 's1');
    const l = setLink(a, 's0', { up: true, mtu: 1400, name: 'renamed' });
    const seen = ipLinks(a.name).find((x) => x.ifname === 'renamed')!;
    expect(l).toMatchObject({ name: 'renamed', mtu: 1400, up: true });
    expect(seen.mtu).toBe(1400);
    expect(seen.flags).toContain('UP');
    expect(setLink(a, 'renamed', { up: false }).up).toBe(false);
    expect(ipLinks(a.name).find((x) => x.ifname === 'renamed')!.flags).not.toContain('UP');
  });

  it('creates a macvlan in one namespace on a parent in another', () => {
    const a = freshNamespace('mp');
    const b = freshNamespace('mv');
    ip('-n', a.name, 'link', 'add', 'parent0', 'type', 'veth', 'peer', 'name', 'parent0p');
    const parentIndex = ipLinks(a.name).find((l) => l.ifname === 'parent0')!.ifindex;
    const mv = addMacvlan(b, 'mv0', a, 'parent0', 'bridge');
    const seen = ipLinks(b.name).find((l) => l.ifname === 'mv0')!;
    expect(seen.linkinfo?.info_kind).toBe('macvlan');
    expect(seen.linkinfo?.info_data?.mode).toBe('bridge');
    expect(mv).toMatchObject({ kind: 'macvlan', ifindex: seen.ifindex, details: { mode: 'bridge' } });
    expect(mv.parent).toEqual({ namespace: a.id, ifindex: parentIndex });
  });

  it('creates a vxlan with id, remote, local, device and port as ip shows them', () => {
    const a = freshNamespace('vx');
    ip('-n', a.name, 'link', 'add', 'under0', 'type', 'veth', 'peer', 'name', 'under0p');
    ip('-n', a.name, 'addr', 'add', '192.0.2.1/24', 'dev', 'under0');
    const vx = addVxlan(a, 'vx0', { vni: 42, remote: '192.0.2.2', local: '192.0.2.1', dev: 'under0', port: 4789 });
    const seen = ipLinks(a.name).find((l) => l.ifname === 'vx0')!;
    expect(seen.linkinfo?.info_data).toMatchObject({ id: 42, remote: '192.0.2.2', local: '192.0.2.1', port: 4789 });
    expect(vx.details).toMatchObject({ id: 42, remote: '192.0.2.2', local: '192.0.2.1', port: 4789 });
  });

  it('refuses a VXLAN group that is not multicast and a remote that is, as ip link add does', () => {
    const a = freshNamespace('vg');
    const field = (input: object): unknown => {
      const r = methods['link.addVxlan'].input.safeParse({ namespace: a.name, name: 'vx9', vni: 9, ...input });
      return r.success ? null : r.error.issues[0]?.path.join('.');
    };
    expect(ipRefusal('-n', a.name, 'link', 'add', 'vx9', 'type', 'vxlan', 'id', '9', 'group', '10.0.0.1', 'dstport', '4789')).toMatch(/invalid group address/);
    expect(field({ group: '10.0.0.1' })).toBe('group');
    expect(field({ group: 'fd00::1' })).toBe('group');
    expect(ipRefusal('-n', a.name, 'link', 'add', 'vx9', 'type', 'vxlan', 'id', '9', 'remote', '239.1.1.1', 'dstport', '4789')).toMatch(/invalid remote address/);
    expect(field({ remote: '239.1.1.1' })).toBe('remote');
    expect(field({ group: '239.1.1.1' })).toBeNull();
    expect(field({ group: 'ff05::1' })).toBeNull();
    expect(field({ remote: '10.0.0.1' })).toBeNull();
    expect(ipLinks(a.name).some((l) => l.ifname === 'vx9')).toBe(false);
  });

  it('moves a veth end into another namespace and keeps its ifindex', async () => {
    const a = freshNamespace('ma');
    const b = freshNamespace('mb');
    const { link } = addVeth(a, 'm0', a, 'm1');
    const moved = await moveLink(a, 'm0', b);
    expect(ipLinks(a.name).some((l) => l.ifname === 'm0')).toBe(false);
    const seen = ipLinks(b.name).find((l) => l.ifname === 'm0')!;
    expect(seen.ifindex).toBe(link.ifindex);
    expect(moved.ifindex).toBe(link.ifindex);
    expect(moved.peer?.namespace).toBe(a.id);
  });

  it('refuses to move onto a name taken in the target and leaves the link where it was', async () => {
    const a = freshNamespace('mc');
    const b = freshNamespace('md');
    addVeth(a, 'dup', a, 'dup1');
    ip('-n', b.name, 'link', 'add', 'dup', 'type', 'veth', 'peer', 'name', 'dupp');
    await expect(moveLink(a, 'dup', b)).rejects.toThrow(`an interface named dup already exists in namespace ${b.name}`);
    expect(ipLinks(a.name).some((l) => l.ifname === 'dup')).toBe(true);
  });

  it('deletes a veth end and its peer goes too; an unknown name reads as words', () => {
    const a = freshNamespace('dl');
    const own = ownNamespace();
    addVeth(a, 'd0', own, `d${process.pid % 1000}`);
    deleteLink(a, 'd0');
    expect(ipLinks(a.name).some((l) => l.ifname === 'd0')).toBe(false);
    expect(ipLinks(null).some((l) => l.ifname === `d${process.pid % 1000}`)).toBe(false);
    expect(() => deleteLink(a, 'nope')).toThrow(`no interface named nope in namespace ${a.name}`);
  });

  it('reads loopback as kind loopback with its operstate', () => {
    const a = freshNamespace('lo');
    const lo = readLink(a, 'lo');
    expect(lo).toMatchObject({ kind: 'loopback', ifindex: 1, up: false, operstate: 'down', mac: '00:00:00:00:00:00' });
  });
});
