// route.list against the real kernel: one table, or every table, with the fields ip shows.
import { afterAll, describe, expect, it } from 'vitest';
import { addAddress } from './addresses';
import { addVeth, setLink } from './links';
import { dumpAll } from './dump';
import { listRoutes } from './routes';
import { cleanup, freshNamespace, inSandbox, ip } from './test/kernel-fixture';

describe.skipIf(!inSandbox)('listRoutes against the real kernel', () => {
  afterAll(cleanup);

  it('reads a table other than main, and every table, with protocol, scope, source and metric; the dump stays main-only', () => {
    const a = freshNamespace('rl');
    addVeth(a, 'l0', a, 'l1');
    setLink(a, 'l0', { up: true });
    setLink(a, 'l1', { up: true });
    addAddress(a, 'l0', '10.7.0.1/24');
    ip('-n', a.name, 'route', 'add', '198.51.100.0/24', 'dev', 'l0', 'table', '100', 'proto', 'static', 'metric', '7', 'src', '10.7.0.1');
    ip('-n', a.name, 'route', 'add', '203.0.113.0/24', 'dev', 'l0', 'table', '1000');

    const t100 = listRoutes(a, 100);
    expect(t100).toEqual([
      expect.objectContaining({ destination: '198.51.100.0/24', dev: 'l0', table: 100, protocol: 'static', scope: 'link', metric: 7, prefsrc: '10.7.0.1' }),
    ]);
    expect(listRoutes(a, 1000)).toEqual([expect.objectContaining({ destination: '203.0.113.0/24', table: 1000 })]);

    const main = listRoutes(a, 254);
    expect(main).toContainEqual(expect.objectContaining({ destination: '10.7.0.0/24', dev: 'l0', protocol: 'kernel', scope: 'link', prefsrc: '10.7.0.1', table: 254 }));
    expect(main.some((r) => r.table !== 254)).toBe(false);

    const all = listRoutes(a, 'all');
    const tables = new Set(all.map((r) => r.table));
    expect([...tables]).toEqual(expect.arrayContaining([100, 1000, 254, 255]));

    // The picture (the dump) keeps the main table only.
    const [d] = dumpAll([a]);
    expect(d!.routes.some((r) => r.table !== 254)).toBe(false);
  });

  it('answers an empty table with no routes', () => {
    const a = freshNamespace('re');
    expect(listRoutes(a, 42)).toEqual([]);
  });
});
