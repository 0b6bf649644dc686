// One errno source: numbers and names from Node's table of the platform's values, words from the
// C library itself (strerror), so no table of ours can drift from either.
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { E, errnoName, hasErrno } from './errno';
import { errnoText, SysError } from './libc';

describe('errno', () => {
  it("takes numbers from the platform's table and names them back", () => {
    expect(E.EEXIST).toBe(constants.errno.EEXIST);
    for (const name of ['EPERM', 'ENOENT', 'EEXIST', 'ENODEV', 'EINVAL', 'ENOBUFS', 'EADDRNOTAVAIL']) {
      expect(errnoName(constants.errno[name as keyof typeof constants.errno])).toBe(name);
    }
    expect(errnoName(-E.ENODEV)).toBe('ENODEV'); // the kernel sends them negated
    expect(errnoName(4000)).toBe('E4000');
  });

  it('names the numbers two names share as the kernel does (EOPNOTSUPP, EAGAIN)', () => {
    expect(errnoName(E.EOPNOTSUPP)).toBe('EOPNOTSUPP');
    expect(errnoName(E.EAGAIN)).toBe('EAGAIN');
  });

  it("says what the C library says, for every number it knows (133: EHWPOISON, in no table of ours)", () => {
    expect(errnoText(E.EEXIST)).toBe('File exists');
    expect(errnoText(133)).toBe('Memory page has hardware error');
    expect(new SysError('link.add', E.EEXIST).message).toBe('link.add: File exists (EEXIST)');
  });

  it('tells an error by its errno, from our calls and from Node alike', () => {
    expect(hasErrno(new SysError('open', E.ENOENT), E.ENOENT)).toBe(true);
    expect(hasErrno(Object.assign(new Error('x'), { errno: -E.ENOENT, code: 'ENOENT' }), E.ENOENT)).toBe(true);
    expect(hasErrno(new SysError('open', E.ENOENT), E.ENODEV)).toBe(false);
    expect(hasErrno('ENOENT', E.ENOENT)).toBe(false);
  });
});
