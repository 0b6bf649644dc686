// How an owner (shared/model.ts namespaceOwner) reads in labels, lists and search, the same in the
// renderer and netns-ctl.
import type { NamespaceOwner } from './model';

/** "web-1 · docker", "1f2e3d4c5b6a · docker" (a container id is shown short, as `docker ps` does). */
export function ownerLabel(owner: NamespaceOwner): string {
  const who = owner.name ?? (owner.id ? owner.id.slice(0, 12) : null);
  return who ? `${who} · ${owner.kind}` : owner.kind;
}

/** Every word an owner can be searched by: kind, name, id and the details' values. */
export const ownerSearchText = (owner: NamespaceOwner): string =>
  [owner.kind, owner.name ?? '', owner.id ?? '', ...Object.values(owner.detail)].join(' ').toLowerCase();
