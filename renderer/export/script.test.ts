import { describe, expect, it } from 'vitest';
import { exportScript } from './script';
import { link, namespace } from '../topology/fixtures';

describe('exportScript', () => {
  it('re-creates named namespaces, one veth pair, a bridge with its port, addresses and state', () => {
    const script = exportScript([
      namespace('1', [], [link(1, 'lo', { kind: 'loopback' })], { current: true }),
      namespace('2', ['blue'], [
        link(1, 'lo', { kind: 'loopback', addresses: ['127.0.0.1/8'] }),
        link(5, 'v0', { kind: 'veth', peer: { namespace: '3', ifindex: 9 }, master: 6, addresses: ['fe80::1/64'] }),
        link(6, 'br0', { kind: 'bridge', addresses: ['10.0.0.1/24'] }),
      ]),
      namespace('3', ['red'], [link(9, 'v1', { kind: 'veth', peer: { namespace: '2', ifindex: 5 }, up: false, mtu: 1400 })]),
    ]);
    const commands = script.split('\n').filter((l) => l.startsWith('ip '));
    expect(commands).toEqual([
      'ip netns add blue',
      'ip netns add red',
      'ip -n blue link add name br0 type bridge',
      'ip -n blue link add name v0 type veth peer name v1 netns red',
      'ip -n blue link set dev lo up',
      'ip -n blue link set dev v0 master br0',
      'ip -n blue link set dev v0 up',
      'ip -n blue address add 10.0.0.1/24 dev br0',
      'ip -n blue link set dev br0 up',
      'ip -n red link set dev v1 mtu 1400',
    ]);
  });
  it('says so when a veth peer lives in a namespace without a name', () => {
    const script = exportScript([
      namespace('2', ['blue'], [link(5, 'v0', { kind: 'veth', peer: { namespace: '3', ifindex: 9 } })]),
      namespace('3', [], [link(9, 'v1', { kind: 'veth' })]),
    ]);
    expect(script).toContain('# v0: its peer is in a namespace without a name, not re-created');
  });

  it('keeps a vxlan on its underlay device', () => {
    const script = exportScript([
      namespace('2', ['blue'], [
        link(4, 'eth1', { kind: 'veth' }),
        link(7, 'vx0', { kind: 'vxlan', parent: { namespace: '2', ifindex: 4 }, details: { id: 42, remote: '10.0.0.9', port: 4789 } }),
      ]),
    ]);
    expect(script).toContain('ip -n blue link add name vx0 type vxlan id 42 remote 10.0.0.9 dev eth1 dstport 4789');
  });
});
