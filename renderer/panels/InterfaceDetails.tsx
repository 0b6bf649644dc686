// Details of an interface: state toggle, rename, MTU, master, addresses, routes, move, delete.
import { useState } from 'react';
import type { Link, Namespace } from '../../shared/model';
import { run } from '../app/activity';
import { inputErrors } from '../dialogs/FormDialog';
import { namespaceLabel, namespaceRef } from '../model/topology-state';
import { RouteTable } from './RouteTable';
import { LinkRelations, type PickInterface } from './LinkRelations';
import { AddressList } from './AddressList';
import { adminState, dotOf, linkState, stateExplanation } from '../topology/link-state';

export function InterfaceDetails(props: { ns: Namespace; link: Link; namespaces: Namespace[]; onDelete: () => void; onPick: PickInterface }) {
  const { ns, link } = props;
  const ref = namespaceRef(ns);
  const [name, setName] = useState(link.name);
  const [mtu, setMtu] = useState(String(link.mtu));
  const [addr, setAddr] = useState('');
  const [moveTo, setMoveTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const bridges = ns.links.filter((l) => l.kind === 'bridge' && l.ifindex !== link.ifindex);
  const others = props.namespaces.filter((n) => n.id !== ns.id);

  const act = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const r = await p;
    setError(r.ok ? null : (r.error?.message ?? 'failed'));
    return r.ok;
  };
  const set = (input: { up?: boolean; mtu?: number; name?: string; master?: number | null }, title: string) => {
    const full = { namespace: ref, link: link.ifindex, ...input };
    const errs = inputErrors('link.set', full);
    const first = Object.values(errs)[0];
    if (first) return void setError(first);
    void act(run('link.set', full, title));
  };

  return (
    <section className="details" aria-label={`Interface ${link.name}`}>
      <h2>{link.name} <span className={`kind kind-${link.kind ?? 'plain'}`}>{link.kind ?? 'device'}</span></h2>
      <p className="muted">in {namespaceLabel(ns)} · index {link.ifindex}{link.mac ? ` · ${link.mac}` : ''}</p>
      {error && <p className="form-error" role="alert">{error}</p>}
      {/* Two states, named apart: the switch is what you set; the link state is what the link does. */}
      <div className="setting">
        <span title="What you set: ip link set dev NAME up|down">Admin state</span>
        <button role="switch" aria-checked={link.up} aria-label={`Admin state of ${link.name}`} className={`switch ${link.up ? 'on' : ''}`} onClick={() => set({ up: !link.up }, `Set ${link.name} ${link.up ? 'down' : 'up'}`)}>
          {link.up ? 'Up' : 'Down'}
        </button>
      </div>
      <div className="setting" data-testid="link-state">
        <span title="What the link does (the kernel's operational state)">Link state</span>
        <span className="link-state"><span className={`state-dot ${dotOf(link)}`} aria-hidden /> {linkState(link)}{linkState(link) !== link.operstate.toLowerCase() && <span className="muted"> ({link.operstate.toLowerCase()})</span>}</span>
      </div>
      {stateExplanation(link) && <p className="muted small-text state-note">{stateExplanation(link)}</p>}
      {!link.up && <p className="muted small-text state-note">Admin state {adminState(link)}: the link does nothing until it is set up.</p>}
      <LinkRelations ns={ns} link={link} namespaces={props.namespaces} onPick={props.onPick} />
      <form className="setting" onSubmit={(e) => { e.preventDefault(); if (name !== link.name) set({ name }, `Rename ${link.name} to ${name}`); }}>
        <label htmlFor="if-name">Name</label>
        <input id="if-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={name === link.name}>Rename</button>
      </form>
      <form className="setting" onSubmit={(e) => { e.preventDefault(); set({ mtu: Number(mtu) }, `Set MTU of ${link.name} to ${mtu}`); }}>
        <label htmlFor="if-mtu">MTU</label>
        <input id="if-mtu" inputMode="numeric" value={mtu} onChange={(e) => setMtu(e.target.value)} />
        <button type="submit" disabled={mtu === String(link.mtu)}>Set</button>
      </form>
      {link.kind !== 'bridge' && (
        <div className="setting">
          <label htmlFor="if-master">Master</label>
          <select id="if-master" value={link.master ?? ''} onChange={(e) => set({ master: e.target.value === '' ? null : Number(e.target.value) }, e.target.value === '' ? `Release ${link.name} from its bridge` : `Enslave ${link.name}`)}>
            <option value="">none</option>
            {bridges.map((b) => <option key={b.ifindex} value={b.ifindex}>{b.name}</option>)}
            {link.master !== null && !bridges.some((b) => b.ifindex === link.master) && <option value={link.master}>#{link.master}</option>}
          </select>
        </div>
      )}
      <h3>Addresses</h3>
      <AddressList addresses={link.addresses} onRemove={(a) => void act(run('address.delete', { namespace: ref, link: link.ifindex, address: a }, `Remove ${a} from ${link.name}`))} />
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        const input = { namespace: ref, link: link.ifindex, address: addr.trim() };
        const first = Object.values(inputErrors('address.add', input))[0];
        if (first) return setError(first);
        void act(run('address.add', input, `Add ${addr} to ${link.name}`)).then((ok) => ok && setAddr(''));
      }}>
        <input aria-label="New address" placeholder="10.0.0.1/24" value={addr} onChange={(e) => setAddr(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      <h3>Routes through it</h3>
      <RouteTable ns={ns} ifindex={link.ifindex} />
      <h3>Move</h3>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (moveTo) void act(run('link.move', { namespace: ref, link: link.ifindex, to: moveTo }, `Move ${link.name} to ${moveTo}`)); }}>
        <select aria-label="Namespace to move to" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
          <option value="">choose a namespace…</option>
          {others.map((n) => <option key={n.id} value={namespaceRef(n)}>{namespaceLabel(n)}</option>)}
        </select>
        <button type="submit" disabled={!moveTo}>Move</button>
      </form>
      <div className="button-row"><button className="danger" onClick={props.onDelete}>Delete…</button></div>
    </section>
  );
}
