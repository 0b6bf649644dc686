// The client without NetworkManager: no bus at all must be a state in words, never a crash.
import { describe, expect, it } from 'vitest';
import type { StudioError } from '../../shared/result';
import { createNmClient } from './client';

describe('NetworkManager client without a bus', () => {
  it('reports the bus as unreachable, refuses calls with "unavailable", and closes cleanly', async () => {
    const client = createNmClient({ busAddress: 'unix:path=/nonexistent/netns-studio-test.sock' });
    const seen: unknown[] = [];
    client.subscribe((event, payload) => seen.push({ event, payload }));
    const status = await client.call('vpn.status', {});
    expect(status).toMatchObject({ running: false, version: null, message: expect.stringMatching(/^the system bus is not reachable \(unix:path=\/nonexistent\/netns-studio-test\.sock\)/) });
    await expect(client.call('vpn.list', {})).rejects.toSatisfy((e: StudioError) => e.info.code === 'unavailable' && /not reachable/.test(e.info.message));
    expect(seen).toContainEqual({ event: 'vpn.status', payload: status });
    await client.close();
    await expect(client.call('vpn.list', {})).rejects.toSatisfy((e: StudioError) => e.info.code === 'unavailable');
  });

  it('says which Debian package to install when the OpenVPN plugin is missing', async () => {
    const client = createNmClient({ busAddress: 'unix:path=/nonexistent/netns-studio-test.sock', vpnPluginDir: '/nonexistent' });
    await expect(client.call('vpn.import', { fileName: 'office.ovpn', content: 'client\nremote 192.0.2.1\n' })).rejects.toSatisfy(
      (e: StudioError) => e.info.code === 'unsupported' && e.info.message === "NetworkManager's OpenVPN plugin is not installed: install the Debian package network-manager-openvpn",
    );
    await client.close();
  });

  it('validates input before touching the bus', async () => {
    const client = createNmClient({ busAddress: 'unix:path=/nonexistent/netns-studio-test.sock' });
    await expect(client.call('vpn.delete', { uuid: 'nope' })).rejects.toSatisfy((e: StudioError) => e.info.code === 'invalid-input' && e.info.field === 'uuid');
    await client.close();
  });
});
