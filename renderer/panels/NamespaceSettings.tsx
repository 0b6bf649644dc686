// A namespace's own settings in its details: forwarding and the other per-namespace sysctls, and
// (for a named namespace) the resolver and hosts its commands see. Reads go straight to the core;
// every change goes through run(), so it shows its equivalent command and lands in the log.
import { useCallback, useEffect, useState } from 'react';
import { commandFor } from '../../shared/commands';
import type { Namespace } from '../../shared/model';
import { sysctlSpecs, type DnsConfig, type SysctlEntry } from '../../shared/netns-config';
import { run } from '../app/activity';
import { api } from '../app/api';
import { inputErrors } from '../dialogs/FormDialog';
import { namespaceLabel, namespaceRef } from '../model/topology-state';
import { CommandLine } from './CommandLine';

function SysctlRow(props: { ns: Namespace; entry: SysctlEntry; onChanged: (all: SysctlEntry[]) => void }) {
  const { entry, ns } = props;
  const spec = sysctlSpecs[entry.key];
  const [draft, setDraft] = useState(String(entry.value ?? ''));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(String(entry.value ?? '')), [entry.value]);
  const apply = async (value: number) => {
    const input = { namespace: namespaceRef(ns), key: entry.key, value };
    const errs = inputErrors('sysctl.set', input);
    if (Object.keys(errs).length) return setError(Object.values(errs)[0]!);
    setError(null);
    const r = await run('sysctl.set', input, `Set ${entry.key} = ${value} in ${namespaceLabel(ns)}`);
    if (r.ok) props.onChanged(r.value);
    else setError(r.error.message);
  };
  const boolean = spec.min === 0 && spec.max === 1;
  return (
    <tr>
      <td title={spec.meaning}>
        <code>{entry.key}</code>
        <div className="muted">{spec.meaning}</div>
        {error && <div className="field-error" role="alert">{error}</div>}
      </td>
      <td>
        {entry.value === null ? (
          <span className="muted">not available</span>
        ) : boolean ? (
          <input type="checkbox" aria-label={entry.key} checked={entry.value === 1} onChange={(e) => void apply(e.target.checked ? 1 : 0)} />
        ) : (
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void apply(Number(draft)); }}>
            <input aria-label={entry.key} type="number" min={spec.min} max={spec.max} value={draft} onChange={(e) => setDraft(e.target.value)} style={{ width: '5em' }} />
            {draft !== String(entry.value) && <button type="submit" className="small">Set</button>}
          </form>
        )}
      </td>
    </tr>
  );
}

/** Forwarding, rp_filter and TTL/hop limit, read from the namespace's own /proc/sys/net. */
export function SysctlSection({ ns }: { ns: Namespace }) {
  const [entries, setEntries] = useState<SysctlEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = namespaceRef(ns);
  useEffect(() => {
    let live = true;
    void api['sysctl.get']({ namespace: ref }).then((r) => {
      if (!live) return;
      if (r.ok) setEntries(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [ref]);
  return (
    <>
      <h3>Forwarding and settings</h3>
      {error && <p className="field-error" role="alert">{error}</p>}
      {!entries && !error && <p className="muted">Reading…</p>}
      {entries && (
        <table className="table" aria-label="Namespace settings">
          <tbody>{entries.map((e) => <SysctlRow key={e.key} ns={ns} entry={e} onChanged={setEntries} />)}</tbody>
        </table>
      )}
      <CommandLine command={commandFor('sysctl.get', { namespace: ref }) ?? ''} />
    </>
  );
}

const words = (s: string) => s.split(/[\s,]+/).filter(Boolean);
const hostLines = (s: string) =>
  s.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [address = '', ...names] = l.split(/\s+/);
    return { address, names };
  });

/** The resolv.conf and hosts that `ip netns exec NAME` commands see, editable. */
export function DnsSection({ ns }: { ns: Namespace }) {
  const name = ns.names[0];
  const [dns, setDns] = useState<DnsConfig | null>(null);
  const [servers, setServers] = useState('');
  const [search, setSearch] = useState('');
  const [hosts, setHosts] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const show = useCallback((d: DnsConfig) => {
    setDns(d);
    setServers(d.resolv.nameservers.join(' '));
    setSearch(d.resolv.search.join(' '));
    setHosts(d.hosts.ours ? d.hosts.entries.filter((h) => !h.names.includes('localhost')).map((h) => `${h.address} ${h.names.join(' ')}`).join('\n') : '');
  }, []);
  useEffect(() => {
    if (!name) return;
    let live = true;
    void api['dns.get']({ namespace: name }).then((r) => {
      if (!live) return;
      if (r.ok) show(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [name, show]);
  if (!name) {
    return (
      <>
        <h3>DNS and hosts</h3>
        <p className="muted">Only a named namespace has its own resolv.conf and hosts (ip netns exec binds /etc/netns/NAME over /etc): name it first.</p>
      </>
    );
  }
  const draft = { namespace: name, nameservers: words(servers), search: words(search), hosts: hostLines(hosts) };
  const save = async () => {
    const errs = inputErrors('dns.set', draft);
    setErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    const r = await run('dns.set', draft, `Set DNS of ${name}`);
    if (r.ok) show(r.value);
    else setError(r.error.message);
  };
  const reset = async () => {
    const r = await run('dns.reset', { namespace: name }, `Reset DNS of ${name}`);
    if (r.ok) show(r.value);
    else setError(r.error.message);
  };
  const whose = (f: { own: boolean; ours: boolean; path: string }) =>
    `${f.path} (${f.ours ? 'written by Netns Studio' : f.own ? 'its own, not written by us' : 'the host’s: it has none of its own'})`;
  const fieldError = (prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
  return (
    <>
      <h3>DNS and hosts</h3>
      {dns && (
        <dl className="facts">
          <dt>resolv.conf</dt>
          <dd data-testid="dns-resolv">{whose(dns.resolv)}</dd>
          <dt>hosts</dt>
          <dd>{whose(dns.hosts)}</dd>
          {[...dns.resolv.problems, ...dns.hosts.problems].map((p) => (
            <dd key={p} className="field-error" style={{ gridColumn: '1 / -1' }}>{p}</dd>
          ))}
        </dl>
      )}
      <form className="stack-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label>Nameservers <input name="nameservers" value={servers} onChange={(e) => setServers(e.target.value)} placeholder="192.0.2.53 2001:db8::53" /></label>
        {fieldError('nameservers') && <div className="field-error" role="alert">{fieldError('nameservers')}</div>}
        <label>Search domains <input name="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="lab.example" /></label>
        {fieldError('search') && <div className="field-error" role="alert">{fieldError('search')}</div>}
        <label>Extra hosts (ADDRESS NAME… a line) <textarea name="hosts" rows={3} value={hosts} onChange={(e) => setHosts(e.target.value)} /></label>
        {fieldError('hosts') && <div className="field-error" role="alert">{fieldError('hosts')}</div>}
        {error && <div className="field-error" role="alert">{error}</div>}
        <CommandLine command={commandFor('dns.set', draft) ?? ''} />
        <div className="button-row">
          <button type="submit" className="primary">Save DNS</button>
          {dns && (dns.resolv.ours || dns.hosts.ours) && <button type="button" onClick={() => void reset()}>Reset to the host’s</button>}
        </div>
      </form>
    </>
  );
}
