// Routes of a namespace (or of one interface), with delete and a small add form.
import { useState } from 'react';
import type { Namespace } from '../../shared/model';
import { run } from '../app/activity';
import { inputErrors } from '../dialogs/FormDialog';
import { namespaceRef } from '../model/topology-state';

export function RouteTable({ ns, ifindex }: { ns: Namespace; ifindex?: number }) {
  const routes = ns.routes.filter((r) => (ifindex === undefined ? r.table === 254 || r.table === 255 : r.ifindex === ifindex) && r.type !== 'local' && r.type !== 'broadcast');
  const [dest, setDest] = useState('');
  const [via, setVia] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = namespaceRef(ns);
  const add = async () => {
    const input = { namespace: ref, destination: dest.trim(), ...(via.trim() ? { gateway: via.trim() } : {}), ...(ifindex !== undefined ? { link: ifindex } : {}) };
    const errs = inputErrors('route.add', input);
    const first = Object.values(errs)[0];
    if (first) return setError(first);
    const r = await run('route.add', input, `Add route ${dest}`);
    if (r.ok) { setDest(''); setVia(''); setError(null); } else setError(r.error.message);
  };
  return (
    <>
      {routes.length === 0 ? <p className="muted">No routes.</p> : (
        <table className="table">
          <thead><tr><th>Destination</th><th>Via</th><th>Dev</th><th>Metric</th><th /></tr></thead>
          <tbody>
            {routes.map((r, i) => (
              <tr key={`${r.destination}-${r.gateway}-${r.ifindex}-${r.metric}-${i}`}>
                <td>{r.destination}</td><td>{r.gateway ?? ''}</td><td>{r.dev ?? ''}</td><td>{r.metric ?? ''}</td>
                <td>
                  <button className="small" aria-label={`Delete route ${r.destination}`} onClick={() => void run('route.delete', {
                    namespace: ref, destination: r.destination, ...(r.gateway ? { gateway: r.gateway } : {}), ...(r.ifindex ? { link: r.ifindex } : {}), ...(r.metric !== null ? { metric: r.metric } : {}),
                  }, `Delete route ${r.destination}`)}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <input aria-label="Route destination" placeholder="10.1.0.0/16 or default" value={dest} onChange={(e) => setDest(e.target.value)} />
        <input aria-label="Gateway" placeholder="via (optional)" value={via} onChange={(e) => setVia(e.target.value)} />
        <button type="submit">Add route</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
    </>
  );
}
