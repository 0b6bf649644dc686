// The VPN panel: a compact list of profiles (state dot, name, address), the primary action as a
// switch (connect, disconnect, and cancel while connecting), the rest in a menu per profile
// (edit, rename, copy the command, export, delete). What went wrong is said where the person
// is: a failed connect under its profile, an import's answer at the top of the panel.
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useRef, useState } from 'react';
import { commandFor } from '../../shared/commands';
import type { VpnProfile } from '../../shared/vpn';
import { run } from '../app/activity';
import { useStore } from '../app/store';
import { notify } from '../app/toasts';
import { useNow } from '../app/use-now';
import { Field, FormDialog, inputErrors, useSubmit } from '../dialogs/FormDialog';
import { download } from '../export/picture';
import { importVpnFile } from './import';
import { forget, vpnNotices } from './notices';
import { addressOf, byName, connectingFor, deleteWarning, stateOf, switchOn } from './row-state';
import { VpnForm } from './VpnForm';
import type { useVpn } from './use-vpn';
import { CONNECT_TIMEOUT_MS, toggleVpn, vpnAttempts } from './vpn-actions';
import './vpn.css';

/** The profile as its plugin's file (nmcli connection export), downloaded. */
async function exportProfile(p: VpnProfile): Promise<void> {
  const r = await run('vpn.export', { uuid: p.uuid }, `Export ${p.name}`);
  if (r.ok) download(r.value.fileName, new Blob([r.value.content], { type: 'text/plain' }));
}

/** `nmcli connection up id NAME`, to the clipboard (or said, where the page may not write there). */
async function copyCommand(p: VpnProfile): Promise<void> {
  const command = commandFor('vpn.connect', { uuid: p.uuid, timeoutMs: CONNECT_TIMEOUT_MS }, { vpnName: () => p.name }) ?? '';
  try {
    await navigator.clipboard.writeText(command);
    notify('Command copied', command, 'ok');
  } catch {
    notify('The command (the clipboard is not available here)', command, 'info');
  }
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

/** Asks first, saying the state the profile is in now; stays open, busy while NetworkManager works, and shows its refusal in words. */
function DeleteDialog(props: { profile: VpnProfile; onClose: () => void }) {
  const p = props.profile;
  const { busy, error, submit } = useSubmit(props.onClose);
  return (
    <FormDialog open onOpenChange={(o) => !o && props.onClose()} title={`Delete ${p.name}?`} danger submitLabel="Delete" busy={busy} error={error}
      description={`${deleteWarning(p)}Its stored secrets and its own certificate and key files go with it.`}
      onSubmit={() => submit(() => run('vpn.delete', { uuid: p.uuid }, `Delete VPN ${p.name}`))} />
  );
}

/** The seconds of the page's own attempt, counted while it connects. */
function Countdown({ startedAt }: { startedAt: number }) {
  const now = useNow(1000);
  return <span className="vpn-countdown" data-testid="vpn-countdown" title="The app stops the attempt and says why at the end of it">{connectingFor(startedAt, now, CONNECT_TIMEOUT_MS)}</span>;
}

function ImportNotices() {
  const notices = useStore(vpnNotices);
  if (!notices.length) return null;
  return (
    <ul className="vpn-notices" aria-label="Imports">
      {notices.map((n) => (
        <li key={n.id} className={`vpn-notice ${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'} data-testid="vpn-notice">
          <span>{n.text}</span>
          <button className="icon-button" aria-label="Dismiss" onClick={() => forget(n.id)}>×</button>
        </li>
      ))}
    </ul>
  );
}

export function VpnPanel({ vpn }: { vpn: ReturnType<typeof useVpn> }) {
  const file = useRef<HTMLInputElement>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<VpnProfile | null>(null);
  const [deleting, setDeleting] = useState<VpnProfile | null>(null);
  const [renaming, setRenaming] = useState<VpnProfile | null>(null);
  // This page's own attempts, begun here or on the diagram (vpn-actions.ts): when a connect began
  // (for the countdown), what its call answered when it failed without NetworkManager keeping a
  // reason (refused, not found...), and which switches wait for a disconnect.
  const { started, errors: callError, disconnecting: busy } = useStore(vpnAttempts);

  if (vpn.load.phase === 'loading') return <p className="empty">Asking NetworkManager…</p>;
  if (vpn.load.phase === 'error') return <p className="empty error">{vpn.load.message}</p>;
  if (vpn.status && !vpn.status.running)
    return (
      <div className="empty" data-testid="nm-down">
        <strong>NetworkManager is not running.</strong>
        <p>{vpn.status.message ?? 'Start it (systemctl start NetworkManager) to manage VPNs here.'}</p>
      </div>
    );

  // Busy only while a disconnect runs: during a connect the switch stays usable, so it cancels
  // an attempt that hangs (connect then answers "canceled").
  const toggle = (p: VpnProfile) => toggleVpn(p);

  const asking = new Set(vpn.secrets.map((r) => r.uuid));
  const profiles = [...vpn.profiles].sort(byName);
  // the Delete dialog says the state the profile is in now, not when it opened
  const deletingNow = deleting && (vpn.profiles.find((p) => p.uuid === deleting.uuid) ?? { ...deleting, active: null });

  return (
    <div className="vpn-panel">
      <div className="button-row">
        <button onClick={() => file.current?.click()}>Import…</button>
        <button onClick={() => { setEditing(null); setFormOpen(true); }}>New OpenVPN…</button>
        <input ref={file} type="file" accept=".ovpn,.conf" hidden aria-label="VPN file to import" data-testid="vpn-file"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void importVpnFile(f); e.target.value = ''; }} />
      </div>
      <ImportNotices />
      {profiles.length === 0 ? (
        <p className="empty">No VPN profiles. Import an .ovpn or WireGuard .conf file (or drop one on the window), or create one.</p>
      ) : (
        <ul className="vpn-list" aria-label="VPN profiles">
          {profiles.map((p) => {
            const s = stateOf(p, asking.has(p.uuid));
            const on = switchOn(p);
            const connecting = p.active?.state === 'activating';
            // this page's own attempt answers with the fullest sentence (the real reason from
            // openvpn's log), which may come after the profile's lastError from the state change
            const error = p.active ? null : (callError.get(p.uuid) ?? p.lastError ?? null);
            const since = started.get(p.uuid);
            return (
              <li key={p.uuid} className="vpn-row" data-testid={`vpn-${p.name}`}>
                <span className={`vpn-dot ${s.tone}`} aria-hidden="true" />
                <div className="vpn-name" title={p.name}>{p.name}</div>
                <button role="switch" aria-checked={on} aria-label={`${p.name}: ${connecting ? 'connecting (press to cancel)' : on ? 'connected' : 'off'}`}
                  title={connecting ? 'Cancel connecting' : on ? 'Disconnect' : 'Connect'}
                  className={`vpn-switch${on ? ' on' : ''}${connecting ? ' pending' : ''}`} disabled={busy.has(p.uuid)} onClick={() => void toggle(p)}>
                  <span className="vpn-knob" />
                </button>
                <Menu.Root>
                  <Menu.Trigger asChild><button className="icon-button vpn-more" aria-label={`More for ${p.name}`}>⋯</button></Menu.Trigger>
                  <Menu.Portal>
                    <Menu.Content className="menu" sideOffset={4} align="end">
                      {p.type === 'openvpn' && <Menu.Item className="menu-item" onSelect={() => { setEditing(p); setFormOpen(true); }}>Edit…</Menu.Item>}
                      <Menu.Item className="menu-item" onSelect={() => setRenaming(p)}>Rename…</Menu.Item>
                      <Menu.Item className="menu-item" onSelect={() => void copyCommand(p)}>Copy connect command</Menu.Item>
                      <Menu.Item className="menu-item" onSelect={() => void exportProfile(p)}>Export</Menu.Item>
                      <Menu.Separator className="menu-separator" />
                      <Menu.Item className="menu-item danger" onSelect={() => setDeleting(p)}>Delete…</Menu.Item>
                    </Menu.Content>
                  </Menu.Portal>
                </Menu.Root>
                {/* under the name, across the row: the address has the panel's width */}
                <div className="vpn-line">
                  <span className={`vpn-state ${s.tone}`} data-testid="vpn-state">{s.label}</span>
                  {connecting && since !== undefined && <Countdown startedAt={since} />}
                  <span className="vpn-address" title={[addressOf(p), p.type, p.remote && `server ${p.remote}`].filter(Boolean).join(' · ')}>{addressOf(p) || p.type}</span>
                </div>
                {error && <p className="vpn-error" data-testid="vpn-error">{error}</p>}
              </li>
            );
          })}
        </ul>
      )}
      <VpnForm open={formOpen} editing={editing} onClose={() => setFormOpen(false)} />
      {renaming && <RenameDialog profile={renaming} onClose={() => setRenaming(null)} />}
      {deletingNow && <DeleteDialog profile={deletingNow} onClose={() => setDeleting(null)} />}
    </div>
  );
}
