// A profile's settings and its wireguard secrets as NetworkManager gives them to busctl (not to
// our client), for what nmcli 1.42 does not show: WireGuard peers (`wireguard.peers` came to
// nmcli in 1.54). Identity (uuid, permissions) and the activation timestamp are left out.
import { profilePath } from './dump';
import type { NmFixture } from './fixture';

type Json = { type: string; data: unknown };
export type BusSettings = Record<string, Record<string, Json>>;

const NMD = 'org.freedesktop.NetworkManager';

/** GetSettings with GetSecrets('wireguard') merged in (the peers' secrets by position). */
export async function wireguardBusSettings(fx: NmFixture, uuid: string): Promise<BusSettings> {
  const path = await profilePath(fx, uuid);
  const call = async (...args: string[]) => ((JSON.parse(await fx.busctl('--json=short', 'call', NMD, path, `${NMD}.Settings.Connection`, ...args)) as Json).data as BusSettings[])[0]!;
  const settings = await call('GetSettings');
  // a profile without a stored secret has NetworkManager ask the agents, and there is none
  const secrets = await call('GetSecrets', 's', 'wireguard').catch((e: Error) => (/No agents were available/.test(e.message) ? ({} as BusSettings) : Promise.reject(e)));
  const wg = { ...settings.wireguard, ...secrets.wireguard };
  if (settings.wireguard?.peers && secrets.wireguard?.peers) {
    const a = settings.wireguard.peers.data as Array<Record<string, Json>>;
    const b = secrets.wireguard.peers.data as Array<Record<string, Json>>;
    wg.peers = { type: 'aa{sv}', data: a.map((p, i) => ({ ...p, ...b[i] })) };
  }
  const { uuid: _u, permissions: _p, timestamp: _t, ...connection } = settings.connection!;
  return { ...settings, connection, wireguard: wg };
}
