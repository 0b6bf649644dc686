// "Export as a script": the ip commands that re-create the named namespaces with their links,
// addresses and state. Built from commandFor, so it reads exactly like the activity log.
// Names come from the machine, not from us: every command quotes them as shell words (commandFor),
// and comments show them with control characters escaped, since a newline would end the comment.
import { commandFor, type CommandContext, type NamespaceTarget } from '../../shared/commands';
import { isLinkLocal } from '../../shared/ip';
import type { Link, Namespace } from '../../shared/model';

/** Addresses the kernel makes by itself: re-adding them would fail or duplicate. */
const automatic = (l: Link, a: string) => isLinkLocal(a) || (l.kind === 'loopback' && (a.startsWith('127.') || a === '::1/128'));

/** A name inside a `#` comment: control characters as \xNN, so the comment stays one line. */
const inComment = (name: string) => name.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function exportScript(namespaces: Namespace[]): string {
  const named = namespaces.filter((n) => n.names.length > 0 && !n.current);
  const byId = new Map(namespaces.map((n) => [n.id, n]));
  const nameOf = (id: string | null) => (id === null ? undefined : byId.get(id)?.names[0]);
  const ctx: CommandContext = { namespace: (ref): NamespaceTarget => ({ kind: 'name', name: ref }) };
  const lines: string[] = ['#!/bin/sh', '# Re-creates the named network namespaces as Netns Studio saw them.', 'set -e', ''];

  for (const ns of named) lines.push(commandFor('namespace.add', { name: ns.names[0]! }, ctx)!);
  const made = new Set<string>();
  const key = (nsId: string, ifindex: number) => `${nsId}:${ifindex}`;
  const linkName = (nsId: string, ifindex: number) => byId.get(nsId)?.links.find((l) => l.ifindex === ifindex)?.name;

  // Bridges first, so ports can be enslaved when they are made.
  const ordered = (ns: Namespace) => [...ns.links].sort((a, b) => Number(b.kind === 'bridge') - Number(a.kind === 'bridge'));
  for (const ns of named) {
    const here = ns.names[0]!;
    lines.push('', `# ${inComment(here)}`);
    for (const l of ordered(ns)) {
      if (l.kind === 'loopback' || made.has(key(ns.id, l.ifindex))) continue;
      made.add(key(ns.id, l.ifindex));
      if (l.kind === 'veth' && l.peer) {
        const peerNs = nameOf(l.peer.namespace);
        const peerName = l.peer.namespace === null ? undefined : linkName(l.peer.namespace, l.peer.ifindex);
        if (!peerNs || !peerName) {
          lines.push(`# ${inComment(l.name)}: its peer is in a namespace without a name, not re-created`);
          continue;
        }
        made.add(key(l.peer.namespace!, l.peer.ifindex));
        lines.push(commandFor('link.addVeth', { namespace: here, name: l.name, peerNamespace: peerNs, peerName }, ctx)!);
      } else if (l.kind === 'bridge') {
        lines.push(commandFor('link.addBridge', { namespace: here, name: l.name }, ctx)!);
      } else if (l.kind === 'macvlan' && l.parent) {
        const parentNs = nameOf(l.parent.namespace);
        const parent = l.parent.namespace === null ? undefined : linkName(l.parent.namespace, l.parent.ifindex);
        if (!parentNs || !parent) {
          lines.push(`# ${inComment(l.name)}: its parent is in a namespace without a name, not re-created`);
          continue;
        }
        const mode = typeof l.details?.mode === 'string' ? l.details.mode : 'bridge';
        lines.push(commandFor('link.addMacvlan', { namespace: here, name: l.name, parentNamespace: parentNs, parent, mode: mode as 'bridge' }, ctx)!);
      } else if (l.kind === 'vxlan' && typeof l.details?.id === 'number') {
        const d = l.details;
        const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
        // The underlay device (IFLA_VXLAN_LINK), when it is in the same namespace.
        const dev = l.parent && l.parent.namespace === ns.id ? linkName(ns.id, l.parent.ifindex) : undefined;
        lines.push(
          commandFor('link.addVxlan', {
            namespace: here, name: l.name, vni: d.id as number, remote: str('remote'), local: str('local'), group: str('group'),
            port: typeof d.port === 'number' ? d.port : 4789, ...(dev ? { dev } : {}),
          }, ctx)!,
        );
      } else {
        lines.push(`# ${inComment(l.name)}: a ${inComment(l.kind ?? 'physical')} interface, not re-created`);
      }
    }
  }
  // Then the settings of every interface, wherever it ended up.
  for (const ns of named) {
    const here = ns.names[0]!;
    for (const l of ns.links) {
      const set = (input: Omit<Parameters<typeof commandFor<'link.set'>>[1], 'namespace' | 'link'>) =>
        lines.push(commandFor('link.set', { namespace: here, link: l.name, ...input }, ctx)!);
      if (l.master !== null) {
        const m = ns.links.find((x) => x.ifindex === l.master);
        if (m) set({ master: m.name });
      }
      if (l.mtu !== 1500 && l.kind !== 'loopback') set({ mtu: l.mtu });
      for (const a of l.addresses) if (!automatic(l, a)) lines.push(commandFor('address.add', { namespace: here, link: l.name, address: a }, ctx)!);
      if (l.up) set({ up: true });
    }
  }
  return lines.join('\n') + '\n';
}
