// The top bar: create, search, filter, re-arrange, export, theme.
import * as Menu from '@radix-ui/react-dropdown-menu';
import * as Tooltip from '@radix-ui/react-tooltip';
import type { ReactNode } from 'react';
import type { CreateKind } from '../dialogs/CreateDialogs';
import type { ViewPrefs } from '../panels/view-prefs';

export interface Filters {
  hiddenKinds: ReadonlySet<string>;
  state: 'all' | 'up' | 'down';
}

function Tip({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>{children}</Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip" sideOffset={6}>{label}</Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

export function Toolbar(props: {
  onCreate: (k: CreateKind) => void;
  search: string;
  onSearch: (s: string) => void;
  onSearchFocus: () => void;
  hitCount: number;
  kinds: string[];
  filters: Filters;
  onFilters: (f: Filters) => void;
  onRearrange: () => void;
  onExport: (what: 'png' | 'svg' | 'json' | 'script') => void;
  theme: string;
  onTheme: () => void;
  layoutBusy: boolean;
  view: ViewPrefs;
  onView: (change: Partial<ViewPrefs>) => void;
}) {
  const v = props.view;
  const f = props.filters;
  const filtered = f.hiddenKinds.size > 0 || f.state !== 'all';
  return (
    <Tooltip.Provider delayDuration={400}>
      <header className="toolbar">
        <span className="app-name">Netns Studio</span>
        <Menu.Root>
          <Menu.Trigger asChild><button className="primary">New ▾</button></Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" sideOffset={4}>
              <Menu.Item className="menu-item" onSelect={() => props.onCreate('namespace')}>Namespace…</Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => props.onCreate('veth')}>Veth pair…</Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => props.onCreate('bridge')}>Bridge…</Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => props.onCreate('macvlan')}>Macvlan…</Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => props.onCreate('vxlan')}>VXLAN…</Menu.Item>
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        <form className="search" role="search" onSubmit={(e) => { e.preventDefault(); props.onSearchFocus(); }}>
          <input type="search" placeholder="Search names, addresses, MACs…" aria-label="Search the topology" value={props.search} onChange={(e) => props.onSearch(e.target.value)} />
          {props.search && <span className="muted small-text" aria-live="polite">{props.hitCount} found</span>}
        </form>
        <Menu.Root>
          <Menu.Trigger asChild><button className={filtered ? 'active' : ''}>Filter{filtered ? ' •' : ''} ▾</button></Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" sideOffset={4}>
              <Menu.Label className="menu-label">State</Menu.Label>
              <Menu.RadioGroup value={f.state} onValueChange={(v) => props.onFilters({ ...f, state: v as Filters['state'] })}>
                {(['all', 'up', 'down'] as const).map((s) => (
                  <Menu.RadioItem key={s} value={s} className="menu-item" onSelect={(e) => e.preventDefault()}>
                    <Menu.ItemIndicator>● </Menu.ItemIndicator>{s === 'all' ? 'Any state' : s === 'up' ? 'Up only' : 'Down only'}
                  </Menu.RadioItem>
                ))}
              </Menu.RadioGroup>
              <Menu.Separator className="menu-separator" />
              <Menu.Label className="menu-label">Kinds</Menu.Label>
              {props.kinds.map((k) => (
                <Menu.CheckboxItem key={k} className="menu-item" checked={!f.hiddenKinds.has(k)} onSelect={(e) => e.preventDefault()}
                  onCheckedChange={(on) => {
                    const h = new Set(f.hiddenKinds);
                    if (on) h.delete(k); else h.add(k);
                    props.onFilters({ ...f, hiddenKinds: h });
                  }}>
                  <Menu.ItemIndicator>✓ </Menu.ItemIndicator>{k === 'plain' ? 'device' : k}
                </Menu.CheckboxItem>
              ))}
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        <Tip label="Lay out the whole picture again"><button onClick={props.onRearrange} disabled={props.layoutBusy}>{props.layoutBusy ? 'Laying out…' : 'Re-arrange'}</button></Tip>
        <Menu.Root>
          <Menu.Trigger asChild><button>View ▾</button></Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" sideOffset={4}>
              {/* Remembered (panels/view-prefs.ts). */}
              <Menu.CheckboxItem className="menu-item" checked={v.minimap} onCheckedChange={(c) => props.onView({ minimap: c === true })}>
                <Menu.ItemIndicator>✓ </Menu.ItemIndicator>Minimap
              </Menu.CheckboxItem>
              <Menu.CheckboxItem className="menu-item" checked={v.legend} onCheckedChange={(c) => props.onView({ legend: c === true })}>
                <Menu.ItemIndicator>✓ </Menu.ItemIndicator>Legend
              </Menu.CheckboxItem>
              <Menu.CheckboxItem className="menu-item" checked={v.showLo} onCheckedChange={(c) => props.onView({ showLo: c === true })}>
                <Menu.ItemIndicator>✓ </Menu.ItemIndicator>lo as a box (else in the header)
              </Menu.CheckboxItem>
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        <Menu.Root>
          <Menu.Trigger asChild><button>Export ▾</button></Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" sideOffset={4}>
              <Menu.Item className="menu-item" onSelect={() => props.onExport('png')}>Picture as PNG</Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => props.onExport('svg')}>Picture as SVG</Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => props.onExport('json')}>Model as JSON</Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => props.onExport('script')}>As a script (ip commands)</Menu.Item>
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        <span className="spacer" />
        <Tip label="Switch between light and dark"><button onClick={props.onTheme} aria-label={`Theme: ${props.theme}`}>{props.theme === 'dark' ? '☾ Dark' : '☀ Light'}</button></Tip>
      </header>
    </Tooltip.Provider>
  );
}
