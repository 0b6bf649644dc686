// What the window shows besides the topology itself: collapsed namespaces, filters, search, the
// selection and where the canvas should look, open dialogs, terminals and tabs. One reducer, so
// each thing a person does is one action that changes everything it should at once (selecting an
// interface also brings it into view; opening a terminal also shows its tab).
import type { Filters } from './Toolbar';
import type { Selection } from '../topology/TopologyCanvas';
import type { CreateKind } from '../dialogs/CreateDialogs';
import type { DeleteTarget } from '../dialogs/ConfirmDelete';

export interface Term { key: number; namespace: string; label: string }

export interface AppState {
  collapsed: ReadonlySet<string>;
  filters: Filters;
  search: string;
  /** The node keys to bring into view; a new token asks again for the same keys. */
  focus: { keys: string[]; token: number };
  selection: Selection;
  /** The create dialog open, with a number that makes each opening a fresh dialog. */
  creating: { kind: CreateKind; n: number } | null;
  deleting: DeleteTarget;
  /** Bumped to ask for a new layout. */
  rearrange: number;
  terms: Term[];
  bottomTab: string;
  sideTab: string;
}

export const initialAppState: AppState = {
  collapsed: new Set(),
  filters: { hiddenKinds: new Set(), state: 'all' },
  search: '',
  focus: { keys: [], token: 0 },
  selection: null,
  creating: null,
  deleting: null,
  rearrange: 0,
  terms: [],
  bottomTab: 'activity',
  sideTab: 'namespaces',
};

export type AppAction =
  | { type: 'toggleCollapsed'; nsId: string }
  | { type: 'filters'; filters: Filters }
  | { type: 'search'; search: string }
  | { type: 'focus'; keys: string[] }
  /** Selects (or clears, with null); with `focus`, also brings those keys into view. */
  | { type: 'select'; selection: Selection; focus?: string[] }
  | { type: 'create'; kind: CreateKind; n: number }
  | { type: 'closeCreate' }
  | { type: 'delete'; target: DeleteTarget }
  | { type: 'rearrange' }
  | { type: 'openTerminal'; term: Term }
  | { type: 'closeTerminal'; key: number }
  | { type: 'bottomTab'; tab: string }
  | { type: 'sideTab'; tab: string };

/** The bottom panel's tab value of a terminal. */
export const termTab = (key: number) => `term-${key}`;

export function appReducer(s: AppState, a: AppAction): AppState {
  switch (a.type) {
    case 'toggleCollapsed': {
      const collapsed = new Set(s.collapsed);
      if (collapsed.has(a.nsId)) collapsed.delete(a.nsId);
      else collapsed.add(a.nsId);
      return { ...s, collapsed };
    }
    case 'filters':
      return { ...s, filters: a.filters };
    case 'search':
      return { ...s, search: a.search };
    case 'focus':
      return { ...s, focus: { keys: a.keys, token: s.focus.token + 1 } };
    case 'select':
      return { ...s, selection: a.selection, focus: a.focus ? { keys: a.focus, token: s.focus.token + 1 } : s.focus };
    case 'create':
      return { ...s, creating: { kind: a.kind, n: a.n } };
    case 'closeCreate':
      return { ...s, creating: null };
    case 'delete':
      return { ...s, deleting: a.target };
    case 'rearrange':
      return { ...s, rearrange: s.rearrange + 1 };
    case 'openTerminal':
      return { ...s, terms: [...s.terms, a.term], bottomTab: termTab(a.term.key) };
    case 'closeTerminal':
      return { ...s, terms: s.terms.filter((t) => t.key !== a.key), bottomTab: 'activity' };
    case 'bottomTab':
      return { ...s, bottomTab: a.tab };
    case 'sideTab':
      return { ...s, sideTab: a.tab };
  }
}
