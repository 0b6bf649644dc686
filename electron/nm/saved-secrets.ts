// "Remember" on a secret prompt: which answers become secrets NetworkManager stores, and where.
// A second-factor answer is good for one login only: saved as the password it would replace the
// real one and fail every later attempt, so it is never saved. A challenge is told by its field:
// nm-openvpn names it challenge-response, or (1.10) asks for "password" again with the challenge
// text, which the client shows as the field's prompt (state.ts, secretRequested).
import type { SecretRequest } from '../../shared/vpn';
import { Variant, unwrap } from './bus';
import { secretFlags } from './reasons';
import type { RawSettings } from './settings';

/** WireGuard secrets that live on the wireguard setting itself (a peer's pre-shared key lives on the peer). */
const wireguardKeys = new Set(['private-key']);

/** The answers worth keeping: none of a challenge, and for WireGuard only its own keys. */
export function savableSecrets(request: SecretRequest, secrets: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(secrets)) {
    const field = request.fields.find((f) => f.key === key);
    if (!field || field.prompt !== null || key === 'challenge-response') continue;
    if (request.settingName === 'wireguard' && !wireguardKeys.has(key)) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Writes `values` into the settings as secrets NetworkManager saves (flags 0), equal to
 * `nmcli connection modify ID vpn.secrets KEY=VALUE +vpn.data KEY-flags=0` for a plugin VPN, and
 * `wireguard.KEY VALUE wireguard.KEY-flags 0` for WireGuard. `vpnSecrets` is the vpn.secrets map
 * updateKeepingSecrets writes back.
 */
export function saveSecrets(raw: RawSettings, vpnSecrets: Record<string, string>, settingName: string, values: Record<string, string>): void {
  if (settingName === 'wireguard') {
    const wg = (raw.wireguard ??= {});
    for (const [k, v] of Object.entries(values)) {
      wg[k] = new Variant('s', v);
      wg[`${k}-flags`] = new Variant('u', secretFlags.saved);
    }
    return;
  }
  const vpn = (raw.vpn ??= {});
  const data = { ...(unwrap(vpn.data) as Record<string, string> | undefined) };
  for (const [k, v] of Object.entries(values)) {
    vpnSecrets[k] = v;
    data[`${k}-flags`] = String(secretFlags.saved);
  }
  vpn.data = new Variant('a{ss}', data);
}
