import { describe, expect, it } from 'vitest';
import { VPN_FILE_LIMIT, vpnFileProblem } from './file-check';

describe('vpnFileProblem', () => {
  it('takes its limit from the contract: 1 MB', () => {
    expect(VPN_FILE_LIMIT).toBe(1_000_000);
  });
  it('lets a VPN file up to the limit through', () => {
    expect(vpnFileProblem({ name: 'office.ovpn', size: 3000 })).toBeNull();
    expect(vpnFileProblem({ name: 'wg0.CONF', size: VPN_FILE_LIMIT })).toBeNull();
  });
  it('says "too large" with the size and the limit', () => {
    expect(vpnFileProblem({ name: 'big.ovpn', size: 1_234_567 })).toBe('big.ovpn is too large to import: 1.2 MB, the limit is 1 MB');
  });
  it('answers a file that is not a VPN file', () => {
    expect(vpnFileProblem({ name: 'photo.png', size: 10 })).toBe('photo.png is not an OpenVPN or WireGuard file: import an OpenVPN .ovpn or a WireGuard .conf');
    expect(vpnFileProblem({ name: 'notes.txt', size: 2_000_000 })).toMatch(/^notes\.txt is not an OpenVPN or WireGuard file/);
  });
  it('says "empty" only of an empty file, and "too large" of a 2 MB one', () => {
    expect(vpnFileProblem({ name: 'blank.ovpn', size: 0 })).toBe('blank.ovpn is empty');
    expect(vpnFileProblem({ name: 'big.ovpn', size: 2_000_000 })).toBe('big.ovpn is too large to import: 2 MB, the limit is 1 MB');
  });
});
