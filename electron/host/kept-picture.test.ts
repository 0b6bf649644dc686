// The picture a warm host keeps for the first page: the warm-up snapshot with every event since
// applied, given once; dropped whenever it could differ from what the core would read now.
import { describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract';
import type { Link, Namespace, Snapshot } from '../../shared/model';
import { KeptPicture, MAX_EVENTS } from './kept-picture';

const link = (ifindex: number, name: string, extra: Partial<Link> = {}): Link => ({
  ifindex, name, kind: null, up: true, operstate: 'up', carrier: true, mtu: 1500, mac: null, master: null, parent: null, peer: null, addresses: [], ...extra,
});
const ns = (id: string, links: Link[]): Namespace => ({ id, names: [id], pids: [], processes: [], nsid: null, current: false, links, routes: [] });
const base: Snapshot = { namespaces: [ns('a', [link(1, 'lo'), link(2, 'e1', { addresses: ['10.0.0.1/24'] })]), ns('b', [link(1, 'lo')])], takenAt: 1000 };
const answer = (s: Snapshot) => async () => ({ ok: true as const, value: s });

describe('the kept picture', () => {
  it('is the snapshot with the events since it was asked for applied in order, given once', async () => {
    const k = new KeptPicture();
    let release!: () => void;
    void k.read(() => new Promise((r) => (release = () => r({ ok: true, value: base }))));
    // events while the snapshot is on its way are applied on top of it, as the page does
    k.event('link.changed', { namespace: 'a', link: link(2, 'e1', { up: false, operstate: 'down', addresses: ['10.0.0.1/24'] }) });
    release();
    k.event('address.added', { namespace: 'a', ifindex: 2, address: '10.0.0.2/24' });
    k.event('namespace.removed', { id: 'b', names: ['b'] });
    k.event('terminal.output', { id: 't', data: 'x' }); // not the picture's
    const got = await k.take();
    expect(got?.takenAt).toBe(1000);
    expect(got?.namespaces.map((n) => n.id)).toEqual(['a']);
    expect(got?.namespaces[0]!.links[1]).toMatchObject({ name: 'e1', up: false, addresses: ['10.0.0.1/24', '10.0.0.2/24'] });
    expect(await k.take()).toBeNull();
    expect(k.usable).toBe(false);
  });

  it('ignores events from before it was asked for, and is nothing before', async () => {
    const k = new KeptPicture();
    expect(await k.take()).toBeNull();
    k.event('namespace.removed', { id: 'a', names: ['a'] });
    void k.read(answer(base));
    expect((await k.take())?.namespaces.map((n) => n.id)).toEqual(['a', 'b']);
  });

  it.each<[string, (k: KeptPicture) => void]>([
    ['the core lost events (resync)', (k) => k.event('resync', { reason: 'overflow' })],
    ['a namespace appeared (a snapshot also asks the container engines for its name)', (k) => k.event('namespace.added', { ...ns('c', []), links: undefined })],
    ['the helper stopped or restarted (drop)', (k) => k.drop()],
    [`more than ${MAX_EVENTS} events came`, (k) => {
      for (let i = 0; i <= MAX_EVENTS; i++) k.event('address.added', { namespace: 'a', ifindex: 2, address: `10.1.${i >> 8}.${i & 255}/32` });
    }],
  ])('is dropped when %s: the page then asks the core', async (_why, what) => {
    const k = new KeptPicture();
    void k.read(answer(base));
    what(k);
    expect(await k.take()).toBeNull();
  });

  it('is not given when the warm-up snapshot failed, or when an event waits for a namespace it does not hold', async () => {
    const failed = new KeptPicture();
    void failed.read(async () => ({ ok: false, error: { code: 'unavailable', message: 'no helper' } }));
    expect(await failed.take()).toBeNull();
    const waiting = new KeptPicture();
    void waiting.read(answer(base));
    waiting.event('link.changed' as EventName, { namespace: 'zz', link: link(3, 'x') });
    expect(await waiting.take()).toBeNull();
  });
});
