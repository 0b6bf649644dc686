// The command an administrator would type for each contract method: shown beside every action
// in the UI (with a copy button) and used by "export as a script". Pure: it only formats text.
import type { MethodInput, MethodName } from './contract';
import { sysctlKeys } from './netns-config';

/** How a namespace reference is reached from a shell. */
export type NamespaceTarget =
  | { kind: 'current' } // the namespace the core runs in: plain `ip`
  | { kind: 'name'; name: string } // `ip -n NAME`
  | { kind: 'pid'; pid: number }; // anonymous: `nsenter -t PID -n ip`

export interface CommandContext {
  /** Turns a reference (name, id or pid:N) into how to reach it; the default knows pid:N and names. */
  namespace?: (ref: string) => NamespaceTarget;
  /** The name of an interface given by index, when the caller knows it. */
  linkName?: (namespaceRef: string, ifindex: number) => string | undefined;
  /** The name of a VPN profile by uuid, when known (`nmcli connection up id NAME`). */
  vpnName?: (uuid: string) => string | undefined;
}

// None of these is special to a POSIX shell in an argument's place (no word we write from data
// comes first on a line, where "=" would make an assignment).
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Quotes a word for a POSIX shell only when it needs it: inside '...' only ' itself is special. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
const join = (words: (string | number)[]) => words.map((w) => shellQuote(String(w))).join(' ');

export function defaultNamespaceTarget(ref: string): NamespaceTarget {
  const pid = /^pid:(\d+)$/.exec(ref);
  if (pid) return { kind: 'pid', pid: Number(pid[1]) };
  return { kind: 'name', name: ref };
}

/** `ip` run in a namespace: `ip -n NAME ...`, `ip ...` or `nsenter -t PID -n ip ...`. */
function ipIn(target: NamespaceTarget, args: (string | number)[]): string {
  if (target.kind === 'name') return join(['ip', '-n', target.name, ...args]);
  if (target.kind === 'pid') return join(['nsenter', '-t', target.pid, '-n', 'ip', ...args]);
  return join(['ip', ...args]);
}
/** Any program run in a namespace: `ip netns exec NAME ...`. */
function execIn(target: NamespaceTarget, argv: string[]): string {
  if (target.kind === 'name') return join(['ip', 'netns', 'exec', target.name, ...argv]);
  if (target.kind === 'pid') return join(['nsenter', '-t', target.pid, '-n', ...argv]);
  return join(argv);
}
/** What `ip link ... netns X` accepts: a name or a PID (the current namespace is pid 1's). */
function netnsArg(target: NamespaceTarget): string | number {
  if (target.kind === 'name') return target.name;
  if (target.kind === 'pid') return target.pid;
  return 1;
}
const sameTarget = (a: NamespaceTarget, b: NamespaceTarget) => JSON.stringify(a) === JSON.stringify(b);
const isV6 = (...xs: (string | undefined)[]) => xs.some((x) => x !== undefined && x.includes(':'));

type Input<K extends MethodName> = MethodInput<K>;

/**
 * The equivalent command for a call, or null when there is none a person would type (writing to
 * a terminal, answering NetworkManager's secret agent, asking the host about itself).
 */
// New interfaces are named with the `name` keyword: a bare NAME that is also one of ip's words
// ("up", "mtu", "help"...) would be read as that word.
export function commandFor<K extends MethodName>(method: K, input: Input<K>, ctx: CommandContext = {}): string | null {
  const ns = ctx.namespace ?? defaultNamespaceTarget;
  const dev = (nsRef: string, link: string | number) =>
    typeof link === 'number' ? (ctx.linkName?.(nsRef, link) ?? `#${link}`) : link;
  const vpn = (uuid: string) => {
    const name = ctx.vpnName?.(uuid);
    return name !== undefined ? ['id', name] : ['uuid', uuid];
  };
  const i = input as Record<string, unknown>;
  switch (method) {
    case 'snapshot':
      return 'ip -all netns exec ip -details address show';
    case 'namespace.list':
      return 'lsns --type net';
    case 'namespace.add':
      return join(['ip', 'netns', 'add', i.name as string]);
    case 'namespace.delete':
      return join(['ip', 'netns', 'delete', i.name as string]);
    case 'namespace.stale':
      return 'ip netns list';
    case 'namespace.removeStale':
      // For a file with nothing mounted on it, ip's umount fails quietly and it unlinks the file: rm /run/netns/NAME.
      return join(['ip', 'netns', 'delete', i.name as string]);
    case 'namespace.attach':
      return join(['ip', 'netns', 'attach', i.name as string, i.pid as number]);
    case 'link.addVeth': {
      const x = input as Input<'link.addVeth'>;
      const here = ns(x.namespace);
      const there = ns(x.peerNamespace);
      const peer = ['peer', 'name', x.peerName, ...(sameTarget(here, there) ? [] : ['netns', netnsArg(there)])];
      return ipIn(here, ['link', 'add', 'name', x.name, 'type', 'veth', ...peer]);
    }
    case 'link.addBridge': {
      const x = input as Input<'link.addBridge'>;
      return ipIn(ns(x.namespace), ['link', 'add', 'name', x.name, 'type', 'bridge']);
    }
    case 'link.addMacvlan': {
      // A macvlan is born in its parent's namespace and moved in the same command.
      const x = input as Input<'link.addMacvlan'>;
      const home = ns(x.parentNamespace);
      const target = ns(x.namespace);
      const move = sameTarget(home, target) ? [] : ['netns', netnsArg(target)];
      return ipIn(home, ['link', 'add', 'name', x.name, 'link', dev(x.parentNamespace, x.parent), 'type', 'macvlan', 'mode', x.mode ?? 'bridge', ...move]);
    }
    case 'link.addVxlan': {
      const x = input as Input<'link.addVxlan'>;
      const opt = (k: string, v: string | number | undefined) => (v === undefined ? [] : [k, v]);
      return ipIn(ns(x.namespace), [
        'link', 'add', 'name', x.name, 'type', 'vxlan', 'id', x.vni,
        ...opt('remote', x.remote), ...opt('local', x.local), ...opt('group', x.group),
        ...opt('dev', x.dev === undefined ? undefined : dev(x.namespace, x.dev)),
        'dstport', x.port ?? 4789,
      ]);
    }
    case 'link.delete': {
      const x = input as Input<'link.delete'>;
      return ipIn(ns(x.namespace), ['link', 'delete', 'dev', dev(x.namespace, x.link)]);
    }
    case 'link.set': {
      const x = input as Input<'link.set'>;
      const words: (string | number)[] = ['link', 'set', 'dev', dev(x.namespace, x.link)];
      if (x.up !== undefined) words.push(x.up ? 'up' : 'down');
      if (x.mtu !== undefined) words.push('mtu', x.mtu);
      if (x.name !== undefined) words.push('name', x.name);
      if (x.master === null) words.push('nomaster');
      else if (x.master !== undefined) words.push('master', dev(x.namespace, x.master));
      return ipIn(ns(x.namespace), words);
    }
    case 'link.move': {
      const x = input as Input<'link.move'>;
      return ipIn(ns(x.namespace), ['link', 'set', 'dev', dev(x.namespace, x.link), 'netns', netnsArg(ns(x.to))]);
    }
    case 'address.add':
    case 'address.delete': {
      const x = input as Input<'address.add'>;
      return ipIn(ns(x.namespace), ['address', method === 'address.add' ? 'add' : 'delete', x.address, 'dev', dev(x.namespace, x.link)]);
    }
    case 'route.add':
    case 'route.delete': {
      const x = input as Input<'route.add'>;
      const words: (string | number)[] = isV6(x.destination, x.gateway) ? ['-6'] : [];
      words.push('route', method === 'route.add' ? 'add' : 'delete', x.destination);
      if (x.gateway !== undefined) words.push('via', x.gateway);
      if (x.link !== undefined) words.push('dev', dev(x.namespace, x.link));
      if (x.metric !== undefined) words.push('metric', x.metric);
      return ipIn(ns(x.namespace), words);
    }
    case 'route.list': {
      const x = input as Input<'route.list'>;
      return ipIn(ns(x.namespace), ['route', 'show', 'table', x.table]);
    }
    case 'exec.run': {
      const x = input as Input<'exec.run'>;
      return execIn(ns(x.namespace), x.argv);
    }
    case 'terminal.open': {
      const x = input as Input<'terminal.open'>;
      const argv = x.argv ?? ['/bin/sh'];
      return execIn(ns(x.namespace), argv);
    }
    case 'sysctl.get':
      return execIn(ns(i.namespace as string), ['sysctl', ...sysctlKeys]);
    case 'sysctl.set': {
      const x = input as Input<'sysctl.set'>;
      return execIn(ns(x.namespace), ['sysctl', '-w', `${x.key}=${x.value}`]);
    }
    case 'dns.get':
      return join(['ip', 'netns', 'exec', i.namespace as string, 'cat', '/etc/resolv.conf', '/etc/hosts']);
    case 'dns.set': {
      // What the core writes (without its header line), as one shell line.
      const x = input as Input<'dns.set'>;
      const dir = `/etc/netns/${x.namespace}`;
      const resolv = [...(x.search?.length ? [`search ${x.search.join(' ')}`] : []), ...x.nameservers.map((n) => `nameserver ${n}`)];
      let line = `${join(['mkdir', '-p', dir])} && ${join(['printf', '%s\\n', ...resolv])} > ${shellQuote(`${dir}/resolv.conf`)}`;
      if (x.hosts?.length) {
        const hosts = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback', ...x.hosts.map((h) => `${h.address} ${h.names.join(' ')}`)];
        line += ` && ${join(['printf', '%s\\n', ...hosts])} > ${shellQuote(`${dir}/hosts`)}`;
      }
      return line;
    }
    case 'dns.reset': {
      const dir = `/etc/netns/${i.namespace as string}`;
      return join(['rm', '-f', `${dir}/resolv.conf`, `${dir}/hosts`]);
    }
    case 'vpn.status':
      return 'nmcli general status';
    case 'vpn.list':
      return 'nmcli --fields NAME,UUID,TYPE,DEVICE connection show';
    case 'vpn.get':
      return join(['nmcli', 'connection', 'show', ...vpn(i.uuid as string)]);
    case 'vpn.import': {
      const x = input as Input<'vpn.import'>;
      const type = x.fileName.toLowerCase().endsWith('.conf') ? 'wireguard' : 'openvpn';
      return join(['nmcli', 'connection', 'import', 'type', type, 'file', x.fileName]);
    }
    // What the form gave, before the call; the answer replaces it with the command equal to what
    // NetworkManager was really sent (electron/nm/nmcli-command.ts). Never a whole `vpn.data` on
    // an edit: run, it would wipe every key it does not name.
    case 'vpn.create': {
      const x = input as Input<'vpn.create'>;
      const data = [`remote = ${x.remote}`, `port = ${x.port ?? 1194}`, `connection-type = ${x.connectionType}`];
      if (x.protocol === 'tcp') data.push('proto-tcp = yes');
      if (x.username) data.push(`username = ${x.username}`);
      for (const [k, v] of [['ca', x.ca], ['cert', x.cert], ['key', x.key], ['static-key', x.staticKey]] as const) {
        if (v) data.push(`${k} = ${v.startsWith('/') ? v : '<a file with the PEM given>'}`);
      }
      return join(['nmcli', 'connection', 'add', 'type', 'vpn', 'vpn-type', 'openvpn', 'con-name', x.name, 'vpn.data', data.join(', ')]);
    }
    case 'vpn.update': {
      const x = input as Input<'vpn.update'>;
      const f = x.fields;
      return join(['nmcli', 'connection', 'modify', ...vpn(x.uuid), 'connection.id', f.name, '+vpn.data', `remote = ${f.remote}, connection-type = ${f.connectionType}`]);
    }
    case 'vpn.rename': {
      const x = input as Input<'vpn.rename'>;
      return join(['nmcli', 'connection', 'modify', ...vpn(x.uuid), 'connection.id', x.name]);
    }
    case 'vpn.delete':
      return join(['nmcli', 'connection', 'delete', ...vpn(i.uuid as string)]);
    case 'vpn.export':
      return join(['nmcli', 'connection', 'export', ...vpn(i.uuid as string)]);
    case 'vpn.connect':
      return join(['nmcli', '--ask', 'connection', 'up', ...vpn(i.uuid as string)]);
    case 'vpn.disconnect':
      return join(['nmcli', 'connection', 'down', ...vpn(i.uuid as string)]);
    case 'terminal.write':
    case 'terminal.resize':
    case 'terminal.close':
    case 'vpn.secrets.answer':
    case 'vpn.secrets.cancel':
    case 'host.info':
    case 'host.retryCore':
    case 'guard.keep':
    case 'guard.rollback':
    case 'guard.list':
      return null;
  }
  return null;
}
