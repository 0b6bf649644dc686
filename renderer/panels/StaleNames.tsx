// Stale names: files under /run/netns with no namespace mounted on them, left by an interrupted
// `ip netns add`. `ip netns list` shows them, nothing can use them, and each blocks its name; so
// they are listed apart from the namespaces, each with a one-click removal.
import { useEffect, useState } from 'react';
import { commandFor } from '../../shared/commands';
import { run } from '../app/activity';
import { api } from '../app/api';

export function StaleNames() {
  const [names, setNames] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const fetch = async () => {
      const r = await api['namespace.stale']({});
      if (alive && r.ok) setNames(r.value.names);
    };
    const unsubs = [
      api.subscribe('namespace.stale', (p) => setNames(p.names)),
      api.subscribe('resync', () => void fetch()),
      api.subscribe('core.status', (s) => s.state === 'running' && void fetch()),
    ];
    void fetch();
    return () => {
      alive = false;
      unsubs.forEach((u) => u());
    };
  }, []);

  if (names.length === 0) return null;
  const remove = async (name: string) => {
    setBusy(name);
    const r = await run('namespace.removeStale', { name }, `Remove stale name ${name}`);
    setBusy(null);
    if (r.ok) setNames((list) => list.filter((n) => n !== name));
  };
  return (
    <section className="stale-names" aria-label="Stale names">
      <h3>Stale names</h3>
      <p className="muted">Files under /run/netns with no namespace on them (an interrupted ip netns add). Each blocks its name.</p>
      <ul className="ns-list">
        {names.map((name) => (
          <li key={name}>
            <span className="ns-list-item">
              <span className="ns-dot stale" />
              <span className="ns-list-label">{name}</span>
            </span>
            <button
              className="small"
              aria-label={`Remove stale name ${name}`}
              title={commandFor('namespace.removeStale', { name }) ?? undefined}
              disabled={busy === name}
              onClick={() => void remove(name)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
