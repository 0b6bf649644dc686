// Dialogs that create things: a namespace, a veth pair (with optional addresses), a bridge, a
// macvlan and a VXLAN. Inline errors come from the contract's zod schemas; the host's answer
// (an existing name...) shows in words and changes nothing.
import { useState } from 'react';
import type { Namespace } from '../../shared/model';
import { run } from '../app/activity';
import { namespaceLabel, namespaceRef } from '../model/topology-state';
import { Field, FormDialog, inputErrors, useSubmit, type Outcome } from './FormDialog';
import { cidr } from '../../shared/validate';

export type CreateKind = 'namespace' | 'veth' | 'bridge' | 'macvlan' | 'vxlan';

interface Props {
  kind: CreateKind | null;
  onClose: () => void;
  namespaces: Namespace[];
  /** The namespace to preselect (the selected one). */
  preferred?: string;
}

function NamespaceSelect(props: { value: string; onChange: (v: string) => void; namespaces: Namespace[]; id?: string }) {
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} id={props.id}>
      {props.namespaces.map((n) => (
        <option key={n.id} value={namespaceRef(n)}>
          {namespaceLabel(n)}
        </option>
      ))}
    </select>
  );
}

const optional = (s: string) => (s.trim() === '' ? undefined : s.trim());
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

export function CreateDialogs({ kind, onClose, namespaces, preferred }: Props) {
  const first = preferred ?? (namespaces[0] ? namespaceRef(namespaces[0]) : '');
  const [ns, setNs] = useState(first);
  const [ns2, setNs2] = useState(first);
  const [name, setName] = useState('');
  const [name2, setName2] = useState('');
  const [addr, setAddr] = useState('');
  const [addr2, setAddr2] = useState('');
  const [parent, setParent] = useState('');
  const [mode, setMode] = useState('bridge');
  const [vni, setVni] = useState('');
  const [remote, setRemote] = useState('');
  const [dev, setDev] = useState('');

  const close = () => {
    setName('');
    setName2('');
    setAddr('');
    setAddr2('');
    reset();
    onClose();
  };
  const { busy, error, errors, submit, reset } = useSubmit(close);
  const open = kind !== null;

  if (kind === 'namespace') {
    const input = { name };
    return (
      <FormDialog open={open} onOpenChange={(o) => !o && close()} title="New namespace" submitLabel="Create" busy={busy} error={error}
        onSubmit={() => submit(() => run('namespace.add', input, `Create namespace ${name}`), inputErrors('namespace.add', input))}>
        <Field label="Name" error={errors.name} hint="A file name under /run/netns">
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} name="name" />
        </Field>
      </FormDialog>
    );
  }
  if (kind === 'veth') {
    const input = { namespace: ns, name, peerNamespace: ns2, peerName: name2 };
    const errs = inputErrors('link.addVeth', input);
    if (addr && !cidr.safeParse(addr).success) errs.address = 'not an address with a prefix, e.g. 10.0.0.1/24';
    if (addr2 && !cidr.safeParse(addr2).success) errs.peerAddress = 'not an address with a prefix, e.g. 10.0.0.2/24';
    const create = async (): Promise<Outcome> => {
      const r = await run('link.addVeth', input, `Create veth pair ${name} / ${name2}`);
      if (!r.ok) return r;
      // Addresses by index: names may already be taken by nothing else, but indexes are certain.
      const steps: Promise<Outcome>[] = [];
      if (addr) steps.push(run('address.add', { namespace: ns, link: name, address: addr }, `Address ${addr} on ${name}`));
      if (addr2) steps.push(run('address.add', { namespace: ns2, link: name2, address: addr2 }, `Address ${addr2} on ${name2}`));
      const failed = (await Promise.all(steps)).find((x) => !x.ok);
      return failed && !failed.ok ? { ok: false, error: { message: `The pair was created, but: ${failed.error.message}` } } : { ok: true };
    };
    return (
      <FormDialog open={open} onOpenChange={(o) => !o && close()} title="New veth pair" submitLabel="Create" busy={busy} error={error} onSubmit={() => submit(create, errs)}>
        <div className="two-columns">
          <fieldset>
            <legend>This end</legend>
            <Field label="Namespace" error={errors.namespace}><NamespaceSelect value={ns} onChange={setNs} namespaces={namespaces} /></Field>
            <Field label="Name" error={errors.name}><input autoFocus name="name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
            <Field label="Address (optional)" error={errors.address}><input name="address" placeholder="10.0.0.1/24" value={addr} onChange={(e) => setAddr(e.target.value)} /></Field>
          </fieldset>
          <fieldset>
            <legend>Peer</legend>
            <Field label="Namespace" error={errors.peerNamespace}><NamespaceSelect value={ns2} onChange={setNs2} namespaces={namespaces} /></Field>
            <Field label="Name" error={errors.peerName}><input name="peerName" value={name2} onChange={(e) => setName2(e.target.value)} /></Field>
            <Field label="Address (optional)" error={errors.peerAddress}><input name="peerAddress" placeholder="10.0.0.2/24" value={addr2} onChange={(e) => setAddr2(e.target.value)} /></Field>
          </fieldset>
        </div>
      </FormDialog>
    );
  }
  if (kind === 'bridge') {
    const input = { namespace: ns, name };
    return (
      <FormDialog open={open} onOpenChange={(o) => !o && close()} title="New bridge" submitLabel="Create" busy={busy} error={error}
        onSubmit={() => submit(() => run('link.addBridge', input, `Create bridge ${name}`), inputErrors('link.addBridge', input))}>
        <Field label="Namespace" error={errors.namespace}><NamespaceSelect value={ns} onChange={setNs} namespaces={namespaces} /></Field>
        <Field label="Name" error={errors.name}><input autoFocus name="name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
      </FormDialog>
    );
  }
  if (kind === 'macvlan') {
    const input = { namespace: ns, name, parentNamespace: ns2, parent, mode };
    return (
      <FormDialog open={open} onOpenChange={(o) => !o && close()} title="New macvlan" submitLabel="Create" busy={busy} error={error}
        onSubmit={() => submit(() => run('link.addMacvlan', input as never, `Create macvlan ${name}`), inputErrors('link.addMacvlan', input))}>
        <Field label="Namespace" error={errors.namespace}><NamespaceSelect value={ns} onChange={setNs} namespaces={namespaces} /></Field>
        <Field label="Name" error={errors.name}><input autoFocus name="name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
        <Field label="Parent's namespace" error={errors.parentNamespace}><NamespaceSelect value={ns2} onChange={setNs2} namespaces={namespaces} /></Field>
        <Field label="Parent interface" error={errors.parent}><input name="parent" value={parent} onChange={(e) => setParent(e.target.value)} placeholder="eth0" /></Field>
        <Field label="Mode" error={errors.mode}>
          <select value={mode} onChange={(e) => setMode(e.target.value)}>
            {['bridge', 'private', 'vepa', 'passthru', 'source'].map((m) => <option key={m}>{m}</option>)}
          </select>
        </Field>
      </FormDialog>
    );
  }
  if (kind === 'vxlan') {
    const input = { namespace: ns, name, vni: num(vni) ?? NaN, remote: optional(remote), dev: optional(dev) };
    return (
      <FormDialog open={open} onOpenChange={(o) => !o && close()} title="New VXLAN" submitLabel="Create" busy={busy} error={error}
        onSubmit={() => submit(() => run('link.addVxlan', input, `Create VXLAN ${name}`), inputErrors('link.addVxlan', input))}>
        <Field label="Namespace" error={errors.namespace}><NamespaceSelect value={ns} onChange={setNs} namespaces={namespaces} /></Field>
        <Field label="Name" error={errors.name}><input autoFocus name="name" value={name} onChange={(e) => setName(e.target.value)} /></Field>
        <Field label="VXLAN id" error={errors.vni}><input name="vni" inputMode="numeric" value={vni} onChange={(e) => setVni(e.target.value)} /></Field>
        <Field label="Remote (optional)" error={errors.remote}><input name="remote" value={remote} onChange={(e) => setRemote(e.target.value)} /></Field>
        <Field label="Underlay device (optional)" error={errors.dev}><input name="dev" value={dev} onChange={(e) => setDev(e.target.value)} /></Field>
      </FormDialog>
    );
  }
  return null;
}
