// The window: toolbar, side list (namespaces / VPN), the picture, details, and the bottom panel
// (activity log and terminals).
import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import * as Tabs from '@radix-ui/react-tabs';
import { ReactFlowProvider } from '@xyflow/react';
import type { Namespace } from '../../shared/model';
import { activityLog, commandContext, run } from './activity';
import { useStore } from './store';
import { useTopology } from './use-topology';
import { useTheme } from './theme';
import { Toolbar } from './Toolbar';
import { appReducer, initialAppState, termTab } from './app-state';
import { Toasts } from './Toasts';
import { notify } from './toasts';
import { buildGraph, kindOf, searchGraph } from '../topology/graph';
import { canvasHits } from '../topology/search';
import { useLayout } from '../topology/use-layout';
import { TopologyCanvas, type DropTarget, type Selection } from '../topology/TopologyCanvas';
import { findNamespace, linkKey, namespaceLabel, namespaceRef, nsKey } from '../model/topology-state';
import { NamespaceList } from '../panels/NamespaceList';
import { NamespaceDetails } from '../panels/NamespaceDetails';
import { InterfaceDetails } from '../panels/InterfaceDetails';
import { ActivityLog } from '../panels/ActivityLog';
import { DetailsPane } from '../panels/DetailsPane';
import { useViewPrefs } from '../panels/view-prefs';
import { Legend } from '../topology/Legend';
import { pickInterface } from '../topology/NamespaceNode';
import { CreateDialogs } from '../dialogs/CreateDialogs';
import { ConfirmDelete } from '../dialogs/ConfirmDelete';
import { VpnPanel } from '../vpn/VpnPanel';
import { importVpnFile } from '../vpn/import';
import { useVpn } from '../vpn/use-vpn';
import { SecretPrompt } from '../vpn/SecretPrompt';
import { GuardPrompts } from '../guard/GuardPrompts';
import { exportScript } from '../export/script';
import { download, exportSvg, svgToPng } from '../export/picture';
import { vpnView } from '../topology/vpn-layer';

// xterm.js is a third of the page's script and only a terminal needs it: loaded on the first
// terminal, so a page that never opens one neither downloads nor compiles it (docs/PERFORMANCE.md,
// "The first picture, stamped from navigation to boxes").
const TerminalView = lazy(() => import('../panels/TerminalView').then((m) => ({ default: m.TerminalView })));

export function App() {
  const { state, load, recent, reload } = useTopology();
  const theme = useTheme();
  const vpn = useVpn();
  const [ui, dispatch] = useReducer(appReducer, initialAppState);
  const { collapsed, filters, search, focus, selection, creating, deleting, rearrange, terms, bottomTab, sideTab } = ui;

  const [view, setView] = useViewPrefs();
  const activityCount = useStore(activityLog).length;
  const namespaces = useMemo(() => [...state.namespaces.values()], [state]);
  // lo is folded into its namespace's header unless asked for as a box (View menu).
  const hiddenKinds = useMemo(() => (view.showLo ? filters.hiddenKinds : new Set([...filters.hiddenKinds, 'loopback'])), [filters.hiddenKinds, view.showLo]);
  // Crowded namespaces drawn interface by interface (the others show a summary per kind).
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggleExpanded = useCallback((nsId: string) => setExpanded((s) => (s.has(nsId) ? new Set([...s].filter((x) => x !== nsId)) : new Set([...s, nsId]))), []);
  const graph = useMemo(() => buildGraph(state, { collapsed, hiddenKinds, state: filters.state, expanded }), [state, collapsed, hiddenKinds, filters.state, expanded]);
  const { memory, setMemory, busy, lastMs, runs } = useLayout(graph, rearrange);
  // No search: the same empty set, not a new one for every live change (the canvas compares it).
  const hits = useMemo(() => (search.trim() ? new Set(searchGraph(namespaces, search)) : noHits), [namespaces, search]);
  // Hits folded into a summary are shown (and focused) at their summary.
  const shownHits = useMemo(() => canvasHits(state.namespaces, graph, hits, filters.state), [state.namespaces, graph, hits, filters.state]);
  const kinds = useMemo(() => [...new Set(namespaces.flatMap((n) => n.links.map(kindOf)))].sort(), [namespaces]);

  // Commands in the activity log name things as a shell would.
  useEffect(() => {
    commandContext.current = {
      namespace: (ref) => {
        const ns = findNamespace(state, ref);
        if (ns?.current) return { kind: 'current' };
        if (ns?.names[0]) return { kind: 'name', name: ns.names[0] };
        if (ns?.pids[0] !== undefined) return { kind: 'pid', pid: ns.pids[0] };
        const pid = /^pid:(\d+)$/.exec(ref);
        return pid ? { kind: 'pid', pid: Number(pid[1]) } : { kind: 'name', name: ref };
      },
      linkName: (ref, ifindex) => findNamespace(state, ref)?.links.find((l) => l.ifindex === ifindex)?.name,
      vpnName: (uuid) => vpn.profiles.find((p) => p.uuid === uuid)?.name,
    };
  }, [state, vpn.profiles]);

  // A file dropped anywhere on the window is imported (or refused in words: see vpn/import.ts).
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      // Every dropped file gets an answer: imported, or refused in words (not a VPN file, too large).
      const files = [...(e.dataTransfer?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      dispatch({ type: 'sideTab', tab: 'vpn' });
      files.forEach((f) => void importVpnFile(f));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const toggle = useCallback((nsId: string) => dispatch({ type: 'toggleCollapsed', nsId }), []);
  // Selecting an interface from a panel (a bridge's port, a veth's peer, the lo chip) also brings it into view.
  const pick = useCallback((nsId: string, ifindex: number) => dispatch({ type: 'select', selection: { type: 'interface', nsId, ifindex }, focus: [linkKey(nsId, ifindex)] }), []);
  useEffect(() => {
    pickInterface.current = pick;
  }, [pick]);
  const select = useCallback((selection: Selection) => dispatch({ type: 'select', selection }), []);
  // Stable, so the side list's rows (memoised) are not all drawn again on every change.
  const selectNamespace = useCallback((nsId: string) => dispatch({ type: 'select', selection: { type: 'namespace', nsId }, focus: [nsKey(nsId)] }), []);
  const onGroupMoved = useCallback((key: string, x: number, y: number) => setMemory((m) => {
    const g = m.groups.get(key);
    if (!g) return m;
    const groups = new Map(m.groups);
    groups.set(key, { ...g, x, y });
    return { ...m, groups };
  }), [setMemory]);

  const onDrop = useCallback((from: { nsId: string; link: { ifindex: number; name: string } }, to: DropTarget) => {
    const src = state.namespaces.get(from.nsId);
    const dst = state.namespaces.get(to.nsId);
    if (!src || !dst) return;
    if (to.kind === 'bridge') {
      const bridge = dst.links.find((l) => l.ifindex === to.ifindex);
      void run('link.set', { namespace: namespaceRef(src), link: from.link.ifindex, master: to.ifindex! }, `Enslave ${from.link.name} to ${bridge?.name ?? 'bridge'}`);
    } else {
      void run('link.move', { namespace: namespaceRef(src), link: from.link.ifindex, to: namespaceRef(dst) }, `Move ${from.link.name} to ${namespaceLabel(dst)}`);
    }
  }, [state]);

  const openTerminal = useCallback((ns: Namespace) => {
    dispatch({ type: 'openTerminal', term: { key: Date.now(), namespace: namespaceRef(ns), label: namespaceLabel(ns) } });
    setView({ bottomOpen: true });
  }, [setView]);

  const doExport = async (what: 'png' | 'svg' | 'json' | 'script') => {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (what === 'json') return download(`netns-${stamp}.json`, new Blob([JSON.stringify({ namespaces, takenAt: state.takenAt }, null, 2)], { type: 'application/json' }));
    if (what === 'script') return download(`netns-${stamp}.sh`, new Blob([exportScript(namespaces)], { type: 'text/x-shellscript' }));
    const pic = exportSvg(graph, memory, theme.dark, { profiles: vpn.profiles, ...vpnView.current });
    if (what === 'svg') return download(`netns-${stamp}.svg`, new Blob([pic.svg], { type: 'image/svg+xml' }));
    try {
      download(`netns-${stamp}.png`, await svgToPng(pic.svg, pic.width, pic.height));
    } catch (e) {
      notify('PNG export failed', e instanceof Error ? e.message : String(e), 'error');
    }
  };

  // The bottom panel takes room only when there is something in it, unless the person chose.
  const bottomOpen = view.bottomOpen ?? (activityCount > 0 || terms.length > 0);
  const selectedNs = selection ? state.namespaces.get(selection.nsId) : undefined;
  const selectedLink = selection?.type === 'interface' ? selectedNs?.links.find((l) => l.ifindex === selection.ifindex) : undefined;

  return (
    <div className="app">
      <Toolbar
        onCreate={(kind) => dispatch({ type: 'create', kind, n: Date.now() })}
        search={search}
        onSearch={(search) => dispatch({ type: 'search', search })}
        onSearchFocus={() => dispatch({ type: 'focus', keys: [...shownHits.keys] })}
        hitCount={hits.size}
        kinds={kinds}
        filters={filters}
        onFilters={(filters) => dispatch({ type: 'filters', filters })}
        onRearrange={() => dispatch({ type: 'rearrange' })}
        onExport={(w) => void doExport(w)}
        theme={theme.dark ? 'dark' : 'light'}
        onTheme={theme.cycle}
        layoutBusy={busy}
        view={view}
        onView={setView}
      />
      <div className="main">
        <Tabs.Root className="side" value={sideTab} onValueChange={(tab) => dispatch({ type: 'sideTab', tab })}>
          <Tabs.List className="tabs" aria-label="Side panel">
            <Tabs.Trigger className="tab" value="namespaces">Namespaces ({namespaces.length})</Tabs.Trigger>
            <Tabs.Trigger className="tab" value="vpn">VPN ({vpn.profiles.length})</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content className="side-content" value="namespaces">
            <NamespaceList
              namespaces={namespaces}
              selected={selection?.nsId ?? null}
              collapsed={collapsed}
              focus={focus}
              onToggle={toggle}
              onSelect={selectNamespace}
            />
          </Tabs.Content>
          <Tabs.Content className="side-content" value="vpn">
            <VpnPanel vpn={vpn} />
          </Tabs.Content>
        </Tabs.Root>
        <main className="canvas" aria-busy={load.phase === 'loading'}>
          {view.legend && <Legend vpn={vpn.profiles.length > 0} onHide={() => setView({ legend: false })} />}
          <div className="canvas-flow">
          {load.phase === 'loading' && <div className="overlay-state">Reading every namespace…</div>}
          {load.phase === 'error' && (
            <div className="overlay-state error" role="alert">
              <p>{load.message}</p>
              <button onClick={() => void reload()}>Try again</button>
            </div>
          )}
          {load.phase === 'ready' && namespaces.length === 0 && <div className="overlay-state">No namespaces.</div>}
          <ReactFlowProvider>
            <TopologyCanvas graph={graph} memory={memory} recent={recent} hits={shownHits.keys} hitsInside={shownHits.inside} focus={focus} onSelect={select} onToggle={toggle} onExpand={toggleExpanded} onDrop={onDrop} onGroupMoved={onGroupMoved} vpnProfiles={vpn.profiles} minimap={view.minimap} />
          </ReactFlowProvider>
          <div className="canvas-status muted small-text" aria-live="polite" data-testid="canvas-status" data-layout-runs={runs} data-layout-ms={lastMs}>
            {graph.groups.length} namespaces · {graph.interfaces.length + graph.summaries.reduce((n, x) => n + x.count, 0)} interfaces{lastMs ? ` · layout ${lastMs} ms` : ''}
          </div>
          </div>
        </main>
        {selectedNs && (
          <DetailsPane width={view.detailsWidth} onWidth={(detailsWidth) => setView({ detailsWidth })} onClose={() => select(null)}>
            {selectedLink ? (
              <InterfaceDetails key={`${selectedNs.id}:${selectedLink.ifindex}`} ns={selectedNs} link={selectedLink} namespaces={namespaces} onPick={pick} onDelete={() => dispatch({ type: 'delete', target: { type: 'interface', ns: selectedNs, link: selectedLink } })} />
            ) : selection?.type === 'interface' ? (
              <p className="empty">This interface is gone.</p>
            ) : (
              <NamespaceDetails key={selectedNs.id} ns={selectedNs} onTerminal={openTerminal} onDelete={() => dispatch({ type: 'delete', target: { type: 'namespace', ns: selectedNs } })}
                onInterface={(ifindex) => pick(selectedNs.id, ifindex)} />
            )}
          </DetailsPane>
        )}
      </div>
      <Tabs.Root className={`bottom${bottomOpen ? '' : ' closed'}`} value={bottomTab} onValueChange={(tab) => { dispatch({ type: 'bottomTab', tab }); setView({ bottomOpen: true }); }}>
        <Tabs.List className="tabs" aria-label="Activity and terminals">
          <Tabs.Trigger className="tab" value="activity">Activity{activityCount ? ` (${activityCount})` : ''}</Tabs.Trigger>
          {terms.map((t) => (
            <Tabs.Trigger key={t.key} className="tab" value={termTab(t.key)}>
              {t.label}
              <span role="button" tabIndex={0} className="tab-close" aria-label={`Close terminal ${t.label}`}
                onClick={(e) => { e.stopPropagation(); dispatch({ type: 'closeTerminal', key: t.key }); }}
                onKeyDown={(e) => { if (e.key === 'Enter') dispatch({ type: 'closeTerminal', key: t.key }); }}>×</span>
            </Tabs.Trigger>
          ))}
          <span className="spacer" />
          <button className="icon-button bottom-toggle" aria-expanded={bottomOpen} aria-label={bottomOpen ? 'Hide the bottom panel' : 'Show the bottom panel'}
            onClick={() => setView({ bottomOpen: !bottomOpen })}>{bottomOpen ? '▾ Hide' : '▴ Show'}</button>
        </Tabs.List>
        <Tabs.Content className="bottom-content" value="activity"><ActivityLog /></Tabs.Content>
        {terms.map((t) => (
          <Tabs.Content key={t.key} className="bottom-content" value={termTab(t.key)} forceMount hidden={bottomTab !== termTab(t.key)}>
            <Suspense fallback={<p className="muted">Loading the terminal…</p>}>
              <TerminalView namespace={t.namespace} label={t.label} active={bottomTab === termTab(t.key)} />
            </Suspense>
          </Tabs.Content>
        ))}
      </Tabs.Root>
      {creating && <CreateDialogs key={creating.n} kind={creating.kind} onClose={() => dispatch({ type: 'closeCreate' })} namespaces={namespaces} preferred={selectedNs ? namespaceRef(selectedNs) : undefined} />}
      <ConfirmDelete target={deleting} state={state} onClose={() => dispatch({ type: 'delete', target: null })} />
      {vpn.secrets[0] && <SecretPrompt key={vpn.secrets[0].requestId} request={vpn.secrets[0]} onDone={() => vpn.resolveSecret(vpn.secrets[0]!.requestId)} />}
      <GuardPrompts />
      <Toasts />
    </div>
  );
}
const noHits: ReadonlySet<string> = new Set();
