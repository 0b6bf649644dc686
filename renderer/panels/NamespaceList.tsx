// The side list: every namespace as on the canvas, keyboard reachable.
import { memo } from 'react';
import type { Namespace } from '../../shared/model';
import { namespaceLabel } from '../model/topology-state';
import { StaleNames } from './StaleNames';

export function NamespaceList(props: {
  namespaces: Namespace[];
  selected: string | null;
  collapsed: ReadonlySet<string>;
  onSelect: (nsId: string) => void;
  onToggle: (nsId: string) => void;
}) {
  if (props.namespaces.length === 0)
    return (
      <>
        <p className="empty">No namespaces yet.</p>
        <StaleNames />
      </>
    );
  return (
    <>
      <ul className="ns-list" aria-label="Namespaces">
        {props.namespaces.map((n) => (
          <NamespaceRow key={n.id} ns={n} selected={props.selected === n.id} collapsed={props.collapsed.has(n.id)} onSelect={props.onSelect} onToggle={props.onToggle} />
        ))}
      </ul>
      <StaleNames />
    </>
  );
}

/** One row, drawn again only when its namespace object, selection or fold changed: the model
 * replaces only the namespace an event touched, so one change redraws one row of a thousand. */
const NamespaceRow = memo(function NamespaceRow(p: { ns: Namespace; selected: boolean; collapsed: boolean; onSelect: (nsId: string) => void; onToggle: (nsId: string) => void }) {
  const n = p.ns;
  return (
    <li className={p.selected ? 'selected' : ''}>
      <button className="ns-list-item" onClick={() => p.onSelect(n.id)} aria-current={p.selected}>
        <span className={`ns-dot${n.current ? ' current' : n.names.length ? '' : ' anonymous'}`} />
        <span className="ns-list-label">{namespaceLabel(n)}</span>
        <span className="muted">{n.links.length}</span>
      </button>
      <button className="icon-button" aria-label={p.collapsed ? `Expand ${namespaceLabel(n)}` : `Collapse ${namespaceLabel(n)}`} onClick={() => p.onToggle(n.id)}>
        {p.collapsed ? '▸' : '▾'}
      </button>
    </li>
  );
});
