// Create or edit an OpenVPN profile, with inline errors from the contract's openVpnFields schema.
// The common case is one screen; what nm-connection-editor keeps in its Advanced and IP tabs is
// in an "Advanced" group, collapsed.
import { useEffect, useState, type ReactNode } from 'react';
import { openVpnEditFields, openVpnFields, type VpnProfile } from '../../shared/vpn';
import { api } from '../app/api';
import { run } from '../app/activity';
import { Field, FormDialog, useSubmit } from '../dialogs/FormDialog';
import { advancedSet, blankForm as blank, fieldsOf, formErrors, formOf, type Form } from './form-fields';
import './vpn.css';

/**
 * A certificate or key: a path, or PEM pasted whole. Several lines, so a pasted PEM keeps its
 * newlines (a one-line input turned them into spaces and saved a file OpenSSL cannot read).
 */
function Pem(props: { value: string; onChange: (e: { target: { value: string } }) => void; placeholder?: string }) {
  return <textarea className="pem" rows={props.value.includes('\n') ? 6 : 1} spellCheck={false} placeholder="/path/to/file.pem, or paste -----BEGIN ...-----" {...props} />;
}

export function VpnForm({ editing, open, onClose }: { editing: VpnProfile | null; open: boolean; onClose: () => void }) {
  const [form, setForm] = useState<Form>(blank);
  // What vpn.get loaded: the fields the form does not show are sent back as they were.
  // (undefined until it answers; null for a profile the form cannot read)
  const [loaded, setLoaded] = useState<Record<string, unknown> | null | undefined>(undefined);
  const [touched, setTouched] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const { busy, error, submit, setError } = useSubmit(onClose);

  useEffect(() => {
    if (!open) return;
    setTouched(false);
    setError(null);
    setLoaded(undefined);
    setAdvancedOpen(false);
    // an edit starts blank (not with what the form last held) until vpn.get answers
    setForm(editing ? formOf(editing.name, null) : blank);
    if (!editing) return;
    void api['vpn.get']({ uuid: editing.uuid }).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setLoaded(r.value.fields);
      setForm(formOf(editing.name, r.value.fields));
    });
  }, [open, editing]);

  const fields = fieldsOf(form, editing ? loaded : null);
  const schema = editing ? openVpnEditFields : openVpnFields;
  const errors = touched ? formErrors(schema, fields) : {};
  const set = (k: string) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const check = (k: string) => ({ checked: form[k] === 'true', onChange: (e: { target: { checked: boolean } }) => setForm((f) => ({ ...f, [k]: String(e.target.checked) })) });
  const t = form.connectionType;
  const needsTls = t === 'tls' || t === 'password-tls';
  const needsPassword = t === 'password' || t === 'password-tls';
  const advancedErrors = Object.keys(errors).filter((k) => k in advancedOnly);
  const count = advancedSet(form);

  const save = () => {
    setTouched(true);
    const problems = formErrors(schema, fields);
    // a refusal inside the collapsed group is shown, not hidden behind it
    if (Object.keys(problems).some((k) => k in advancedOnly)) setAdvancedOpen(true);
    if (Object.keys(problems).length) return;
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
            <SecretInput value={form.password} onChange={set('password')} />
          </Field>
        </div>
      )}
      {needsPassword && (
        <Field label="Password is" error={errors.passwordFlag}>
          <SavedOrAsked value={form.passwordFlag} onChange={set('passwordFlag')} />
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
      <details className="vpn-advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary>
          Advanced{count ? ` (${count} set)` : ''}
          {advancedErrors.length > 0 && <span className="field-error"> · {advancedErrors.length === 1 ? '1 problem' : `${advancedErrors.length} problems`}</span>}
        </summary>
        <Group title="Security">
          <div className="two-columns">
            <Field label="Data ciphers" error={errors.dataCiphers} hint="offered in order, e.g. AES-256-GCM:AES-128-GCM"><input value={form.dataCiphers} onChange={set('dataCiphers')} placeholder="openvpn's default" /></Field>
            <Field label="Cipher (older servers)" error={errors.cipher} hint="for servers before OpenVPN 2.4"><input value={form.cipher} onChange={set('cipher')} placeholder="AES-256-CBC" /></Field>
          </div>
          <Field label="HMAC digest (auth)" error={errors.auth}><input value={form.auth} onChange={set('auth')} placeholder="SHA256" /></Field>
          {t !== 'static-key' && (
            <>
              <div className="two-columns">
                <Field label="tls-auth key" error={errors.tlsAuth}><Pem value={form.tlsAuth ?? ''} onChange={set('tlsAuth')} placeholder="/path/to/ta.key, or paste it" /></Field>
                <Field label="Key direction" error={errors.tlsAuthDirection}>
                  <select value={form.tlsAuthDirection} onChange={set('tlsAuthDirection')}><option value="">none</option><option value="0">0</option><option value="1">1 (usual for a client)</option></select>
                </Field>
              </div>
              <div className="two-columns">
                <Field label="tls-crypt key" error={errors.tlsCrypt}><Pem value={form.tlsCrypt ?? ''} onChange={set('tlsCrypt')} placeholder="/path/to/tc.key, or paste it" /></Field>
                <Field label="tls-crypt-v2 key" error={errors.tlsCryptV2} hint="this client's own key; alone, without tls-auth or tls-crypt">
                  <Pem value={form.tlsCryptV2 ?? ''} onChange={set('tlsCryptV2')} placeholder="/path/to/v2.key, or paste it" />
                </Field>
              </div>
            </>
          )}
          {needsTls && (
            <div className="two-columns">
              <Field label="Private key pass phrase" error={errors.keyPassword} hint={editing ? 'Leave empty to keep the stored one' : 'only for an encrypted key'}>
                <SecretInput value={form.keyPassword} onChange={set('keyPassword')} />
              </Field>
              <Field label="Pass phrase is" error={errors.keyPasswordFlag}>
                <SavedOrAsked value={form.keyPasswordFlag} onChange={set('keyPasswordFlag')} />
              </Field>
            </div>
          )}
        </Group>
        <Group title="Tunnel">
          <div className="three-columns">
            <Field label="MTU (tun-mtu)" error={errors.tunnelMtu}><input inputMode="numeric" value={form.tunnelMtu} onChange={set('tunnelMtu')} placeholder="1500" /></Field>
            <Field label="Fragment (UDP)" error={errors.fragmentSize}><input inputMode="numeric" value={form.fragmentSize} onChange={set('fragmentSize')} placeholder="off" /></Field>
            <Field label="mssfix" error={errors.mssfix}><input value={form.mssfix} onChange={set('mssfix')} placeholder="off, yes or bytes" /></Field>
          </div>
          <div className="three-columns">
            <Field label="Compression" error={errors.compression}>
              <select value={form.compression} onChange={set('compression')} className={form.compression ? 'warn' : undefined}>
                <option value="">none</option>
                <option value="lz4-v2">lz4-v2</option>
                <option value="lz4">lz4</option>
                <option value="lzo">lzo</option>
                <option value="yes">framing only (the server may push one)</option>
              </select>
            </Field>
            <Field label="Allow compression" error={errors.allowCompression}>
              <select value={form.allowCompression} onChange={set('allowCompression')} className={form.allowCompression === 'yes' ? 'warn' : undefined}>
                <option value="">openvpn's default (asym)</option>
                <option value="asym">asym: receive only</option>
                <option value="yes">yes: both ways</option>
                <option value="no">no: never</option>
              </select>
            </Field>
            <Field label="Legacy LZO (comp-lzo)" error={errors.compLzo} hint={form.compLzo && form.compression ? 'Compression overrides it' : undefined}>
              <select value={form.compLzo} onChange={set('compLzo')} className={compresses(form.compLzo) ? 'warn' : undefined}>
                <option value="">not set</option>
                <option value="yes">yes</option>
                <option value="adaptive">adaptive</option>
                <option value="no-by-default">no (framing only)</option>
              </select>
            </Field>
          </div>
          {(form.compression || compresses(form.compLzo) || form.allowCompression === 'yes') && <p className="field-hint vpn-warning" role="note">{compressionWarning}</p>}
          <div className="three-columns">
            <Field label="Ping (s)" error={errors.ping}><input inputMode="numeric" value={form.ping} onChange={set('ping')} placeholder="off" /></Field>
            <Field label="Ping restart (s)" error={errors.pingRestart}><input inputMode="numeric" value={form.pingRestart} onChange={set('pingRestart')} placeholder="off" /></Field>
            <Field label="Ping exit (s)" error={errors.pingExit} hint={form.pingExit && form.pingRestart ? 'Ping restart wins over it' : undefined}>
              <input inputMode="numeric" value={form.pingExit} onChange={set('pingExit')} placeholder="off" />
            </Field>
          </div>
          <div className="two-columns">
            <Field label="Connect timeout (s)" error={errors.connectTimeout} hint="per server, before the next"><input inputMode="numeric" value={form.connectTimeout} onChange={set('connectTimeout')} placeholder="120" /></Field>
          </div>
          <label className="check"><input type="checkbox" {...check('remoteRandom')} /> Try the servers in a random order (remote-random)</label>
        </Group>
        <Group title="Proxy">
          <div className="three-columns">
            <Field label="Proxy type" error={errors.proxyType}>
              <select value={form.proxyType} onChange={set('proxyType')}><option value="">none</option><option value="http">HTTP</option><option value="socks">SOCKS</option></select>
            </Field>
            <Field label="Proxy server" error={errors.proxyServer}><input value={form.proxyServer} onChange={set('proxyServer')} /></Field>
            <Field label="Proxy port" error={errors.proxyPort}><input inputMode="numeric" value={form.proxyPort} onChange={set('proxyPort')} /></Field>
          </div>
          {/* the plugin gives openvpn a login for an HTTP proxy only */}
          {(form.proxyType === 'http' || errors.proxyUsername) && (
            <div className="three-columns">
              <Field label="Proxy user name" error={errors.proxyUsername}><input value={form.proxyUsername} onChange={set('proxyUsername')} autoComplete="off" /></Field>
              <Field label="Proxy password" error={errors.proxyPassword} hint={editing ? 'Leave empty to keep the stored one' : undefined}>
                <SecretInput value={form.proxyPassword} onChange={set('proxyPassword')} />
              </Field>
              <Field label="Proxy password is" error={errors.proxyPasswordFlag}>
                <SavedOrAsked value={form.proxyPasswordFlag} onChange={set('proxyPasswordFlag')} />
              </Field>
            </div>
          )}
          <label className="check"><input type="checkbox" {...check('proxyRetry')} /> Retry the proxy when it refuses (proxy-retry)</label>
        </Group>
        <Group title="Routes and DNS">
          <label className="check"><input type="checkbox" {...check('neverDefault')} /> Use this connection only for resources on its network (never the default route)</label>
          <div className="three-columns">
            <Field label="DNS servers" error={errors.dns} hint="IPv4 and IPv6 addresses, separated by commas"><input value={form.dns} onChange={set('dns')} placeholder="from the server" /></Field>
            <Field label="Search domains" error={errors.dnsSearch} hint="while the VPN has an IPv4 address"><input value={form.dnsSearch} onChange={set('dnsSearch')} placeholder="corp.example" /></Field>
            <Field label="IPv6 search domains" error={errors.dnsSearchIpv6} hint="while it has an IPv6 address"><input value={form.dnsSearchIpv6} onChange={set('dnsSearchIpv6')} placeholder="corp.example" /></Field>
          </div>
          <Field label="Extra routes" error={errors.routes} hint="one a line: 10.50.0.0/16 [via 10.8.0.1] [metric 50]">
            <textarea className="routes" rows={Math.max(2, (form.routes ?? '').split('\n').length)} spellCheck={false} value={form.routes} onChange={set('routes')} />
          </Field>
        </Group>
        <label className="check"><input type="checkbox" {...check('autoconnect')} /> Connect automatically</label>
      </details>
    </FormDialog>
  );
}

/** The fields of the Advanced group (a refusal there opens it). */
const advancedOnly: Record<string, true> = Object.fromEntries(
  ['cipher', 'dataCiphers', 'auth', 'tlsAuth', 'tlsAuthDirection', 'tlsCrypt', 'tlsCryptV2', 'keyPassword', 'keyPasswordFlag', 'tunnelMtu', 'fragmentSize', 'mssfix',
    'compression', 'allowCompression', 'compLzo', 'proxyType', 'proxyServer', 'proxyPort', 'proxyUsername', 'proxyPassword', 'proxyPasswordFlag', 'proxyRetry',
    'remoteRandom', 'ping', 'pingRestart', 'pingExit', 'connectTimeout', 'neverDefault', 'dns', 'dnsSearch', 'dnsSearchIpv6', 'routes', 'autoconnect'].map((k) => [k, true]),
);

/** comp-lzo values that compress ("no-by-default" is framing only). */
const compresses = (compLzo: string | undefined) => compLzo === 'yes' || compLzo === 'adaptive';

/** Said whenever compression is on: why OpenVPN itself advises against it. */
const compressionWarning = 'Compression with encryption can leak what the tunnel carries (the VORACLE attack); OpenVPN 2.6 refuses it unless allowed. Use it only if the server requires it.';

type OnChange = (e: { target: { value: string } }) => void;

/** Whether a secret is stored with the profile or asked for at each connect (its "-flags" key). */
function SavedOrAsked(props: { value: string | undefined; onChange: OnChange }) {
  return (
    <select value={props.value} onChange={props.onChange} {...passThrough(props)}>
      <option value="saved">saved</option>
      <option value="ask">asked every time</option>
    </select>
  );
}

/** A secret's field: never echoed, never filled in by the browser. */
function SecretInput(props: { value: string | undefined; onChange: OnChange }) {
  return <input type="password" value={props.value} onChange={props.onChange} autoComplete="new-password" {...passThrough(props)} />;
}

/** What Field adds to its control (id, aria-*), passed on to the element inside. */
const passThrough = (props: object) => Object.fromEntries(Object.entries(props).filter(([k]) => k === 'id' || k.startsWith('aria-')));

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="vpn-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
