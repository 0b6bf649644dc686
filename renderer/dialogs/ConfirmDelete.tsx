// Deleting asks first and says what goes with it: a veth's peer, a namespace's interfaces and
// the processes that keep it alive after its name is gone.
import type { Link, Namespace } from '../../shared/model';
import { run } from '../app/activity';
import { namespaceLabel, namespaceRef, type TopologyState } from '../model/topology-state';
import { FormDialog, useSubmit, type Outcome } from './FormDialog';

export type DeleteTarget = { type: 'namespace'; ns: Namespace } | { type: 'interface'; ns: Namespace; link: Link } | null;

export function ConfirmDelete({ target, state, onClose }: { target: DeleteTarget; state: TopologyState; onClose: () => void }) {
  const close = () => {
    reset();
    onClose();
  };
  const { busy, error, submit, reset } = useSubmit(close);
  if (!target) return null;
  let title = '';
  let consequences: string[] = [];
  let action: () => Promise<Outcome>;
  if (target.type === 'namespace') {
    const name = target.ns.names[0]!;
    title = `Delete namespace ${name}?`;
    consequences = [`Removes the name ${name} from /run/netns.`];
    if (target.ns.pids.length)
      consequences.push(`${target.ns.pids.length} process${target.ns.pids.length > 1 ? 'es keep' : ' keeps'} it alive (${target.ns.processes.map((p) => `${p.command} ${p.pid}`).join(', ')}): it stays, without a name.`);
    else if (target.ns.links.length) consequences.push(`Its ${target.ns.links.length} interfaces go with it; veth peers elsewhere are deleted too, physical devices return to the host.`);
    action = () => run('namespace.delete', { name }, `Delete namespace ${name}`);
  } else {
    const { link, ns } = target;
    title = `Delete ${link.name} in ${namespaceLabel(ns)}?`;
    if (link.kind === 'veth' && link.peer) {
      const peerNs = link.peer.namespace ? state.namespaces.get(link.peer.namespace) : undefined;
      const peer = peerNs?.links.find((l) => l.ifindex === link.peer!.ifindex);
      consequences.push(`Its peer ${peer?.name ?? `#${link.peer.ifindex}`}${peerNs ? ` in ${namespaceLabel(peerNs)}` : ''} is deleted with it.`);
    }
    if (link.kind === 'bridge') {
      const ports = ns.links.filter((l) => l.master === link.ifindex).map((l) => l.name);
      if (ports.length) consequences.push(`Its ports (${ports.join(', ')}) are released.`);
    }
    if (link.addresses.length) consequences.push(`Its addresses (${link.addresses.join(', ')}) and routes through it go.`);
    action = () => run('link.delete', { namespace: namespaceRef(ns), link: link.ifindex }, `Delete ${link.name}`);
  }
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && close()}
      title={title}
      danger
      submitLabel="Delete"
      busy={busy}
      error={error}
      description={consequences.length ? <ul>{consequences.map((c) => <li key={c}>{c}</li>)}</ul> : 'Nothing else goes with it.'}
      onSubmit={() => submit(action)}
    />
  );
}
