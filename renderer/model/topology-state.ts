// The topology as the renderer holds it: the shared meaning of events (shared/topology.ts), and
// how a person names a namespace.
import { ownerLabel } from '../../shared/owners';
import type { NamespaceSummary } from '../../shared/model';

export * from '../../shared/topology';

/** The label a person knows a namespace by: "host", its names, or "pid 812 · nginx". */
export function namespaceLabel(ns: NamespaceSummary): string {
  if (ns.current) return ns.names.length ? `host (${ns.names.join(', ')})` : 'host';
  // A container's namespace by its owner ("web-1 · docker"); a plain one by name or process.
  const owner = ns.owner && !['unknown', 'netns', 'host'].includes(ns.owner.kind) ? ns.owner : null;
  if (ns.names.length) return owner ? `${ns.names.join(', ')} · ${owner.kind}` : ns.names.join(', ');
  if (owner) return ownerLabel(owner);
  const p = ns.processes[0];
  if (p) return `pid ${p.pid} · ${p.command}`;
  if (ns.pids[0] !== undefined) return `pid ${ns.pids[0]}`;
  return `namespace ${ns.id}`;
}

/** How to name a namespace in a method call: a name, else pid:N, else its id. */
export function namespaceRef(ns: NamespaceSummary): string {
  if (ns.names[0] !== undefined) return ns.names[0];
  if (ns.current) return ns.id;
  if (ns.pids[0] !== undefined) return `pid:${ns.pids[0]}`;
  return ns.id;
}
