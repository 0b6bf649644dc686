import { describe, expect, it } from 'vitest';
import { methods } from '../../shared/contract';
import { CURRENT, parseCommand, splitAt, UsageError } from './parse';

const callOf = (line: string) => {
  const c = parseCommand(line.split(' '));
  if (c.kind !== 'call') throw new Error(`not a call: ${c.kind}`);
  return c;
};
/** Parsing and then the contract: what the CLI would send to the core. */
const validated = (line: string) => {
  const c = callOf(line);
  return methods[c.method].input.safeParse(c.input);
};

describe('netns-ctl grammar', () => {
  it('splits IF@NS at the first @ and defaults to the current namespace', () => {
    expect(splitAt('v0@blue')).toEqual({ link: 'v0', namespace: 'blue' });
    expect(splitAt('v0@a@b')).toEqual({ link: 'v0', namespace: 'a@b' });
    expect(splitAt('v0')).toEqual({ link: 'v0', namespace: CURRENT });
    expect(splitAt('7@pid:1')).toEqual({ link: 7, namespace: 'pid:1' });
    expect(() => splitAt('@blue')).toThrow(UsageError);
    expect(() => splitAt('v0@')).toThrow(UsageError);
  });

  it('reads every link verb into its contract method', () => {
    expect(callOf('link add veth a@x peer b@y')).toMatchObject({ method: 'link.addVeth', input: { name: 'a', namespace: 'x', peerName: 'b', peerNamespace: 'y' } });
    expect(callOf('link add bridge br0@x')).toMatchObject({ method: 'link.addBridge', input: { name: 'br0', namespace: 'x' } });
    expect(callOf('link add macvlan m0@x parent eth0@y mode vepa')).toMatchObject({
      method: 'link.addMacvlan',
      input: { name: 'm0', namespace: 'x', parent: 'eth0', parentNamespace: 'y', mode: 'vepa' },
    });
    expect(callOf('link add vxlan vx0@x id 42 remote 10.0.0.2 dstport 4790')).toMatchObject({
      method: 'link.addVxlan',
      input: { vni: 42, remote: '10.0.0.2', port: 4790 },
    });
    expect(callOf('link set v0@x up mtu 1400 name v1 master br0')).toMatchObject({ method: 'link.set', input: { up: true, mtu: 1400, name: 'v1', master: 'br0' } });
    expect(callOf('link set v0@x nomaster')).toMatchObject({ input: { master: null } });
    expect(callOf('link move v0@x y')).toMatchObject({ method: 'link.move', input: { link: 'v0', namespace: 'x', to: 'y' } });
    expect(callOf('link del v0@x')).toMatchObject({ method: 'link.delete' });
  });

  it('reads addresses, routes and namespaces', () => {
    expect(callOf('addr add 10.0.0.1/24 dev v0@x')).toMatchObject({ method: 'address.add', input: { address: '10.0.0.1/24', link: 'v0', namespace: 'x' } });
    expect(callOf('route add default via 10.0.0.254 dev v0@x metric 5')).toMatchObject({
      method: 'route.add',
      input: { destination: 'default', gateway: '10.0.0.254', link: 'v0', namespace: 'x', metric: 5 },
    });
    expect(callOf('route del 10.1.0.0/16 via 10.0.0.254 netns x')).toMatchObject({ input: { namespace: 'x', gateway: '10.0.0.254' } });
    expect(callOf('attach blue 123')).toMatchObject({ method: 'namespace.attach', input: { name: 'blue', pid: 123 } });
    expect(callOf('exec blue -- ip -br link')).toMatchObject({ method: 'exec.run', input: { namespace: 'blue', argv: ['ip', '-br', 'link'] } });
    expect(callOf('list --json')).toMatchObject({ method: 'namespace.list', json: true });
  });

  it('refuses malformed command lines with the form to use', () => {
    expect(() => parseCommand(['frobnicate'])).toThrow(/unknown command "frobnicate"/);
    expect(() => parseCommand('link add veth a@x'.split(' '))).toThrow(/peer PEER@NS/);
    expect(() => parseCommand('link set v0@x mtu big'.split(' '))).toThrow(/mtu must be a whole number/);
    expect(() => parseCommand('link add tunnel t@x'.split(' '))).toThrow(/unknown link type/);
    expect(() => parseCommand('route add default via'.split(' '))).toThrow(/"via" needs a value/);
    expect(() => parseCommand('exec blue ip link'.split(' '))).toThrow(/exec NS -- CMD/);
    expect(() => parseCommand('add a b'.split(' '))).toThrow(/unexpected "b"/);
  });

  it('leaves the rules to the contract, which names the field and the rule', () => {
    const bad = validated('link add veth averyveryverylongname@x peer b@y');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['name']);
    expect(bad.error?.issues[0]?.message).toMatch(/at most 15 bytes/);
    expect(validated('link set v0@x mtu 12').error?.issues[0]?.message).toMatch(/at least 68/);
    expect(validated('link add vxlan vx@x id 16777216').error?.issues[0]?.message).toMatch(/24 bits/);
    expect(validated('addr add 10.0.0.1/33 dev v0@x').error?.issues[0]?.path).toEqual(['address']);
    expect(validated('add ..').error?.issues[0]?.message).toMatch(/cannot be "\." or "\.\."/);
    expect(validated('route add default netns x').error?.issues[0]?.message).toMatch(/needs a gateway/);
  });
});

describe('netns-ctl sysctl and dns', () => {
  it('reads all keys, one key, or sets one, and refuses other keys with the list', () => {
    expect(callOf('sysctl blue')).toMatchObject({ method: 'sysctl.get', input: { namespace: 'blue' } });
    expect(callOf('sysctl blue net.ipv4.ip_forward')).toMatchObject({ method: 'sysctl.get', only: 'net.ipv4.ip_forward' });
    expect(callOf('sysctl pid:7 net.ipv4.ip_forward 1')).toMatchObject({ method: 'sysctl.set', input: { namespace: 'pid:7', key: 'net.ipv4.ip_forward', value: 1 } });
    expect(() => parseCommand(['sysctl', 'blue', 'kernel.panic'])).toThrow(/unknown key "kernel.panic"; supported keys: net\.ipv4\.ip_forward, net\.ipv6\.conf\.all\.forwarding/);
    expect(() => parseCommand(['sysctl', 'blue', 'net.ipv4.ip_forward', 'yes'])).toThrow(/VALUE must be a whole number/);
    expect(() => parseCommand(['sysctl'])).toThrow(/usage: netns-ctl sysctl NS/);
    expect(validated('sysctl blue net.ipv4.ip_default_ttl 300').error?.issues[0]?.message).toMatch(/1 to 255/);
  });
  it('reads, sets and resets DNS', () => {
    expect(callOf('dns blue')).toMatchObject({ method: 'dns.get', input: { namespace: 'blue' } });
    expect(callOf('dns blue reset')).toMatchObject({ method: 'dns.reset', input: { namespace: 'blue' } });
    expect(callOf('dns blue set nameserver 192.0.2.1 2001:db8::1 search a.example b.example host 10.0.0.5=db,db.a.example')).toMatchObject({
      method: 'dns.set',
      input: { namespace: 'blue', nameservers: ['192.0.2.1', '2001:db8::1'], search: ['a.example', 'b.example'], hosts: [{ address: '10.0.0.5', names: ['db', 'db.a.example'] }] },
    });
    expect(validated('dns blue set nameserver 192.0.2.1').success).toBe(true);
    expect(() => parseCommand(['dns', 'blue', 'set', 'search', 'a.example'])).toThrow(/at least one nameserver/);
    expect(() => parseCommand(['dns', 'blue', 'set', '192.0.2.1'])).toThrow(/say what it is first/);
    expect(() => parseCommand(['dns', 'blue', 'set', 'nameserver', '192.0.2.1', 'host', 'db'])).toThrow(/IP=NAME/);
    expect(() => parseCommand(['dns', 'blue', 'wipe'])).toThrow(/unknown dns action "wipe"/);
    expect(validated('dns a/b set nameserver 192.0.2.1').error?.issues[0]?.message).toMatch(/namespace name cannot contain "\/"/);
  });
});
