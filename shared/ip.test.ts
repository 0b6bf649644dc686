import { describe, expect, it } from 'vitest';
import { formatIp, formatIpAt, isLinkLocal, networkOf, parseCidr, parseIp } from './ip';

describe('IP addresses without node:net', () => {
  it('parses IPv4 and refuses what inet_pton refuses', () => {
    expect(Array.from(parseIp('10.0.0.255')!.bytes)).toEqual([10, 0, 0, 255]);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '', 'a.b.c.d', '1..2.3'])
      expect(parseIp(bad), bad).toBeNull();
  });

  it('knows an IPv6 link-local address (fe80::/10) with or without its prefix, and nothing else', () => {
    for (const a of ['fe80::1', 'fe80::dfc3:74e5:5b55:1ca/64', 'FEBF:ffff::1/10', 'fe80::1/128']) expect(isLinkLocal(a), a).toBe(true);
    for (const a of ['fec0::1/64', 'fe7f::1', '2001:db8::1/64', '::1/128', '169.254.1.1/16', '10.0.0.1/8', 'not an address', '']) expect(isLinkLocal(a), a).toBe(false);
  });

  it('parses IPv6 in every shorthand and prints it as iproute2 does (RFC 5952)', () => {
    const cases: [string, string][] = [
      ['fd00::1', 'fd00::1'],
      ['::', '::'],
      ['::1', '::1'],
      ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
      ['fe80::1:2:3:4', 'fe80::1:2:3:4'],
      ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
      ['2001:db8:1:1:1:1:1:1', '2001:db8:1:1:1:1:1:1'],
      ['::ffff:10.1.2.3', '::ffff:10.1.2.3'],
      ['2001:db8::0:1', '2001:db8::1'],
    ];
    for (const [input, printed] of cases) expect(formatIp(parseIp(input)!.bytes), input).toBe(printed);
    for (const bad of [':::', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', 'g::1', '1:2:3:4:5:6:7', '::1.2.3'])
      expect(parseIp(bad), bad).toBeNull();
  });

  it('prints an address from inside a larger buffer, as the netlink decoders do', () => {
    const buf = new Uint8Array([9, 9, ...parseIp('2001:db8::2:1')!.bytes, 192, 0, 2, 7, 9]);
    expect(formatIpAt(buf, 2, 16)).toBe('2001:db8::2:1');
    expect(formatIpAt(buf, 18, 4)).toBe('192.0.2.7');
    expect(() => formatIpAt(buf, 0, 5)).toThrow('4 or 16 bytes, not 5');
    // Every position of a zero run, against a reference that follows RFC 5952 to the letter.
    for (let mask = 0; mask < 256; mask++) {
      const groups = Array.from({ length: 8 }, (_, i) => (mask & (1 << i) ? 0 : i + 1));
      const bytes = new Uint8Array(groups.flatMap((g) => [g >> 8, g & 0xff]));
      expect(formatIp(bytes), groups.join(':')).toBe(rfc5952(groups));
    }
  });

  it('reads prefixes within the family and defaults to a single address', () => {
    expect(parseCidr('10.0.0.1/24')).toMatchObject({ family: 4, prefix: 24 });
    expect(parseCidr('10.0.0.1')).toMatchObject({ prefix: 32 });
    expect(parseCidr('fd00::1')).toMatchObject({ family: 6, prefix: 128 });
    for (const bad of ['10.0.0.1/33', 'fd00::/129', '10.0.0.1/', '10.0.0.1/024', '10.0.0.1/-1', '/24'])
      expect(parseCidr(bad), bad).toBeNull();
  });

  it('clears host bits for a route destination', () => {
    expect(formatIp(networkOf(parseCidr('10.1.2.3/16')!))).toBe('10.1.0.0');
    expect(formatIp(networkOf(parseCidr('10.1.2.3/0')!))).toBe('0.0.0.0');
    expect(formatIp(networkOf(parseCidr('fd00:1:2:3::9/49')!))).toBe('fd00:1:2::');
    expect(formatIp(networkOf(parseCidr('fd00:1:ffff::9/33')!))).toBe('fd00:1:8000::');
  });
});

/** RFC 5952 the slow, obvious way: the first longest run of two or more zero groups becomes "::". */
function rfc5952(groups: number[]): string {
  let best: [number, number] = [-1, 1];
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best[1]) best = [i, j - i];
  }
  const hex = groups.map((g) => g.toString(16));
  if (best[0] < 0) return hex.join(':');
  return `${hex.slice(0, best[0]).join(':')}::${hex.slice(best[0] + best[1]).join(':')}`;
}
