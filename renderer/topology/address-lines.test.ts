import { describe, expect, it } from 'vitest';
import { addressLines } from './address-lines';

describe('addressLines', () => {
  it('shows up to two addresses whole, in the kernel order when none is link-local', () => {
    expect(addressLines([])).toEqual({ shown: [], rest: [] });
    expect(addressLines(['192.0.2.2/30', '2001:db8::1/64'])).toEqual({ shown: ['192.0.2.2/30', '2001:db8::1/64'], rest: [] });
  });

  it('puts the link-local address last: a tunnel whose fe80:: came first shows the address it was given first', () => {
    expect(addressLines(['fe80::dfc3:74e5:5b55:1ca/64', '10.8.99.2/24'])).toEqual({ shown: ['10.8.99.2/24', 'fe80::dfc3:74e5:5b55:1ca/64'], rest: [] });
    // all of fe80::/10, written in any case
    expect(addressLines(['FEBF::1/64', 'fd00::1/64']).shown).toEqual(['fd00::1/64', 'FEBF::1/64']);
    // fec0:: is not link-local (a deprecated site-local): it keeps its place
    expect(addressLines(['fec0::1/64', '10.0.0.1/8']).shown).toEqual(['fec0::1/64', '10.0.0.1/8']);
  });

  it('shows the first and the rest as "+N more" when there are more than two, the rest in order', () => {
    expect(addressLines(['fe80::1/64', '10.10.0.1/24', '2001:db8::1/64', '10.10.1.1/24'])).toEqual({
      shown: ['10.10.0.1/24'],
      rest: ['2001:db8::1/64', '10.10.1.1/24', 'fe80::1/64'],
    });
  });
});
