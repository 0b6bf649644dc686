// Create or edit an OpenVPN profile, with inline errors from the contract's openVpnFields schema.
import { useEffect, useState } from 'react';
import { openVpnFields, type VpnProfile } from '../../shared/vpn';
import { api } from '../app/api';
import { run } from '../app/activity';
import { Field, FormDialog, fieldErrors } from '../dialogs/FormDialog';

type Form = Record<string, string>;
const blank: Form = { name: '', remote: '', port: '1194', protocol: 'udp', connectionType: 'password', ca: '', cert: '', key: '', username: '', password: '', passwordFlag: 'saved', staticKey: '', localIp: '', remoteIp: '' };

function toFields(f: Form) {
  const out: Record<string, unknown> = { name: f.name, remote: f.remote, protocol: f.protocol, connectionType: f.connectionType, passwordFlag: f.passwordFlag };
  if (f.port!.trim()) out.port = Number(f.port);
  for (const k of ['ca', 'cert', 'key', 'username', 'password', 'staticKey', 'localIp', 'remoteIp']) if (f[k]?.trim()) out[k] = f[k]!.trim();
  return out;
}

export function VpnForm({ editing, open, onClose }: { editing: VpnProfile | null; open: boolean; onClose: () => void }) {
  const [form, setForm] = useState<Form>(blank);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setTouched(false);
    setError(null);
    if (!editing) return setForm(blank);
    void api['vpn.get']({ uuid: editing.uuid }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      const f: Form = { ...blank, name: editing.name };
      for (const [k, v] of Object.entries(r.value.fields ?? {})) if (v !== undefined && v !== null) f[k] = String(v);
      setForm(f);
    });
  }, [open, editing]);

  const fields = toFields(form);
  const errors = touched ? fieldErrors(openVpnFields, fields) : {};
  const set = (k: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const t = form.connectionType;
  const needsTls = t === 'tls' || t === 'password-tls';
  const needsPassword = t === 'password' || t === 'password-tls';

  const submit = async () => {
    setTouched(true);
    if (Object.keys(fieldErrors(openVpnFields, fields)).length) return;
    setBusy(true);
    const r = editing
      ? await run('vpn.update', { uuid: editing.uuid, fields: fields as never }, `Edit VPN ${form.name}`)
      : await run('vpn.create', fields as never, `Create VPN ${form.name}`);
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.error.message);
  };

  return (
    <FormDialog open={open} onOpenChange={(o) => !o && onClose()} title={editing ? `Edit ${editing.name}` : 'New OpenVPN profile'} submitLabel={editing ? 'Save' : 'Create'} busy={busy} error={error} onSubmit={() => void submit()}>
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
      {(needsTls || needsPassword) && <Field label="CA certificate (path or PEM)" error={errors.ca}><input value={form.ca} onChange={set('ca')} /></Field>}
      {needsTls && (
        <>
          <Field label="Client certificate" error={errors.cert}><input value={form.cert} onChange={set('cert')} /></Field>
          <Field label="Private key" error={errors.key}><input value={form.key} onChange={set('key')} /></Field>
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
          <Field label="Static key" error={errors.staticKey}><input value={form.staticKey} onChange={set('staticKey')} /></Field>
          <div className="two-columns">
            <Field label="Local tunnel address" error={errors.localIp}><input value={form.localIp} onChange={set('localIp')} /></Field>
            <Field label="Remote tunnel address" error={errors.remoteIp}><input value={form.remoteIp} onChange={set('remoteIp')} /></Field>
          </div>
        </>
      )}
    </FormDialog>
  );
}
