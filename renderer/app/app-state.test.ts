import { describe, expect, it } from 'vitest';
import { appReducer, initialAppState, type AppAction, type AppState } from './app-state';

const after = (...actions: AppAction[]): AppState => actions.reduce(appReducer, initialAppState);

describe('appReducer', () => {
  it('collapses a namespace and opens it again', () => {
    expect([...after({ type: 'toggleCollapsed', nsId: '7' }).collapsed]).toEqual(['7']);
    expect([...after({ type: 'toggleCollapsed', nsId: '7' }, { type: 'toggleCollapsed', nsId: '7' }).collapsed]).toEqual([]);
  });
  it('selects and brings into view in one step; asking again for the same keys is a new request', () => {
    const s = after({ type: 'select', selection: { type: 'namespace', nsId: '2' }, focus: ['ns:2'] }, { type: 'focus', keys: ['ns:2'] });
    expect(s.selection).toEqual({ type: 'namespace', nsId: '2' });
    expect(s.focus).toEqual({ keys: ['ns:2'], token: 2 });
    // clearing the selection leaves the view where it is
    expect(appReducer(s, { type: 'select', selection: null }).focus).toBe(s.focus);
  });
  it('shows a new terminal\'s tab, and the activity tab when a terminal is closed', () => {
    const term = { key: 5, namespace: 'blue', label: 'blue' };
    const open = after({ type: 'openTerminal', term });
    expect(open.terms).toEqual([term]);
    expect(open.bottomTab).toBe('term-5');
    const closed = appReducer(open, { type: 'closeTerminal', key: 5 });
    expect(closed.terms).toEqual([]);
    expect(closed.bottomTab).toBe('activity');
  });
  it('opens and closes the create and delete dialogs, and counts re-arrange requests', () => {
    const s = after({ type: 'create', kind: 'veth', n: 1 }, { type: 'rearrange' }, { type: 'rearrange' });
    expect(s.creating).toEqual({ kind: 'veth', n: 1 });
    expect(s.rearrange).toBe(2);
    expect(appReducer(s, { type: 'closeCreate' }).creating).toBeNull();
    expect(after({ type: 'delete', target: null }).deleting).toBeNull();
  });
});
