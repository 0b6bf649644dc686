// The VPN panel: profiles with live state and reasons, connect/disconnect, import, create, edit,
// rename, export, delete; a clear message when NetworkManager is not running.
import { useRef, useState } from 'react';
import type { VpnProfile } from '../../shared/vpn';
import { run } from '../app/activity';
import { Field, FormDialog, inputErrors, useSubmit } from '../dialogs/FormDialog';
import { download } from '../export/picture';
import { importVpnFile } from './import';
import { VpnForm } from './VpnForm';
import type { useVpn } from './use-vpn';

/** The profile as its plugin's file (nmcli connection export), downloaded. */
async function exportProfile(p: VpnProfile): Promise<void> {
  const r = await run('vpn.export', { uuid: p.uuid }, `Export ${p.name}`);
  if (r.ok) download(r.value.fileName, new Blob([r.value.content], { type: 'text/plain' }));
}

function RenameDialog(props: { profile: VpnProfile; onClose: () => void }) {
  const [name, setName] = useState(props.profile.name);
  const { busy, error, errors, submit } = useSubmit(props.onClose);
  const input = { uuid: props.profile.uuid, name: name.trim() };
  return (
    <FormDialog open onOpenChange={(o) => !o && props.onClose()} title={`Rename ${props.profile.name}`} submitLabel="Rename" busy={busy} error={error}
      onSubmit={() => submit(() => run('vpn.rename', input, `Rename VPN ${props.profile.name} to ${input.name}`), inputErrors('vpn.rename', input))}>
      <Field label="Name" error={errors.name}>
        <input autoFocus name="name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
    </FormDialog>
  );
}

/** Asks first; stays open, busy while NetworkManager works, and shows its refusal in words. */
function DeleteDialog(props: { profile: VpnProfile; onClose: () => void }) {
  const p = props.profile;
  const { busy, error, submit } = useSubmit(props.onClose);
  return (
    <FormDialog open onOpenChange={(o) => !o && props.onClose()} title={`Delete ${p.name}?`} danger submitLabel="Delete" busy={busy} error={error}
      description={`${p.active ? `It is ${p.active.state === 'activated' ? 'connected' : 'connecting'} now and will be disconnected. ` : ''}Its stored secrets and its own certificate and key files go with it.`}
      onSubmit={() => submit(() => run('vpn.delete', { uuid: p.uuid }, `Delete VPN ${p.name}`))} />
  );
}

/** How long a connect may take before the app gives up and says so (shown while connecting). */
const CONNECT_TIMEOUT_MS = 60_000;

function stateOf(p: VpnProfile): { label: string; tone: string } {
  const a = p.active;
  if (a?.state === 'activated') return { label: 'connected', tone: 'ok' };
  if (a?.state === 'activating') return { label: a.vpnState === 'need-auth' ? 'needs a secret' : `connecting (gives up after ${CONNECT_TIMEOUT_MS / 1000} s)`, tone: 'busy' };
  if (a?.state === 'deactivating') return { label: 'disconnecting', tone: 'busy' };
  if (p.lastError) return { label: 'failed', tone: 'error' };
  return { label: 'off', tone: 'off' };
}

export function VpnPanel({ vpn }: { vpn: ReturnType<typeof useVpn> }) {
  const file = useRef<HTMLInputElement>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<VpnProfile | null>(null);
  const [deleting, setDeleting] = useState<VpnProfile | null>(null);
  const [renaming, setRenaming] = useState<VpnProfile | null>(null);
  const [busy, setBusy] = useState<Set<string>>(new Set());

  if (vpn.load.phase === 'loading') return <p className="empty">Asking NetworkManager…</p>;
  if (vpn.load.phase === 'error') return <p className="empty error">{vpn.load.message}</p>;
  if (vpn.status && !vpn.status.running)
    return (
      <div className="empty" data-testid="nm-down">
        <strong>NetworkManager is not running.</strong>
        <p>{vpn.status.message ?? 'Start it (systemctl start NetworkManager) to manage VPNs here.'}</p>
      </div>
    );

  // Busy only while a disconnect runs: during a connect the switch stays usable, so Disconnect
  // cancels an attempt that hangs (connect then answers "canceled").
  const toggle = async (p: VpnProfile) => {
    const on = p.active?.state === 'activated' || p.active?.state === 'activating';
    if (!on) return void run('vpn.connect', { uuid: p.uuid, timeoutMs: CONNECT_TIMEOUT_MS }, `Connect ${p.name}`);
    setBusy((b) => new Set(b).add(p.uuid));
    await run('vpn.disconnect', { uuid: p.uuid }, p.active?.state === 'activating' ? `Cancel connecting ${p.name}` : `Disconnect ${p.name}`);
    setBusy((b) => {
      const n = new Set(b);
      n.delete(p.uuid);
      return n;
    });
  };

  return (
    <div className="vpn-panel">
      <div className="button-row">
        <button onClick={() => file.current?.click()}>Import…</button>
        <button onClick={() => { setEditing(null); setFormOpen(true); }}>New OpenVPN…</button>
        <input ref={file} type="file" accept=".ovpn,.conf" hidden aria-label="VPN file to import" data-testid="vpn-file"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void importVpnFile(f); e.target.value = ''; }} />
      </div>
      {vpn.profiles.length === 0 ? (
        <p className="empty">No VPN profiles. Import an .ovpn or WireGuard .conf file (or drop one on the window), or create one.</p>
      ) : (
        <ul className="vpn-list">
          {vpn.profiles.map((p) => {
            const s = stateOf(p);
            const on = p.active?.state === 'activated' || p.active?.state === 'activating';
            const addr = p.active?.ipv4?.addresses[0] ?? p.active?.ipv6?.addresses[0];
            return (
              <li key={p.uuid} className="vpn-item" data-testid={`vpn-${p.name}`}>
                <div className="vpn-head">
                  <span className="vpn-name">{p.name}</span>
                  <span className={`badge ${s.tone}`} data-testid="vpn-state">{s.label}</span>
                </div>
                <div className="muted small-text">{p.type}{p.remote ? ` · ${p.remote}` : ''}{addr ? ` · ${addr}` : ''}{p.active?.device ? ` on ${p.active.device}` : ''}</div>
                {(p.lastError || p.active?.reason) && <div className={`small-text${p.lastError ? ' error' : ' muted'}`}>{p.lastError ?? p.active?.reason}</div>}
                <div className="button-row">
                  <button role="switch" aria-checked={on} className={`switch ${on ? 'on' : ''}`} disabled={busy.has(p.uuid)} onClick={() => void toggle(p)}>
                    {p.active?.state === 'activating' ? 'Cancel' : on ? 'Disconnect' : 'Connect'}
                  </button>
                  {p.type === 'openvpn' && <button onClick={() => { setEditing(p); setFormOpen(true); }}>Edit…</button>}
                  <button onClick={() => setRenaming(p)}>Rename…</button>
                  <button onClick={() => void exportProfile(p)}>Export</button>
                  <button className="danger" onClick={() => setDeleting(p)}>Delete…</button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <VpnForm open={formOpen} editing={editing} onClose={() => setFormOpen(false)} />
      {renaming && <RenameDialog profile={renaming} onClose={() => setRenaming(null)} />}
      {deleting && <DeleteDialog profile={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}
