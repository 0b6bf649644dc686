import { describe, expect, it } from 'vitest';
import { commandFor, shellQuote, type NamespaceTarget } from './commands';
import { methodNames } from './contract';

describe('commandFor', () => {
  it('creates a veth pair with its peer in another named namespace', () => {
    expect(commandFor('link.addVeth', { namespace: 'blue', name: 'v0', peerNamespace: 'red', peerName: 'v1' })).toBe(
      'ip -n blue link add name v0 type veth peer name v1 netns red',
    );
  });
  it('leaves out netns when both ends of a veth stay in one namespace', () => {
    expect(commandFor('link.addVeth', { namespace: 'blue', name: 'a', peerNamespace: 'blue', peerName: 'b' })).toBe(
      'ip -n blue link add name a type veth peer name b',
    );
  });
  it('reaches an anonymous namespace through nsenter and its pid', () => {
    expect(commandFor('link.set', { namespace: 'pid:812', link: 'eth0', up: false })).toBe('nsenter -t 812 -n ip link set dev eth0 down');
  });
  it('uses plain ip in the current namespace and names interfaces given by index', () => {
    const namespace = (ref: string): NamespaceTarget => (ref === '4026531840' ? { kind: 'current' } : { kind: 'name', name: ref });
    const linkName = (_ns: string, ifindex: number) => (ifindex === 7 ? 'br0' : undefined);
    expect(commandFor('link.set', { namespace: '4026531840', link: 3, master: 7, mtu: 1400 }, { namespace, linkName })).toBe(
      "ip link set dev '#3' mtu 1400 master br0",
    );
  });
  it('moves an interface into a namespace by name or by pid', () => {
    expect(commandFor('link.move', { namespace: 'blue', link: 'v0', to: 'red' })).toBe('ip -n blue link set dev v0 netns red');
    expect(commandFor('link.move', { namespace: 'blue', link: 'v0', to: 'pid:99' })).toBe('ip -n blue link set dev v0 netns 99');
  });
  it('creates a macvlan in its parent namespace and moves it in the same command', () => {
    expect(
      commandFor('link.addMacvlan', { namespace: 'red', name: 'mv0', parentNamespace: 'blue', parent: 'eth0', mode: 'vepa' }),
    ).toBe('ip -n blue link add name mv0 link eth0 type macvlan mode vepa netns red');
  });
  it('writes a vxlan with only the options given and the default port', () => {
    expect(commandFor('link.addVxlan', { namespace: 'a', name: 'vx0', vni: 42, remote: '10.0.0.2', dev: 'eth0' })).toBe(
      'ip -n a link add name vx0 type vxlan id 42 remote 10.0.0.2 dev eth0 dstport 4789',
    );
  });
  it('adds -6 to routes that are IPv6 and nomaster when master is null', () => {
    expect(commandFor('route.add', { namespace: 'a', destination: 'default', gateway: 'fd00::1' })).toBe('ip -n a -6 route add default via fd00::1');
    expect(commandFor('link.set', { namespace: 'a', link: 'v0', master: null })).toBe('ip -n a link set dev v0 nomaster');
  });
  it('quotes words a shell would split', () => {
    expect(commandFor('namespace.add', { name: "my ns's" })).toBe(`ip netns add 'my ns'\\''s'`);
    expect(commandFor('exec.run', { namespace: 'blue', argv: ['sh', '-c', 'ip link; echo $HOME'] })).toBe(
      `ip netns exec blue sh -c 'ip link; echo $HOME'`,
    );
    expect(shellQuote('')).toBe(`''`);
  });
  it('brings a VPN up by its name when known, by uuid otherwise', () => {
    const uuid = '0b3f4c1e-1111-2222-3333-444455556666';
    expect(commandFor('vpn.connect', { uuid }, { vpnName: () => 'Office' })).toBe('nmcli --ask connection up id Office');
    expect(commandFor('vpn.disconnect', { uuid })).toBe(`nmcli connection down uuid ${uuid}`);
    expect(commandFor('vpn.import', { fileName: 'wg0.conf', content: '' })).toBe('nmcli connection import type wireguard file wg0.conf');
  });
  it('shows sysctl and DNS changes as the shell commands that make them', () => {
    expect(commandFor('sysctl.set', { namespace: 'r1', key: 'net.ipv4.ip_forward', value: 1 })).toBe('ip netns exec r1 sysctl -w net.ipv4.ip_forward=1');
    expect(commandFor('sysctl.set', { namespace: 'pid:42', key: 'net.ipv4.ip_default_ttl', value: 9 })).toBe('nsenter -t 42 -n sysctl -w net.ipv4.ip_default_ttl=9');
    expect(commandFor('dns.set', { namespace: 'r1', nameservers: ['192.0.2.1'], search: ['lab.example'], hosts: [{ address: '10.0.0.5', names: ['db'] }] })).toBe(
      "mkdir -p /etc/netns/r1 && printf '%s\\n' 'search lab.example' 'nameserver 192.0.2.1' > /etc/netns/r1/resolv.conf" +
        " && printf '%s\\n' '127.0.0.1 localhost' '::1 localhost ip6-localhost ip6-loopback' '10.0.0.5 db' > /etc/netns/r1/hosts",
    );
    expect(commandFor('dns.reset', { namespace: 'r1' })).toBe('rm -f /etc/netns/r1/resolv.conf /etc/netns/r1/hosts');
    expect(commandFor('dns.get', { namespace: 'r1' })).toBe('ip netns exec r1 cat /etc/resolv.conf /etc/hosts');
  });
  it('gives a command or a deliberate null for every method of the contract', () => {
    const noCommand = new Set(['guard.keep', 'guard.rollback', 'guard.list', 'terminal.write', 'terminal.resize', 'terminal.close', 'vpn.secrets.answer', 'vpn.secrets.cancel', 'host.info', 'host.retryCore']);
    for (const name of methodNames) {
      expect(noCommand.has(name) || name in sampleInputs, `no sample input for ${name}`).toBe(true);
      if (noCommand.has(name)) continue;
      const cmd = commandFor(name, sampleInputs[name] as never);
      expect(cmd, name).toMatch(/^(ip|nmcli|lsns|nsenter|mkdir|rm) /);
    }
  });
});

const uuid = '0b3f4c1e-1111-2222-3333-444455556666';
const sampleInputs: Record<string, unknown> = {
  snapshot: {},
  'namespace.list': {},
  'namespace.add': { name: 'a' },
  'sysctl.get': { namespace: 'a' },
  'sysctl.set': { namespace: 'a', key: 'net.ipv4.ip_forward', value: 1 },
  'dns.get': { namespace: 'a' },
  'dns.set': { namespace: 'a', nameservers: ['192.0.2.1'] },
  'dns.reset': { namespace: 'a' },
  'namespace.delete': { name: 'a' },
  'namespace.attach': { name: 'a', pid: 1 },
  'namespace.stale': {},
  'namespace.removeStale': { name: 'a' },
  'link.addVeth': { namespace: 'a', name: 'v0', peerNamespace: 'b', peerName: 'v1' },
  'link.addBridge': { namespace: 'a', name: 'br0' },
  'link.addMacvlan': { namespace: 'a', name: 'm', parentNamespace: 'a', parent: 'eth0' },
  'link.addVxlan': { namespace: 'a', name: 'x', vni: 1 },
  'link.delete': { namespace: 'a', link: 'v0' },
  'link.set': { namespace: 'a', link: 'v0', up: true },
  'link.move': { namespace: 'a', link: 'v0', to: 'b' },
  'address.add': { namespace: 'a', link: 'v0', address: '10.0.0.1/24' },
  'address.delete': { namespace: 'a', link: 'v0', address: '10.0.0.1/24' },
  'route.add': { namespace: 'a', destination: '10.1.0.0/16', link: 'v0' },
  'route.delete': { namespace: 'a', destination: '10.1.0.0/16' },
  'route.list': { namespace: 'a', table: 'all' },
  'exec.run': { namespace: 'a', argv: ['ip', 'link'] },
  'terminal.open': { namespace: 'a' },
  'vpn.status': {},
  'vpn.list': {},
  'vpn.get': { uuid },
  'vpn.import': { fileName: 'x.ovpn', content: '' },
  'vpn.create': { name: 'x', remote: 'vpn.example.org', connectionType: 'password', username: 'u', ca: '/ca.pem' },
  'vpn.update': { uuid, fields: { name: 'x', remote: 'r', connectionType: 'password' } },
  'vpn.rename': { uuid, name: 'y' },
  'vpn.delete': { uuid },
  'vpn.export': { uuid },
  'vpn.connect': { uuid },
  'vpn.disconnect': { uuid },
};
