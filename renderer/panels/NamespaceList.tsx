// The side list: every namespace as on the canvas, keyboard reachable.
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
          <li key={n.id} className={props.selected === n.id ? 'selected' : ''}>
            <button className="ns-list-item" onClick={() => props.onSelect(n.id)} aria-current={props.selected === n.id}>
              <span className={`ns-dot${n.current ? ' current' : n.names.length ? '' : ' anonymous'}`} />
              <span className="ns-list-label">{namespaceLabel(n)}</span>
              <span className="muted">{n.links.length}</span>
            </button>
            <button className="icon-button" aria-label={props.collapsed.has(n.id) ? `Expand ${namespaceLabel(n)}` : `Collapse ${namespaceLabel(n)}`} onClick={() => props.onToggle(n.id)}>
              {props.collapsed.has(n.id) ? '▸' : '▾'}
            </button>
          </li>
        ))}
      </ul>
      <StaleNames />
    </>
  );
}
