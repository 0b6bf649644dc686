// Details of a namespace: names, id, nsid, processes, routes, a terminal and a command runner.
import { Fragment, useState } from 'react';
import type { Namespace, NamespaceOwner } from '../../shared/model';
import { ownerLabel } from '../../shared/owners';
import { run } from '../app/activity';
import { namespaceLabel, namespaceRef } from '../model/topology-state';
import { Field, FormDialog, inputErrors, useSubmit } from '../dialogs/FormDialog';
import { DnsSection, SysctlSection } from './NamespaceSettings';
import { RouteTable } from './RouteTable';
import { dotLabel, dotOf } from '../topology/link-state';
import { addressLines } from '../topology/address-lines';

/**
 * Gives the namespace of one of its processes a name: `ip netns attach NAME PID`. The way to keep
 * and reach a container's namespace by name, or to name one more time a named one.
 */
function NameDialog(props: { ns: Namespace; open: boolean; onClose: () => void }) {
  const { ns } = props;
  const [name, setName] = useState('');
  const [pid, setPid] = useState(String(ns.pids[0] ?? ''));
  const close = () => {
    setName('');
    reset();
    props.onClose();
  };
  const { busy, error, errors, submit, reset } = useSubmit(close);
  const input = { name, pid: Number(pid) };
  const onSubmit = () => submit(() => run('namespace.attach', input, `Name the namespace of pid ${pid} ${name}`), inputErrors('namespace.attach', input));
  const command = (pidNo: number) => ns.processes.find((p) => p.pid === pidNo)?.command;
  return (
    <FormDialog open={props.open} onOpenChange={(o) => !o && close()} title={`Name ${namespaceLabel(ns)}`} submitLabel="Name it" busy={busy} error={error}
      description={<>A name under /run/netns for this namespace, as <code>ip netns attach</code> gives: it keeps the namespace alive after its processes end.</>}
      onSubmit={onSubmit}>
      <Field label="Name" error={errors.name}>
        <input autoFocus name="name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="Through the process" error={errors.pid} hint="Any process in it: they all share the namespace">
        <select name="pid" value={pid} onChange={(e) => setPid(e.target.value)}>
          {ns.pids.map((p) => (
            <option key={p} value={p}>{command(p) ? `${p} · ${command(p)}` : p}</option>
          ))}
        </select>
      </Field>
    </FormDialog>
  );
}

/** Who made it: kind, name, id, where it shows (image, pod, unit...) and how that was told. */
function OwnerFacts({ owner }: { owner: NamespaceOwner }) {
  return (
    <>
      <dt>Owner</dt>
      <dd data-testid="ns-owner">{ownerLabel(owner)}</dd>
      {owner.id && (
        <>
          <dt>Owner id</dt>
          <dd><code title={owner.id}>{owner.id.length > 24 ? `${owner.id.slice(0, 12)}…` : owner.id}</code></dd>
        </>
      )}
      {Object.entries(owner.detail).map(([k, v]) => (
        <Fragment key={k}>
          <dt>{k}</dt>
          <dd className={k === 'note' ? 'muted' : undefined}>{v}</dd>
        </Fragment>
      ))}
      <dt>Told by</dt>
      <dd className="muted">{owner.source}</dd>
    </>
  );
}

/** An interface's addresses in the list, as its box on the canvas shows them: up to two, else the
 * first and "+N more" with the rest in its title (the interface's own details list them all). */
function Addresses({ addresses }: { addresses: string[] }) {
  const { shown, rest } = addressLines(addresses);
  return (
    <>
      {shown.map((a) => <span key={a} className="muted if-list-addr" title={a}>{a}</span>)}
      {rest.length > 0 && <span className="muted if-list-addr if-list-more" title={rest.join('\n')}>+{rest.length} more</span>}
    </>
  );
}

export function NamespaceDetails(props: { ns: Namespace; onTerminal: (ns: Namespace) => void; onDelete: () => void; onInterface: (ifindex: number) => void }) {
  const { ns } = props;
  const [cmd, setCmd] = useState('ip -br address');
  const [out, setOut] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [naming, setNaming] = useState(false);
  const ref = namespaceRef(ns);
  const runCommand = async () => {
    if (!cmd.trim()) return;
    setBusy(true);
    const r = await run('exec.run', { namespace: ref, argv: ['sh', '-c', cmd] }, `Run in ${namespaceLabel(ns)}: ${cmd}`);
    setBusy(false);
    if (!r.ok) setOut({ text: r.error.message, error: true });
    else
      setOut({
        text: r.value.stdout + r.value.stderr + (r.value.timedOut ? '\n(timed out)' : r.value.exitCode ? `\n(exit code ${r.value.exitCode})` : ''),
        error: r.value.exitCode !== 0,
      });
  };
  return (
    <section className="details" aria-label={`Namespace ${namespaceLabel(ns)}`}>
      <h2>{namespaceLabel(ns)}</h2>
      <dl className="facts">
        <dt>Names</dt>
        <dd>{ns.names.length ? ns.names.join(', ') : <span className="muted">none (anonymous)</span>}</dd>
        <dt>Id (inode)</dt>
        <dd><code>{ns.id}</code></dd>
        <dt>nsid</dt>
        <dd>{ns.nsid ?? <span className="muted">not assigned</span>}</dd>
        <dt>Interfaces</dt>
        <dd>{ns.links.length}</dd>
        {ns.owner && <OwnerFacts owner={ns.owner} />}
      </dl>
      <div className="button-row">
        <button className="primary" onClick={() => props.onTerminal(ns)}>Open terminal here</button>
        {ns.pids.length > 0 && <button onClick={() => setNaming(true)}>{ns.names.length ? 'Add a name…' : 'Name…'}</button>}
        {ns.names.length > 0 && !ns.current && <button className="danger" onClick={props.onDelete}>Delete…</button>}
      </div>
      {ns.pids.length > 0 && <NameDialog ns={ns} open={naming} onClose={() => setNaming(false)} />}
      <h3>Interfaces</h3>
      {/* The keyboard way to every interface (the canvas is for the mouse). */}
      <ul className="if-list">
        {ns.links.length === 0 && <li className="muted">none</li>}
        {ns.links.map((l) => (
          <li key={l.ifindex}>
            <button className="if-list-item" onClick={() => props.onInterface(l.ifindex)}>
              <span className={`state-dot ${dotOf(l)}`} aria-label={dotLabel(l)} />
              <span>{l.name}</span>
              <span className="muted">{l.kind ?? 'device'}</span>
              <Addresses addresses={l.addresses} />
            </button>
          </li>
        ))}
      </ul>
      <h3>Run command</h3>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void runCommand(); }}>
        <input aria-label="Command to run in this namespace" value={cmd} onChange={(e) => setCmd(e.target.value)} />
        <button type="submit" disabled={busy}>{busy ? 'Running…' : 'Run'}</button>
      </form>
      {out && <pre className={`output${out.error ? ' error' : ''}`}>{out.text || '(no output)'}</pre>}
      <h3>Processes ({ns.pids.length})</h3>
      {ns.processes.length === 0 ? <p className="muted">No process runs in it.</p> : (
        <table className="table"><thead><tr><th>PID</th><th>Command</th></tr></thead>
          <tbody>{ns.processes.map((p) => <tr key={p.pid}><td>{p.pid}</td><td>{p.command}</td></tr>)}</tbody>
        </table>
      )}
      <h3>Routes</h3>
      <RouteTable ns={ns} />
      <SysctlSection key={`s${ns.id}`} ns={ns} />
      <DnsSection key={`d${ns.id}`} ns={ns} />
    </section>
  );
}
