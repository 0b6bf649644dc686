// Routes of a namespace (or of one interface), with delete and a small add form. The main table
// is live (it comes with the snapshot and its events); another table, or every table, is read on
// request with route.list (`ip -n NS route show table T`).
import { useEffect, useState } from 'react';
import type { Namespace, Route } from '../../shared/model';
import { api } from '../app/api';
import { run } from '../app/activity';
import { inputErrors } from '../dialogs/FormDialog';
import { namespaceRef } from '../model/topology-state';

const MAIN = 254;
const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
export const tableName = (t: number): string => TABLE_NAMES[t] ?? String(t);

/** One route as ip prints it, its facts on a second line: what an administrator compares with `ip route`. */
function RouteRow({ r, showTable, onDelete }: { r: Route; showTable: boolean; onDelete?: () => void }) {
  const facts = [
    `proto ${r.protocol}`,
    `scope ${r.scope}`,
    r.prefsrc && `src ${r.prefsrc}`,
    r.metric !== null && `metric ${r.metric}`,
    // The picker names the table; with every table shown, each route says its own.
    showTable && `table ${tableName(r.table)}`,
    r.type !== 'unicast' && r.type,
  ].filter(Boolean);
  return (
    <li className="route" data-testid="route">
      <div className="route-text">
        <code className="route-main">
          {r.destination}
          {r.gateway && <> via {r.gateway}</>}
          {r.dev && <> dev {r.dev}</>}
        </code>
        <span className="route-facts muted">{facts.join(' · ')}</span>
      </div>
      {onDelete && <button className="small" aria-label={`Delete route ${r.destination}`} onClick={onDelete}>Delete</button>}
    </li>
  );
}

export function RouteTable({ ns, ifindex }: { ns: Namespace; ifindex?: number }) {
  const [table, setTable] = useState<string>('main');
  const [other, setOther] = useState<{ routes: Route[] } | { error: string } | null>(null);
  const [dest, setDest] = useState('');
  const [via, setVia] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = namespaceRef(ns);
  const onMain = table === 'main';

  // Another table is read again whenever the namespace's routes change (they are one event away).
  useEffect(() => {
    if (onMain) return;
    let live = true;
    const t = table === 'all' ? 'all' : Number(table);
    void api['route.list']({ namespace: ref, table: t }).then((r) => {
      if (live) setOther(r.ok ? { routes: r.value.routes } : { error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [onMain, table, ref, ns.routes]);

  const source = onMain ? ns.routes.filter((r) => r.table === MAIN) : other && 'routes' in other ? other.routes : [];
  // Local and broadcast routes are the kernel's bookkeeping for addresses: shown only when asked for a table by name.
  const routes = source.filter((r) => (ifindex === undefined || r.ifindex === ifindex) && (!onMain || (r.type !== 'local' && r.type !== 'broadcast')));

  const add = async () => {
    const input = { namespace: ref, destination: dest.trim(), ...(via.trim() ? { gateway: via.trim() } : {}), ...(ifindex !== undefined ? { link: ifindex } : {}) };
    const errs = inputErrors('route.add', input);
    const first = Object.values(errs)[0];
    if (first) return setError(first);
    const r = await run('route.add', input, `Add route ${dest}`);
    if (r.ok) { setDest(''); setVia(''); setError(null); } else setError(r.error.message);
  };
  const remove = (r: Route) => void run('route.delete', {
    namespace: ref, destination: r.destination, ...(r.gateway ? { gateway: r.gateway } : {}), ...(r.ifindex ? { link: r.ifindex } : {}), ...(r.metric !== null ? { metric: r.metric } : {}),
  }, `Delete route ${r.destination}`);

  return (
    <>
      <div className="route-table-pick">
        <label htmlFor={`rt-table-${ifindex ?? 'ns'}`} className="muted">Table</label>
        <select id={`rt-table-${ifindex ?? 'ns'}`} aria-label="Routing table" value={table} onChange={(e) => { setOther(null); setTable(e.target.value); }}>
          <option value="main">main (live)</option>
          <option value="255">local</option>
          <option value="253">default</option>
          <option value="all">every table</option>
        </select>
        {!onMain && <span className="muted small-text">read with <code>ip route show table {table}</code></span>}
      </div>
      {other && 'error' in other && <p className="form-error" role="alert">{other.error}</p>}
      {!onMain && other === null ? <p className="muted">Reading…</p> : routes.length === 0 ? <p className="muted">No routes.</p> : (
        <ul className="route-list" aria-label="Routes">
          {/* Delete names the main table only (route.delete does), so it is offered there. */}
          {routes.map((r, i) => <RouteRow key={`${r.table}-${r.destination}-${r.gateway}-${r.ifindex}-${r.metric}-${i}`} r={r} showTable={table === 'all'} onDelete={r.table === MAIN ? () => remove(r) : undefined} />)}
        </ul>
      )}
      {onMain && (
        <form className="inline-form route-add" onSubmit={(e) => { e.preventDefault(); void add(); }}>
          <input className="route-dest" aria-label="Route destination" placeholder="10.1.0.0/16 or default" value={dest} onChange={(e) => setDest(e.target.value)} />
          <input className="route-via" aria-label="Gateway" placeholder="via (optional)" value={via} onChange={(e) => setVia(e.target.value)} />
          <button type="submit">Add route</button>
        </form>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </>
  );
}
