// Create or edit an OpenVPN profile, with inline errors from the contract's openVpnFields schema.
import { useEffect, useState } from 'react';
import { openVpnEditFields, openVpnFields, type VpnProfile } from '../../shared/vpn';
import { api } from '../app/api';
import { run } from '../app/activity';
import { Field, FormDialog, fieldErrors, useSubmit } from '../dialogs/FormDialog';
import { blankForm as blank, fieldsOf, formOf, type Form } from './form-fields';

/**
 * A certificate or key: a path, or PEM pasted whole. Several lines, so a pasted PEM keeps its
 * newlines (a one-line input turned them into spaces and saved a file OpenSSL cannot read).
 */
function Pem(props: { value: string; onChange: (e: { target: { value: string } }) => void }) {
  return <textarea className="pem" rows={props.value.includes('\n') ? 6 : 1} spellCheck={false} placeholder="/path/to/file.pem, or paste -----BEGIN ...-----" {...props} />;
}

export function VpnForm({ editing, open, onClose }: { editing: VpnProfile | null; open: boolean; onClose: () => void }) {
  const [form, setForm] = useState<Form>(blank);
  // What vpn.get loaded: the fields the form does not show are sent back as they were.
  // (undefined until it answers; null for a profile the form cannot read)
  const [loaded, setLoaded] = useState<Record<string, unknown> | null | undefined>(undefined);
  const [touched, setTouched] = useState(false);
  const { busy, error, submit, setError } = useSubmit(onClose);

  useEffect(() => {
    if (!open) return;
    setTouched(false);
    setError(null);
    setLoaded(undefined);
    if (!editing) return setForm(blank);
    void api['vpn.get']({ uuid: editing.uuid }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setLoaded(r.value.fields);
      setForm(formOf(editing.name, r.value.fields));
    });
  }, [open, editing]);

  const fields = fieldsOf(form, editing ? loaded : null);
  const schema = editing ? openVpnEditFields : openVpnFields;
  const errors = touched ? fieldErrors(schema, fields) : {};
  const set = (k: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const t = form.connectionType;
  const needsTls = t === 'tls' || t === 'password-tls';
  const needsPassword = t === 'password' || t === 'password-tls';

  const save = () => {
    setTouched(true);
    if (Object.keys(fieldErrors(schema, fields)).length) return;
    // Not before vpn.get answered: saving then would drop what the form does not show.
    if (editing && loaded === undefined) return setError('the profile is still being read; try again in a moment');
    return submit(() =>
      editing
        ? run('vpn.update', { uuid: editing.uuid, fields: fields as never }, `Edit VPN ${form.name}`)
        : run('vpn.create', fields as never, `Create VPN ${form.name}`),
    );
  };

  return (
    <FormDialog open={open} onOpenChange={(o) => !o && onClose()} title={editing ? `Edit ${editing.name}` : 'New OpenVPN profile'} submitLabel={editing ? 'Save' : 'Create'} busy={busy} error={error} onSubmit={save}>
      <Field label="Name" error={errors.name}><input autoFocus value={form.name} onChange={set('name')} onBlur={() => setTouched(true)} /></Field>
      <div className="two-columns">
        <Field label="Server" error={errors.remote}><input value={form.remote} onChange={set('remote')} placeholder="vpn.example.org" /></Field>
        <Field label="Port" error={errors.port}><input inputMode="numeric" value={form.port} onChange={set('port')} /></Field>
      </div>
      <div className="two-columns">
        <Field label="Protocol" error={errors.protocol}>
          <select value={form.protocol} onChange={set('protocol')}><option>udp</option><option>tcp</option></select>
        </Field>
        <Field label="Authentication" error={errors.connectionType}>
          <select value={t} onChange={set('connectionType')}>
            <option value="password">Password</option>
            <option value="tls">Certificates (TLS)</option>
            <option value="password-tls">Password with certificates</option>
            <option value="static-key">Static key</option>
          </select>
        </Field>
      </div>
      {(needsTls || needsPassword) && <Field label="CA certificate (path or PEM)" error={errors.ca}><Pem value={form.ca ?? ''} onChange={set('ca')} /></Field>}
      {needsTls && (
        <>
          <Field label="Client certificate" error={errors.cert}><Pem value={form.cert ?? ''} onChange={set('cert')} /></Field>
          <Field label="Private key" error={errors.key}><Pem value={form.key ?? ''} onChange={set('key')} /></Field>
        </>
      )}
      {needsPassword && (
        <div className="two-columns">
          <Field label="User name" error={errors.username}><input value={form.username} onChange={set('username')} autoComplete="off" /></Field>
          <Field label="Password" error={errors.password} hint={editing ? 'Leave empty to keep the stored one' : undefined}>
            <input type="password" value={form.password} onChange={set('password')} autoComplete="new-password" />
          </Field>
        </div>
      )}
      {needsPassword && (
        <Field label="Password is" error={errors.passwordFlag}>
          <select value={form.passwordFlag} onChange={set('passwordFlag')}><option value="saved">saved</option><option value="ask">asked every time</option></select>
        </Field>
      )}
      {t === 'static-key' && (
        <>
          <Field label="Static key" error={errors.staticKey}><Pem value={form.staticKey ?? ''} onChange={set('staticKey')} /></Field>
          <div className="two-columns">
            <Field label="Local tunnel address" error={errors.localIp}><input value={form.localIp} onChange={set('localIp')} /></Field>
            <Field label="Remote tunnel address" error={errors.remoteIp}><input value={form.remoteIp} onChange={set('remoteIp')} /></Field>
          </div>
        </>
      )}
    </FormDialog>
  );
}
