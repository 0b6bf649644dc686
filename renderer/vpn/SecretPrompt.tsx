// NetworkManager asks for a secret (password, pass phrase, second factor): ask the person.
import { useState } from 'react';
import type { SecretRequest } from '../../shared/vpn';
import { api } from '../app/api';
import { Field, FormDialog, useSubmit } from '../dialogs/FormDialog';
import { canRemember, isCode, secretLabel } from './secret-fields';

export function SecretPrompt({ request, onDone }: { request: SecretRequest; onDone: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [save, setSave] = useState(false);
  const { busy, error, submit } = useSubmit(onDone);
  return (
    <FormDialog
      open
      onOpenChange={(o) => {
        if (!o) void api['vpn.secrets.cancel']({ requestId: request.requestId }).then(onDone);
      }}
      title={`${request.name} needs a secret`}
      description={request.message ?? 'NetworkManager asks for this to connect.'}
      submitLabel="Connect"
      busy={busy}
      error={error}
      onSubmit={() => submit(() => api['vpn.secrets.answer']({ requestId: request.requestId, secrets: values, save }))}
    >
      {request.fields.map((f, i) => (
        <Field key={f.key} label={secretLabel(f)} hint={f.prompt ?? undefined}>
          <input autoFocus={i === 0} type={f.secret ? 'password' : 'text'} name={f.key} autoComplete={isCode(f) ? 'one-time-code' : 'off'} value={values[f.key] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))} />
        </Field>
      ))}
      {canRemember(request) && <label className="check"><input type="checkbox" checked={save} onChange={(e) => setSave(e.target.checked)} /> Remember in NetworkManager</label>}
    </FormDialog>
  );
}
