// Bringing a VPN up and down, and waiting for NetworkManager's final word on it. The final state
// comes from the StateChanged signals (signals.ts), which may arrive before the reply of the call
// that caused them; state.ts keeps them for the waiter.
import { StudioError } from '../../shared/result';
import type { VpnProfile } from '../../shared/vpn';
import { NM, NM_PATH, callMethod, nmError, type MessageBus } from './bus';
import type { Loader } from './loader';
import { NOT_RUNNING } from './presence';
import { OPENVPN_SERVICE } from './openvpn-data';
import { distill, type PluginLog } from './plugin-log';
import { failureText } from './reasons';
import type { VpnState } from './state';

const ACTIVATED = 2;
const NM_WENT_AWAY = -1;
const DISCONNECT_WAIT_MS = 15_000;
/** NetworkManager's reasons that say nothing a person can act on: unknown, service stopped, failed to start. */
const UNHELPFUL_REASONS = [0, 4, 8];

/** `nmcli connection up uuid UUID`: resolves once it is activated; a failure or timeout rejects in words. */
export async function connect(b: MessageBus, state: VpnState, loader: Loader, uuid: string, timeoutMs: number, log: PluginLog | null = null): Promise<VpnProfile> {
  const p = await loader.profileByUuid(b, uuid);
  state.startAttempt(p);
  state.connecting.add(p.uuid);
  try {
    // openvpn's own words for this attempt, for when NetworkManager gives none (plugin-log.ts)
    const logged = log && p.serviceType === OPENVPN_SERVICE ? await log.mark().catch(() => null) : null;
    const realReason = async () => (log && logged !== null ? distill(await log.since(logged).catch(() => [])) : null);
    let activePath: string;
    try {
      // device "/" and specific object "/": NetworkManager picks the default connection as the base
      [activePath] = (await callMethod(b, NM, NM_PATH, NM, 'ActivateConnection', 'ooo', [p.path, '/', '/'])) as [string];
    } catch (e) {
      throw nmError(e, `connecting ${p.name}`);
    }
    const s = await state.waitSettled(activePath, timeoutMs);
    if (!s) {
      // The failure is ours to say before we stop it: the deactivation's own reason would read
      // "disconnected by the user" when the user did nothing.
      const why = await realReason();
      const message = `the VPN ${p.name} did not come up within ${Math.round(timeoutMs / 1000)} s${why ? `: ${why}` : ''}`;
      state.lastError.set(p.uuid, message);
      loader.announce(p);
      await callMethod(b, NM, NM_PATH, NM, 'DeactivateConnection', 'o', [activePath]).catch(() => {});
      throw new StudioError('timeout', message);
    }
    if (s.state === NM_WENT_AWAY) throw new StudioError('unavailable', `${NOT_RUNNING}: it went away while ${p.name} was connecting`);
    // Disconnect pressed while it was connecting: a cancel, not a failure.
    if (s.state !== ACTIVATED && state.canceled.delete(p.uuid)) throw new StudioError('canceled', `connecting ${p.name} was canceled`);
    if (s.state !== ACTIVATED) {
      const reason = state.reasonFor(p, s.reason);
      const why = UNHELPFUL_REASONS.includes(reason) ? await realReason() : null;
      const message = why ? `the VPN ${p.name} did not come up: ${why}` : failureText(p.name, reason);
      state.lastError.set(p.uuid, message);
      loader.announce(p);
      throw new StudioError('failed', message);
    }
    await loader.loadActive(activePath, true);
    return state.view(p);
  } finally {
    state.connecting.delete(p.uuid);
  }
}

/**
 * `nmcli connection down uuid UUID`: every active connection of the profile, each waited for.
 * While it is still connecting this cancels the attempt (its connect call answers "canceled").
 */
export async function disconnect(b: MessageBus, state: VpnState, loader: Loader, uuid: string): Promise<VpnProfile> {
  const p = await loader.profileByUuid(b, uuid);
  const mine = [...state.actives.values()].filter((a) => a.connectionPath === p.path && a.state !== 'deactivated');
  for (const a of mine) {
    if (a.state === 'activating') state.canceled.add(p.uuid);
    state.unsettle(a.path);
    try {
      await callMethod(b, NM, NM_PATH, NM, 'DeactivateConnection', 'o', [a.path]);
    } catch (e) {
      if (!/not active/i.test(String((e as { text?: string }).text ?? ''))) throw nmError(e, `disconnecting ${p.name}`);
    }
    await state.waitSettled(a.path, DISCONNECT_WAIT_MS);
  }
  return state.view(p);
}
