// Search hits where the picture draws them. An interface folded into a summary ("300 veth → …")
// has no box of its own: its summary is the hit instead, and says which of its interfaces were
// found, so a search never ends on nothing.
import type { Link, Namespace } from '../../shared/model';
import { linkKey } from '../model/topology-state';
import { kindOf, type TopologyGraph } from './graph';

export interface CanvasHits {
  /** The hits as drawn: interfaces and namespaces, and the summaries holding folded hits. */
  keys: ReadonlySet<string>;
  /** For each summary holding hits, the names of the interfaces found in it. */
  inside: ReadonlyMap<string, string[]>;
}

export function canvasHits(namespaces: ReadonlyMap<string, Namespace>, graph: TopologyGraph, hits: ReadonlySet<string>, state: 'all' | 'up' | 'down' = 'all'): CanvasHits {
  if (!hits.size || !graph.summaries.length) return { keys: hits, inside: new Map() };
  // A summary holds the interfaces of its kind that the state filter shows (graph.ts buildPart).
  const shown = (l: Link) => state === 'all' || (state === 'up') === l.up;
  const inside = new Map<string, string[]>();
  for (const s of graph.summaries) {
    const names: string[] = [];
    for (const l of namespaces.get(s.nsId)?.links ?? []) if (kindOf(l) === s.kind && shown(l) && hits.has(linkKey(s.nsId, l.ifindex))) names.push(l.name);
    if (names.length) inside.set(s.key, names);
  }
  return inside.size ? { keys: new Set([...hits, ...inside.keys()]), inside } : { keys: hits, inside };
}
