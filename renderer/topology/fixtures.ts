// Small hand-made topologies for the renderer's unit tests.
import type { Link, Namespace } from '../../shared/model';

export function link(ifindex: number, name: string, extra: Partial<Link> = {}): Link {
  return {
    ifindex, name, kind: null, up: true, operstate: 'up', carrier: true, mtu: 1500, mac: null,
    master: null, parent: null, peer: null, addresses: [], ...extra,
  };
}
export function namespace(id: string, names: string[], links: Link[], extra: Partial<Namespace> = {}): Namespace {
  return { id, names, pids: [], processes: [], nsid: null, current: false, links, routes: [], ...extra };
}
