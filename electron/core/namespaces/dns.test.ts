// The resolv.conf and hosts readers and writers, on text (the kernel tests write and read for real).
import { describe, expect, it } from 'vitest';
import { HEADER, hostsText, parseHosts, parseResolvConf, resolvConfText } from './dns';

describe('resolv.conf', () => {
  it('reads what glibc reads: nameservers, the last search or domain, options', () => {
    const r = parseResolvConf('# comment\n; also\ndomain old.example\nsearch a.example b.example\nnameserver 192.0.2.1\nnameserver fe80::1%eth0\noptions ndots:2 edns0\nsortlist 10.0.0.0\n');
    expect(r).toEqual({ nameservers: ['192.0.2.1', 'fe80::1%eth0'], search: ['a.example', 'b.example'], options: ['ndots:2', 'edns0'], problems: [] });
  });
  it('says which lines it could not read and keeps the rest', () => {
    const r = parseResolvConf('nameserver 192.0.2.1\nnameserver\nnameserver 1.2.3\n\u0000\u0001garbage\nsearch x.example\n');
    expect(r.nameservers).toEqual(['192.0.2.1']);
    expect(r.search).toEqual(['x.example']);
    expect(r.problems).toHaveLength(3);
    expect(r.problems[1]).toBe('line 3: "nameserver" needs one IP address, not "1.2.3"');
  });
  it('stops listing problems of a huge garbage file after 20', () => {
    expect(parseResolvConf('x\n'.repeat(10_000)).problems).toHaveLength(20);
  });
  it('writes a file it reads back the same, marked as ours', () => {
    const text = resolvConfText('blue', ['192.0.2.1', '2001:db8::1'], ['a.example']);
    expect(text.startsWith(HEADER)).toBe(true);
    expect(parseResolvConf(text)).toEqual({ nameservers: ['192.0.2.1', '2001:db8::1'], search: ['a.example'], options: [], problems: [] });
  });
});

describe('hosts', () => {
  it('reads ADDRESS NAME... lines with comments, and says which are not', () => {
    expect(parseHosts('127.0.0.1 localhost # me\n10.0.0.5\tdb db.a.example\nnot-an-ip name\n10.0.0.6\n')).toEqual({
      entries: [
        { address: '127.0.0.1', names: ['localhost'] },
        { address: '10.0.0.5', names: ['db', 'db.a.example'] },
      ],
      problems: ['line 3: "not-an-ip name" is not ADDRESS NAME...', 'line 4: "10.0.0.6" is not ADDRESS NAME...'],
    });
  });
  it('writes localhost first, then the extra lines', () => {
    expect(parseHosts(hostsText('blue', [{ address: '10.0.0.5', names: ['db'] }])).entries.map((e) => e.names[0])).toEqual(['localhost', 'localhost', 'db']);
  });
});
