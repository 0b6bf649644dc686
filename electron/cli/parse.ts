// netns-ctl's grammar: words on the command line to one contract method and its input. Pure, so
// every verb is unit-tested without a kernel; the contract validates the input afterwards, so a
// bad name or number is refused with the same words as in the app.
import type { MethodName } from '../../shared/contract';
import { isSysctlKey, sysctlKeys } from '../../shared/netns-config';

export class UsageError extends Error {}

export interface Call {
  kind: 'call';
  method: MethodName;
  input: Record<string, unknown>;
  json: boolean;
  /** sysctl NS KEY: print that key only. */
  only?: string;
}
export type Command = Call | { kind: 'monitor' } | { kind: 'vpn'; args: string[] } | { kind: 'help' };

/** The namespace the CLI itself runs in, for IF without @NS. */
export const CURRENT = `pid:${process.pid}`;

export const usage = `usage: netns-ctl COMMAND [ARGS] [--json]
  list [--json]                      every namespace, named and anonymous
  add NAME | del NAME                create or remove a named namespace (ip netns add/del)
  attach NAME PID                    name the namespace of process PID
  exec NS -- CMD [ARGS...]           run a command inside NS (ip netns exec)
  snapshot                           everything, as JSON
  link add veth NAME@NS peer PEER@NS
  link add bridge NAME@NS
  link add macvlan NAME@NS parent IF@NS [mode bridge|private|vepa|passthru|source]
  link add vxlan NAME@NS id N [remote IP | group IP] [local IP] [dev IF] [dstport PORT]
  link del IF@NS
  link set IF@NS [up|down] [mtu N] [name NEW] [master BR|nomaster]
  link move IF@NS NS2
  addr add|del CIDR dev IF@NS
  route add|del DEST|default [via GW] [dev IF@NS] [metric N] [netns NS]
  sysctl NS [KEY [VALUE]]            forwarding, rp_filter, TTL/hop limit of NS (ip netns exec NS sysctl)
  dns NS                             the resolv.conf and hosts commands in NS see
  dns NS set nameserver IP... [search DOMAIN...] [host IP=NAME[,NAME]...]
  dns NS reset                       remove the resolv.conf and hosts we wrote for NS
  monitor                            events as JSON lines until interrupted
  vpn list|import FILE|up NAME|down NAME|delete NAME [--json]
NS is a name, a namespace id (inode) or pid:N; IF@NS without @NS means the current namespace.`;

/** "v0@blue" → { link: "v0", namespace: "blue" }; the first "@" splits, since names of namespaces may hold one. */
export function splitAt(word: string): { link: string | number; namespace: string } {
  const at = word.indexOf('@');
  const name = at < 0 ? word : word.slice(0, at);
  const namespace = at < 0 ? CURRENT : word.slice(at + 1);
  if (name === '') throw new UsageError(`"${word}": an interface name is missing before "@"`);
  if (namespace === '') throw new UsageError(`"${word}": a namespace is missing after "@"`);
  return { link: /^[1-9][0-9]*$/.test(name) ? Number(name) : name, namespace };
}

const number = (word: string | undefined, what: string): number => {
  if (word === undefined || !/^-?[0-9]+$/.test(word)) throw new UsageError(`${what} must be a whole number, not "${word ?? ''}"`);
  return Number(word);
};

/** Reads KEY VALUE pairs after the fixed words; refuses unknown keys and missing values. */
function options(words: string[], allowed: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i]!;
    if (!allowed.includes(key)) throw new UsageError(`unknown option "${key}" (expected ${allowed.join(', ')})`);
    const value = words[i + 1];
    if (value === undefined) throw new UsageError(`"${key}" needs a value`);
    if (out.has(key)) throw new UsageError(`"${key}" given twice`);
    out.set(key, value);
  }
  return out;
}

function need(words: string[], n: number, form: string): void {
  if (words.length < n) throw new UsageError(`usage: netns-ctl ${form}`);
}

export function parseCommand(argvIn: string[]): Command {
  const dashdash = argvIn.indexOf('--');
  const before = dashdash < 0 ? argvIn : argvIn.slice(0, dashdash);
  const json = before.includes('--json');
  const argv = [...before.filter((a) => a !== '--json'), ...(dashdash < 0 ? [] : argvIn.slice(dashdash))];
  const [verb, ...rest] = argv;
  const call = (method: MethodName, input: Record<string, unknown>): Call => ({ kind: 'call', method, input, json });
  const noMore = (words: string[], form: string) => {
    if (words.length) throw new UsageError(`unexpected "${words[0]}" (usage: netns-ctl ${form})`);
  };
  switch (verb) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { kind: 'help' };
    case 'list':
      noMore(rest, 'list [--json]');
      return call('namespace.list', {});
    case 'snapshot':
      noMore(rest, 'snapshot');
      return { ...call('snapshot', {}), json: true };
    case 'add':
      need(rest, 1, 'add NAME');
      noMore(rest.slice(1), 'add NAME');
      return call('namespace.add', { name: rest[0] });
    case 'del':
    case 'delete':
      need(rest, 1, 'del NAME');
      noMore(rest.slice(1), 'del NAME');
      return call('namespace.delete', { name: rest[0] });
    case 'attach':
      need(rest, 2, 'attach NAME PID');
      noMore(rest.slice(2), 'attach NAME PID');
      return call('namespace.attach', { name: rest[0], pid: number(rest[1], 'PID') });
    case 'exec': {
      const sep = rest.indexOf('--');
      if (sep !== 1 || rest.length < 3) throw new UsageError('usage: netns-ctl exec NS -- CMD [ARGS...]');
      return call('exec.run', { namespace: rest[0], argv: rest.slice(2) });
    }
    case 'sysctl': {
      const form = 'sysctl NS [KEY [VALUE]]';
      need(rest, 1, form);
      const [namespace, key, value, ...more] = rest;
      noMore(more, form);
      if (key !== undefined && !isSysctlKey(key)) throw new UsageError(`unknown key "${key}"; supported keys: ${sysctlKeys.join(', ')}`);
      if (value === undefined) return { ...call('sysctl.get', { namespace }), ...(key ? { only: key } : {}) };
      return call('sysctl.set', { namespace, key, value: number(value, 'VALUE') });
    }
    case 'dns':
      return parseDns(rest, call);
    case 'monitor':
      noMore(rest, 'monitor');
      return { kind: 'monitor' };
    case 'vpn':
      return { kind: 'vpn', args: argvIn.slice(1) };
    case 'link':
      return parseLink(rest, call);
    case 'addr':
    case 'address': {
      const [op, cidr, devWord, dev, ...more] = rest;
      if ((op !== 'add' && op !== 'del') || cidr === undefined || devWord !== 'dev' || dev === undefined)
        throw new UsageError('usage: netns-ctl addr add|del CIDR dev IF@NS');
      noMore(more, 'addr add|del CIDR dev IF@NS');
      return call(op === 'add' ? 'address.add' : 'address.delete', { ...splitAt(dev), address: cidr });
    }
    case 'route': {
      const [op, destination, ...more] = rest;
      if ((op !== 'add' && op !== 'del') || destination === undefined)
        throw new UsageError('usage: netns-ctl route add|del DEST|default [via GW] [dev IF@NS] [metric N] [netns NS]');
      const o = options(more, ['via', 'dev', 'metric', 'netns']);
      const input: Record<string, unknown> = { destination };
      if (o.has('dev')) Object.assign(input, splitAt(o.get('dev')!));
      if (o.has('netns')) {
        if (o.has('dev') && o.get('dev')!.includes('@')) throw new UsageError('give the namespace once: dev IF@NS or netns NS');
        input.namespace = o.get('netns');
      }
      input.namespace ??= CURRENT;
      if (o.has('via')) input.gateway = o.get('via');
      if (o.has('metric')) input.metric = number(o.get('metric'), 'metric');
      return call(op === 'add' ? 'route.add' : 'route.delete', input);
    }
    default:
      throw new UsageError(`unknown command "${verb}"; try netns-ctl help`);
  }
}

function parseLink(rest: string[], call: (m: MethodName, i: Record<string, unknown>) => Call): Call {
  const [op, ...args] = rest;
  switch (op) {
    case 'add': {
      const [type, nameWord, ...more] = args;
      if (!type || !nameWord) throw new UsageError('usage: netns-ctl link add veth|bridge|macvlan|vxlan NAME@NS ...');
      const self = splitAt(nameWord);
      const base = { name: self.link, namespace: self.namespace };
      if (type === 'veth') {
        const o = options(more, ['peer']);
        if (!o.has('peer')) throw new UsageError('usage: netns-ctl link add veth NAME@NS peer PEER@NS');
        const peer = splitAt(o.get('peer')!);
        return call('link.addVeth', { ...base, peerName: peer.link, peerNamespace: peer.namespace });
      }
      if (type === 'bridge') {
        options(more, []);
        return call('link.addBridge', base);
      }
      if (type === 'macvlan') {
        const o = options(more, ['parent', 'mode']);
        if (!o.has('parent')) throw new UsageError('usage: netns-ctl link add macvlan NAME@NS parent IF@NS [mode M]');
        const parent = splitAt(o.get('parent')!);
        return call('link.addMacvlan', {
          ...base,
          parent: parent.link,
          parentNamespace: parent.namespace,
          ...(o.has('mode') ? { mode: o.get('mode') } : {}),
        });
      }
      if (type === 'vxlan') {
        const o = options(more, ['id', 'remote', 'local', 'group', 'dev', 'dstport']);
        if (!o.has('id')) throw new UsageError('usage: netns-ctl link add vxlan NAME@NS id N [remote IP] ...');
        const input: Record<string, unknown> = { ...base, vni: number(o.get('id'), 'id') };
        for (const k of ['remote', 'local', 'group'] as const) if (o.has(k)) input[k] = o.get(k);
        if (o.has('dev')) input.dev = /^[1-9][0-9]*$/.test(o.get('dev')!) ? Number(o.get('dev')) : o.get('dev');
        if (o.has('dstport')) input.port = number(o.get('dstport'), 'dstport');
        return call('link.addVxlan', input);
      }
      throw new UsageError(`unknown link type "${type}" (veth, bridge, macvlan or vxlan)`);
    }
    case 'del':
    case 'delete': {
      if (args.length !== 1) throw new UsageError('usage: netns-ctl link del IF@NS');
      return call('link.delete', splitAt(args[0]!));
    }
    case 'set': {
      const [target, ...words] = args;
      if (!target || words.length === 0) throw new UsageError('usage: netns-ctl link set IF@NS [up|down] [mtu N] [name NEW] [master BR|nomaster]');
      const input: Record<string, unknown> = { ...splitAt(target) };
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (w === 'up' || w === 'down') input.up = w === 'up';
        else if (w === 'nomaster') input.master = null;
        else if (w === 'mtu') input.mtu = number(words[++i], 'mtu');
        else if (w === 'name') {
          if (words[i + 1] === undefined) throw new UsageError('"name" needs a value');
          input.name = words[++i];
        } else if (w === 'master') {
          const m = words[++i];
          if (m === undefined) throw new UsageError('"master" needs a bridge');
          input.master = /^[1-9][0-9]*$/.test(m) ? Number(m) : m;
        } else throw new UsageError(`unknown link setting "${w}" (up, down, mtu, name, master, nomaster)`);
      }
      return call('link.set', input);
    }
    case 'move': {
      if (args.length !== 2) throw new UsageError('usage: netns-ctl link move IF@NS NS2');
      return call('link.move', { ...splitAt(args[0]!), to: args[1] });
    }
    default:
      throw new UsageError('usage: netns-ctl link add|del|set|move ...');
  }
}

const DNS_FORM = 'dns NS [set nameserver IP... [search DOMAIN...] [host IP=NAME[,NAME]...] | reset]';

/** dns NS | dns NS set nameserver IP... [search D...] [host IP=NAME,...] | dns NS reset */
function parseDns(rest: string[], call: (m: MethodName, i: Record<string, unknown>) => Call): Call {
  const [namespace, op, ...words] = rest;
  if (namespace === undefined) throw new UsageError(`usage: netns-ctl ${DNS_FORM}`);
  if (op === undefined) return call('dns.get', { namespace });
  if (op === 'reset') {
    if (words.length) throw new UsageError(`unexpected "${words[0]}" (usage: netns-ctl dns NS reset)`);
    return call('dns.reset', { namespace });
  }
  if (op !== 'set') throw new UsageError(`unknown dns action "${op}" (set or reset; usage: netns-ctl ${DNS_FORM})`);
  const lists: Record<'nameserver' | 'search' | 'host', string[]> = { nameserver: [], search: [], host: [] };
  let section: keyof typeof lists | null = null;
  for (const w of words) {
    if (w === 'nameserver' || w === 'search' || w === 'host') section = w;
    else if (!section) throw new UsageError(`"${w}": say what it is first: nameserver, search or host`);
    else lists[section].push(w);
  }
  if (!lists.nameserver.length) throw new UsageError(`dns set needs at least one nameserver (usage: netns-ctl ${DNS_FORM})`);
  const hosts = lists.host.map((h) => {
    const eq = h.indexOf('=');
    if (eq <= 0 || eq === h.length - 1) throw new UsageError(`host "${h}": write it as IP=NAME[,NAME]`);
    return { address: h.slice(0, eq), names: h.slice(eq + 1).split(',') };
  });
  return call('dns.set', { namespace, nameservers: lists.nameserver, search: lists.search, hosts });
}
