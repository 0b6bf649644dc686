// What an interface is joined to, each a button that selects the other end (and brings it into
// view): a bridge's ports, a veth's peer as name@namespace, a port's bridge, a macvlan's parent.
import type { ReactNode } from 'react';
import type { Link, LinkPointer, Namespace } from '../../shared/model';
import { namespaceLabel } from '../model/topology-state';
import { dotOf, stateSummary } from '../topology/link-state';

export type PickInterface = (nsId: string, ifindex: number) => void;

function LinkButton({ ns, link, here, onPick }: { ns: Namespace; link: Link; here: boolean; onPick: PickInterface }) {
  const label = here ? link.name : `${link.name}@${namespaceLabel(ns)}`;
  return (
    <button className="link-button" onClick={() => onPick(ns.id, link.ifindex)} title={`${label}: ${stateSummary(link)}`}>
      <span className={`state-dot ${dotOf(link)}`} aria-hidden />
      <span>{label}</span>
    </button>
  );
}

/** The other end of a pointer, or a sentence when it is in a namespace we cannot see or gone. */
function Pointed({ to, namespaces, onPick }: { to: LinkPointer; namespaces: Namespace[]; onPick: PickInterface }) {
  if (to.namespace === null) return <span className="muted">#{to.ifindex} in a namespace this machine does not show</span>;
  const ns = namespaces.find((n) => n.id === to.namespace);
  const link = ns?.links.find((l) => l.ifindex === to.ifindex);
  if (!ns || !link) return <span className="muted">#{to.ifindex} (not found)</span>;
  return <LinkButton ns={ns} link={link} here={false} onPick={onPick} />;
}

export function LinkRelations(props: { ns: Namespace; link: Link; namespaces: Namespace[]; onPick: PickInterface }) {
  const { ns, link, namespaces, onPick } = props;
  const ports = link.kind === 'bridge' ? ns.links.filter((l) => l.master === link.ifindex) : [];
  const master = link.master !== null ? ns.links.find((l) => l.ifindex === link.master) : undefined;
  const rows: { label: string; body: ReactNode; testid: string }[] = [];
  if (link.kind === 'veth') {
    rows.push({
      label: 'Peer',
      testid: 'veth-peer',
      body: link.peer ? <Pointed to={link.peer} namespaces={namespaces} onPick={onPick} /> : <span className="muted">unknown</span>,
    });
  }
  if (link.kind === 'bridge') {
    rows.push({
      label: `Ports (${ports.length})`,
      testid: 'bridge-ports',
      body: ports.length === 0 ? <span className="muted">none: set an interface's master to this bridge</span> : (
        <ul className="link-buttons">{ports.map((p) => <li key={p.ifindex}><LinkButton ns={ns} link={p} here onPick={onPick} /></li>)}</ul>
      ),
    });
  }
  if (master) rows.push({ label: 'Bridge', testid: 'port-of', body: <LinkButton ns={ns} link={master} here onPick={onPick} /> });
  if (link.parent && link.kind !== 'veth') {
    rows.push({ label: 'Parent', testid: 'link-parent', body: <Pointed to={link.parent} namespaces={namespaces} onPick={onPick} /> });
  }
  if (rows.length === 0) return null;
  return (
    <dl className="facts relations">
      {rows.map((r) => (
        <div key={r.label} className="fact-row" data-testid={r.testid}>
          <dt>{r.label}</dt>
          <dd>{r.body}</dd>
        </div>
      ))}
    </dl>
  );
}
