// The side list: every namespace as on the canvas, keyboard reachable. Only the rows in the side
// panel's view are in the DOM (5001 rows made every style and layout pass of the page walk them
// while the canvas panned, docs/PERFORMANCE.md); the list keeps its full height, so it scrolls
// as before, and the keyboard moves through every namespace, scrolling as it goes.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { Namespace } from '../../shared/model';
import { namespaceLabel } from '../model/topology-state';
import { moveByKey, rowsInView, rowsToDraw, scrollToShow, type RowRange } from './list-window';
import { StaleNames } from './StaleNames';

/** A row's height and the list's padding in px: `.ns-list-windowed li { height }` and `.ns-list
 * { padding }` in app.css. The height is what a row's button took when rows flowed (13 px × 1.4
 * line + 2 × 5 px padding = 28.2 px, laid out by Chromium in 1/64 px as 28.1875), so every row
 * sits on the very pixel it did before. */
export const ROW_HEIGHT = 28.1875;
const PAD = 4;
/** Rows drawn above and below the view, so a small scroll draws nothing new at once. */
const OVERSCAN = 8;
/** Rows drawn before the view is measured (a screenful of a tall window). */
const FIRST_ROWS = 60;

export function NamespaceList(props: {
  namespaces: Namespace[];
  selected: string | null;
  collapsed: ReadonlySet<string>;
  /** Where the canvas was last asked to look (a search, a pick): its namespace's row is shown too. */
  focus?: { keys: string[]; token: number };
  onSelect: (nsId: string) => void;
  onToggle: (nsId: string) => void;
}) {
  const { namespaces } = props;
  const count = namespaces.length;
  const listRef = useRef<HTMLUListElement>(null);
  const [range, setRange] = useState<RowRange>({ first: 0, end: FIRST_ROWS });
  const indexOf = useMemo(() => new Map(namespaces.map((n, i) => [n.id, i])), [namespaces]);
  // The keyboard's row (the list's one Tab stop), by id so it stays on its namespace as others come and go.
  const [activeId, setActiveId] = useState<string | null>(null);
  const active = Math.min(count - 1, (activeId !== null ? indexOf.get(activeId) : undefined) ?? (props.selected !== null ? indexOf.get(props.selected) : undefined) ?? 0);
  // After a key moved the keyboard's row: which of its buttons takes the focus once it is drawn.
  const focusNext = useRef<'item' | 'toggle' | null>(null);

  /** The scrolling element around the list (the side panel) and the rows' top inside its content. */
  const view = useCallback(() => {
    const ul = listRef.current;
    const scroller = ul && scrollParent(ul);
    if (!ul || !scroller) return null;
    const rowsTop = ul.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop + PAD;
    return { scroller, rowsTop, top: scroller.scrollTop - rowsTop, height: scroller.clientHeight };
  }, []);
  const measure = useCallback(() => {
    const v = view();
    if (!v) return;
    const r = rowsInView({ top: v.top, height: v.height, rowHeight: ROW_HEIGHT, count, overscan: OVERSCAN });
    setRange((old) => (old.first === r.first && old.end === r.end ? old : r));
  }, [view, count]);
  const reveal = useCallback((index: number) => {
    const v = view();
    if (!v || index < 0) return;
    const top = scrollToShow({ index, top: v.top, height: v.height, rowHeight: ROW_HEIGHT });
    // the list's padding comes into view with its first and last rows
    if (top !== v.top) v.scroller.scrollTop = top + v.rowsTop + (index === 0 ? -PAD : index === count - 1 ? PAD : 0);
    measure();
  }, [view, measure, count]);

  // The rows follow the side panel's scroll and size.
  useLayoutEffect(() => {
    const scroller = listRef.current && scrollParent(listRef.current);
    if (!scroller) return;
    measure();
    scroller.addEventListener('scroll', measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, [measure]);

  // A namespace selected anywhere (the canvas, a details panel) becomes the keyboard's row and is shown.
  const selectedIndex = props.selected !== null ? indexOf.get(props.selected) : undefined;
  useLayoutEffect(() => {
    if (props.selected === null || selectedIndex === undefined) return;
    setActiveId(props.selected);
    reveal(selectedIndex);
    // on a new selection only, not on every change of the list
  }, [props.selected]);
  // Where a search took the canvas: the first namespace it names is shown in the list too.
  // (A request made before the list was drawn, e.g. while the VPN tab was open, is not one.)
  const focusToken = props.focus?.token;
  const seenToken = useRef(focusToken);
  useLayoutEffect(() => {
    if (focusToken === seenToken.current) return;
    seenToken.current = focusToken;
    const key = props.focus?.keys[0];
    const index = key !== undefined ? indexOf.get(namespaceOfKey(key)) : undefined;
    if (index !== undefined) reveal(index);
    // on a new request only, not on every change of the list
  }, [focusToken]);

  // A key moved the keyboard's row: focus it, now that it is drawn.
  useLayoutEffect(() => {
    if (!focusNext.current) return;
    const li = listRef.current?.querySelector(`li[data-index="${active}"]`);
    li?.querySelector<HTMLElement>(focusNext.current === 'item' ? '.ns-list-item' : '.icon-button')?.focus();
    focusNext.current = null;
  }, [active]);

  const onKeyDown = useCallback((e: KeyboardEvent<HTMLUListElement>) => {
    const target = e.target as HTMLElement;
    const li = target.closest<HTMLElement>('li[data-index]');
    if (!li || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const v = view();
    const page = v ? Math.floor(v.height / ROW_HEIGHT) - 1 : 10;
    const to = moveByKey(e.key, Number(li.dataset.index), count, page);
    if (to === null) return;
    e.preventDefault();
    focusNext.current = target.classList.contains('icon-button') ? 'toggle' : 'item';
    setActiveId(namespaces[to]!.id);
    reveal(to);
    // the same row again (the first or last already): the effect above does not run
    if (to === Number(li.dataset.index)) focusNext.current = null;
  }, [view, count, namespaces, reveal]);

  // A row focused by the mouse or by Tab becomes the keyboard's row: it stays drawn while focused.
  const onFocus = useCallback((e: FocusEvent<HTMLUListElement>) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('li[data-index]');
    const ns = li && namespaces[Number(li.dataset.index)];
    if (ns) setActiveId(ns.id);
  }, [namespaces]);

  if (count === 0)
    return (
      <>
        <p className="empty">No namespaces yet.</p>
        <StaleNames />
      </>
    );
  return (
    <>
      <ul ref={listRef} className="ns-list ns-list-windowed" aria-label="Namespaces" style={{ height: count * ROW_HEIGHT + 2 * PAD }} onKeyDown={onKeyDown} onFocus={onFocus}>
        {rowsToDraw({ first: Math.min(range.first, count), end: Math.min(range.end, count) }, active).map((i) => {
          const n = namespaces[i]!;
          return (
            <NamespaceRow key={n.id} ns={n} index={i} setSize={count} tabbable={i === active} selected={props.selected === n.id} collapsed={props.collapsed.has(n.id)} onSelect={props.onSelect} onToggle={props.onToggle} />
          );
        })}
      </ul>
      <StaleNames />
    </>
  );
}

/** One row, drawn again only when its namespace object, place, selection, fold or Tab stop
 * changed: the model replaces only the namespace an event touched, so one change redraws one row. */
const NamespaceRow = memo(function NamespaceRow(p: {
  ns: Namespace;
  index: number;
  setSize: number;
  tabbable: boolean;
  selected: boolean;
  collapsed: boolean;
  onSelect: (nsId: string) => void;
  onToggle: (nsId: string) => void;
}) {
  const n = p.ns;
  const tabIndex = p.tabbable ? 0 : -1;
  return (
    <li className={p.selected ? 'selected' : ''} data-index={p.index} aria-posinset={p.index + 1} aria-setsize={p.setSize} style={{ top: PAD + p.index * ROW_HEIGHT }}>
      <button className="ns-list-item" tabIndex={tabIndex} onClick={() => p.onSelect(n.id)} aria-current={p.selected}>
        <span className={`ns-dot${n.current ? ' current' : n.names.length ? '' : ' anonymous'}`} />
        <span className="ns-list-label">{namespaceLabel(n)}</span>
        <span className="muted">{n.links.length}</span>
      </button>
      <button className="icon-button" tabIndex={tabIndex} aria-label={p.collapsed ? `Expand ${namespaceLabel(n)}` : `Collapse ${namespaceLabel(n)}`} onClick={() => p.onToggle(n.id)}>
        {p.collapsed ? '▸' : '▾'}
      </button>
    </li>
  );
});

/** The namespace a canvas key names: `ns:ID`, `if:ID:ifindex` or `sum:ID:kind` (topology-state.ts, graph.ts). */
const namespaceOfKey = (key: string) => key.split(':')[1] ?? '';

/** The nearest element around `el` that scrolls (the side panel's content). */
function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let e = el.parentElement; e; e = e.parentElement) {
    const y = getComputedStyle(e).overflowY;
    if (y === 'auto' || y === 'scroll') return e;
  }
  return null;
}
