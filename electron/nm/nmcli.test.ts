import { describe, expect, it } from 'vitest';
import { importErrorText, safeFileName } from './nmcli';

describe('nmcli around the importers', () => {
  it('keeps the file name (nmcli names the profile after it) but nothing that could escape the temp dir', () => {
    expect(safeFileName('office.ovpn')).toBe('office.ovpn');
    expect(safeFileName('/home/ann/My VPN.ovpn')).toBe('My_VPN.ovpn');
    expect(safeFileName('..\\..\\evil.conf')).toBe('evil.conf');
    expect(safeFileName('...')).toBe('vpn.conf');
  });
  it("turns nmcli's error into the user's file name and the importer's words", () => {
    expect(importErrorText("Error: failed to import '/tmp/x/office.ovpn': The file to import wasn\u2019t a valid OpenVPN configuration (no remote).\n", '/tmp/x/office.ovpn', 'office.ovpn')).toBe(
      "office.ovpn: The file to import wasn't a valid OpenVPN configuration (no remote)",
    );
    expect(importErrorText("Error: failed to import '/tmp/x/wg0.conf': invalid secret 'PrivateKey' at /tmp/x/wg0.conf:2.", '/tmp/x/wg0.conf', 'wg0.conf')).toBe("wg0.conf: invalid secret 'PrivateKey' at wg0.conf:2");
  });
});
