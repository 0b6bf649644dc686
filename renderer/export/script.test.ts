import { execFileSync } from 'node:child_process';
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

  it('quotes every name: sh runs exactly the ip commands the names say, nothing injected', () => {
    // Names the kernel takes (and one made outside Netns Studio with a newline in it).
    const hostile = ['$(echo INJECTED)', 'a;echo INJECTED', "it's", '`echo INJECTED`', '*', '-n', 'up', 'x\necho INJECTED'];
    const script = exportScript(
      hostile.map((name, i) =>
        namespace(String(10 + i), [name], [
          link(2, i % 2 ? 'mtu' : '$(id)', { kind: 'bridge', addresses: ['10.0.0.1/24'] }),
          link(3, 'e\x1bx', { kind: 'dummy' }),
        ]),
      ),
    );
    // ip replaced by a shell function that prints its argv, one word per field: whatever else the
    // script ran would print something else or break the records apart.
    const prelude = `ip() { for a in "$@"; do printf '%s\\037' "$a"; done; printf '\\036'; }\n`;
    const out = execFileSync('/bin/sh', ['-c', prelude + script], { cwd: '/' }).toString();
    const calls = out.split('\x1e').slice(0, -1).map((r) => ['ip', ...r.split('\x1f').slice(0, -1)]);
    const expected: string[][] = [
      ...hostile.map((n) => ['ip', 'netns', 'add', n]),
      ...hostile.map((n, i) => ['ip', '-n', n, 'link', 'add', 'name', i % 2 ? 'mtu' : '$(id)', 'type', 'bridge']),
      ...hostile.flatMap((n, i) => [
        ['ip', '-n', n, 'address', 'add', '10.0.0.1/24', 'dev', i % 2 ? 'mtu' : '$(id)'],
        ['ip', '-n', n, 'link', 'set', 'dev', i % 2 ? 'mtu' : '$(id)', 'up'],
        ['ip', '-n', n, 'link', 'set', 'dev', 'e\x1bx', 'up'],
      ]),
    ];
    expect(calls).toEqual(expected);
    expect(out).not.toContain('INJECTED\n');
    // Every comment stays on its line.
    expect(script).toContain('# x\\x0aecho INJECTED');
    expect(script).toContain('# e\\x1bx: a dummy interface, not re-created');
  });
});
