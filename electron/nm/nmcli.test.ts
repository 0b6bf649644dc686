import { describe, expect, it } from 'vitest';
import { safeFileName } from './nmcli';

describe('nmcli around the importers', () => {
  it('keeps the file name (nmcli names the profile after it) but nothing that could escape the temp dir', () => {
    expect(safeFileName('office.ovpn')).toBe('office.ovpn');
    expect(safeFileName('/home/ann/My VPN.ovpn')).toBe('My_VPN.ovpn');
    expect(safeFileName('..\\..\\evil.conf')).toBe('evil.conf');
    expect(safeFileName('...')).toBe('vpn.conf');
  });
});
