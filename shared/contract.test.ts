// The contract refuses every bad input the core and NetworkManager issues list, through the
// methods' own input schemas (what every door validates with), and names the field and the rule.
import { describe, expect, it } from 'vitest';
import { coreEventNames, eventNames, methodNames, methods, methodsOfSide, type MethodName } from './contract';
import { zodErrorInfo } from './result';
import { requestFrame, subscribeFrame } from './wire';

/** The refusal as the hosts report it: field and message, or null when accepted. */
function refusal(method: MethodName, input: unknown): { field?: string; message: string } | null {
  const r = methods[method].input.safeParse(input);
  return r.success ? null : zodErrorInfo(r.error, 'input');
}

describe('the contract', () => {
  it('gives every method a side, a summary and input and output schemas', () => {
    for (const name of methodNames) {
      const m = methods[name];
      expect(['privileged', 'vpn', 'host']).toContain(m.side);
      expect(m.summary.length).toBeGreaterThan(5);
      expect(typeof m.input.safeParse).toBe('function');
      expect(typeof m.output.safeParse).toBe('function');
    }
    expect(methodsOfSide('privileged')).toEqual(expect.arrayContaining(['namespace.add', 'link.move', 'exec.run', 'terminal.open']));
    expect(methodsOfSide('vpn').every((n) => n.startsWith('vpn.'))).toBe(true);
    expect(coreEventNames.every((e) => eventNames.includes(e))).toBe(true);
  });

  it.each([
    ['', 'a namespace name must not be empty'],
    ['.', 'cannot be "." or ".."'],
    ['..', 'cannot be "." or ".."'],
    ['a/b', 'cannot contain "/"'],
    ['a\0b', 'NUL'],
    ['x'.repeat(256), 'at most 255 bytes'],
    ['é'.repeat(128), 'at most 255 bytes'], // 256 bytes in UTF-8
    [42, 'must be text'],
  ])('refuses the namespace name %j', (name, rule) => {
    for (const method of ['namespace.add', 'namespace.delete'] as const) {
      const r = refusal(method, { name });
      expect(r?.field).toBe('input.name');
      expect(r?.message).toContain(rule);
    }
  });

  it('accepts a namespace name of exactly 255 bytes', () => {
    expect(refusal('namespace.add', { name: 'x'.repeat(255) })).toBe(null);
  });

  it.each([
    ['x'.repeat(16), 'at most 15 bytes'],
    ['eth/0', 'cannot contain "/"'],
    ['eth:0', 'cannot contain "/", ":"'],
    ['eth 0', 'white space'],
    ['eth\t0', 'white space'],
    ['', 'must not be empty'],
  ])('refuses the interface name %j', (name, rule) => {
    const r = refusal('link.addBridge', { namespace: 'blue', name });
    expect(r?.field).toBe('input.name');
    expect(r?.message).toContain(rule);
    expect(refusal('link.addVeth', { namespace: 'a', name: 'v0', peerNamespace: 'b', peerName: name })?.field).toBe('input.peerName');
  });

  it.each(['10.0.0.1/33', 'fd00::1/129', '10.0.0/24', '300.1.1.1/8', 'banana', '10.0.0.1/-1', ''])('refuses the address %j', (address) => {
    const r = refusal('address.add', { namespace: 'blue', link: 'eth0', address });
    expect(r?.field).toBe('input.address');
  });

  it('refuses MTUs, VXLAN ids, ports and metrics out of range', () => {
    expect(refusal('link.set', { namespace: 'a', link: 'eth0', mtu: 67 })?.message).toMatch(/input\.mtu: an MTU is at least 68/);
    expect(refusal('link.set', { namespace: 'a', link: 'eth0', mtu: 65536 })?.field).toBe('input.mtu');
    expect(refusal('link.set', { namespace: 'a', link: 'eth0', mtu: 1500.5 })?.field).toBe('input.mtu');
    expect(refusal('link.addVxlan', { namespace: 'a', name: 'vx0', vni: 16777216 })?.message).toMatch(/24 bits/);
    expect(refusal('link.addVxlan', { namespace: 'a', name: 'vx0', vni: -1 })?.field).toBe('input.vni');
    expect(refusal('link.addVxlan', { namespace: 'a', name: 'vx0', vni: 1, port: 0 })?.field).toBe('input.port');
    expect(refusal('route.add', { namespace: 'a', destination: 'default', link: 'eth0', metric: 2 ** 32 })?.field).toBe('input.metric');
    expect(refusal('link.addVxlan', { namespace: 'a', name: 'vx0', vni: 16777215 })).toBe(null);
  });

  it('refuses requests that say nothing, too much, or contradict themselves', () => {
    expect(refusal('link.set', { namespace: 'a', link: 'eth0' })?.message).toMatch(/say what to change/);
    expect(refusal('route.add', { namespace: 'a', destination: '10.0.0.0/8' })?.message).toMatch(/needs a gateway/);
    expect(refusal('link.addVxlan', { namespace: 'a', name: 'vx0', vni: 1, remote: '10.0.0.1', group: '239.1.1.1' })?.field).toBe('input.group');
    expect(refusal('link.addVxlan', { namespace: 'a', name: 'vx0', vni: 1, group: '10.0.0.1' })).toMatchObject({ field: 'input.group', message: expect.stringMatching(/multicast/) });
    expect(refusal('link.addVxlan', { namespace: 'a', name: 'vx0', vni: 1, remote: 'ff02::1' })?.field).toBe('input.remote');
    expect(refusal('route.add', { namespace: 'a', destination: '10.0.0.0/8', gateway: 'fd00::1' })).toMatchObject({ field: 'input.gateway', message: expect.stringMatching(/IPv6 but the destination 10.0.0.0\/8 is IPv4/) });
    expect(refusal('route.delete', { namespace: 'a', destination: 'fd00::/64', gateway: '10.0.0.1' })?.field).toBe('input.gateway');
    expect(refusal('route.add', { namespace: 'a', destination: 'default', gateway: 'fd00::1' })).toBe(null);
    expect(refusal('namespace.add', { name: 'blue', force: true })?.message).toMatch(/unknown field: force/);
    expect(refusal('exec.run', { namespace: 'a', argv: [] })?.message).toMatch(/at least a program name/);
    expect(refusal('exec.run', { namespace: 'a', argv: ['ip', 'a\0'] })?.field).toBe('input.argv.1');
    expect(refusal('namespace.attach', { name: 'x', pid: 0 })?.field).toBe('input.pid');
    expect(refusal('link.move', { namespace: '..', link: 1, to: 'b' })?.field).toBe('input.namespace');
    expect(refusal('terminal.write', { id: 't', data: 'x'.repeat(65537) })?.message).toMatch(/64 KiB/);
  });

  it('refuses bad VPN requests before any D-Bus call', () => {
    expect(refusal('vpn.connect', { uuid: 'not-a-uuid' })?.field).toBe('input.uuid');
    expect(refusal('vpn.import', { fileName: '', content: 'x' })?.message).toMatch(/file name is needed/);
    expect(refusal('vpn.import', { fileName: 'a.ovpn', content: 'x'.repeat(1_000_001) })?.message).toMatch(/at most 1 MB/);
    expect(refusal('vpn.secrets.answer', { requestId: 'r', secrets: { password: 'x'.repeat(4097) } })?.message).toMatch(/4096/);
    expect(refusal('vpn.connect', { uuid: '8c3ba1e4-5e8b-4b0e-9f3a-0a1b2c3d4e5f', timeoutMs: 10 })?.field).toBe('input.timeoutMs');
  });

  it('fills defaults the way the hosts pass them on', () => {
    const r = methods['exec.run'].input.parse({ namespace: 'a', argv: ['true'] });
    expect(r.timeoutMs).toBe(30_000);
    expect(methods['link.addMacvlan'].input.parse({ namespace: 'a', name: 'm0', parentNamespace: 'b', parent: 'eth0' }).mode).toBe('bridge');
  });

  it('frames: refuses a request without a usable id or method, and unknown frame fields', () => {
    expect(requestFrame.safeParse({ id: 1, method: 'snapshot' }).success).toBe(true);
    expect(requestFrame.safeParse({ id: -1, method: 'snapshot' }).success).toBe(false);
    expect(requestFrame.safeParse({ id: 'x'.repeat(65), method: 'snapshot' }).success).toBe(false);
    expect(requestFrame.safeParse({ id: 1, method: 7 }).success).toBe(false);
    expect(requestFrame.safeParse({ id: 1, method: 'snapshot', extra: 1 }).success).toBe(false);
    expect(subscribeFrame.safeParse({ subscribe: ['resync'], x: 1 }).success).toBe(false);
  });
});
