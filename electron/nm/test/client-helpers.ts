// Helpers of the NetworkManager client tests (*.nm.test.ts): the set-up every file starts with
// (the fixture and a client on it), an event recorder that checks every event against the
// contract, and what NetworkManager and the kernel say, read without our client (busctl, ip -json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { events as eventSchemas, type EventName } from '../../../shared/contract';
import type { StudioError } from '../../../shared/result';
import type { NmStatus, VpnProfile } from '../../../shared/vpn';
// The panel's own rule for notifications (pure, no DOM), fed with the real events.
// eslint-disable-next-line no-restricted-imports
import { vpnTransition } from '../../../renderer/vpn/transition';
import { createNmClient, type NmClient, type NmClientOptions } from '../client';
import { startNmFixture, type NmFixture } from './fixture';

type Seen = { event: EventName; payload: unknown };

export type Recorder = ReturnType<typeof recorder>;

/** Records the client's events, and every one the contract refuses (the hosts would drop it). */
export function recorder(client: NmClient) {
  const seen: Seen[] = [];
  const violations: string[] = [];
  const waiters: Array<() => void> = [];
  client.subscribe((event, payload) => {
    const checked = eventSchemas[event].safeParse(payload);
    if (!checked.success) violations.push(`event ${event} breaks the contract: ${checked.error.message}`);
    seen.push({ event, payload });
    for (const w of waiters.splice(0)) w();
  });
  async function waitFor<T>(pick: (s: Seen) => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let from = 0;
    for (;;) {
      for (; from < seen.length; from++) {
        const r = pick(seen[from]!);
        if (r) return r;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`event not seen within ${timeoutMs} ms; saw ${seen.map((s) => s.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }
  return { seen, violations, waitFor, clear: () => void seen.splice(0) };
}

/** The error a call fails with (and a test failure if it succeeds). */
export const errorOf = async (p: Promise<unknown>): Promise<StudioError['info']> => {
  try {
    await p;
  } catch (e) {
    return (e as StudioError).info ?? { code: 'internal', message: String(e) };
  }
  throw new Error('expected the call to fail');
};

/**
 * The connections NetworkManager has added since `before`, from busctl (not from our client).
 * Paths, not a count: NetworkManager may drop a connection it generated for a device meanwhile.
 */
export async function nmConnectionsAdded(fx: NmFixture, before: string[] = []): Promise<string[]> {
  const out = await fx.busctl('call', 'org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager/Settings', 'org.freedesktop.NetworkManager.Settings', 'ListConnections');
  return [...out.matchAll(/"([^"]+)"/g)].map((m) => m[1]!).filter((p) => !before.includes(p));
}

/** What NetworkManager has stored for the profile's vpn setting, as busctl prints it. */
export async function storedSecrets(fx: NmFixture, path: string): Promise<string> {
  return fx.busctl('call', 'org.freedesktop.NetworkManager', path, 'org.freedesktop.NetworkManager.Settings.Connection', 'GetSecrets', 's', 'vpn');
}

/** The IPv4 addresses on tun devices, from `ip -json` (not from our client). */
export function tunAddresses(fx: NmFixture): string[] {
  const links = fx.ipJson('addr', 'show') as Array<{ ifname: string; addr_info: Array<{ family: string; local: string; prefixlen: number }> }>;
  return links
    .filter((l) => l.ifname.startsWith('tun'))
    .flatMap((l) => l.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`));
}

/** A fixture with a client on it, as every NetworkManager test file starts. */
export interface NmTestClient {
  fx: NmFixture;
  /** The fixture's variables (fx.env). */
  env: Record<string, string>;
  client: NmClient;
  /** The client's events from its start on. */
  events: Recorder;
}

/**
 * Starts the fixture and a client on it, and waits until the client reports NetworkManager
 * running. HOME (for nmcli) and the certificate directory are inside the fixture's scratch
 * directory, never the real home. `options` may depend on the fixture (its log file...).
 */
export async function startNmClient(options: Partial<NmClientOptions> | ((fx: NmFixture) => Partial<NmClientOptions>)): Promise<NmTestClient> {
  const fx = startNmFixture();
  try {
    const more = typeof options === 'function' ? options(fx) : options;
    const client = createNmClient({ busAddress: fx.busAddress, home: fx.scratch, certDir: `${fx.scratch}/certs`, ...more });
    const events = recorder(client);
    await events.waitFor((s) => s.event === 'vpn.status' && (s.payload as NmStatus).running);
    return { fx, env: fx.env, client, events };
  } catch (e) {
    fx.stop();
    throw e;
  }
}

/** Closes the client and stops the fixture (either may be missing when the start failed). */
export async function stopNmClient({ fx, client }: { fx?: NmFixture; client?: NmClient }): Promise<void> {
  await client?.close();
  fx?.stop();
}

/** `nmcli connection import type TYPE file DIR/FILE` of the text, as an administrator would: the new profile's uuid. */
export async function nmcliImportFile(fx: NmFixture, dir: string, type: 'openvpn' | 'wireguard', fileName: string, content: string): Promise<string> {
  const file = join(dir, fileName);
  writeFileSync(file, content);
  const out = await fx.nmcli('connection', 'import', 'type', type, 'file', file);
  return /\(([0-9a-f-]{36})\)/.exec(out)![1]!;
}

/** The notifications the panel shows for the events seen so far (use-vpn.ts does the same). */
export function panelNotifications(events: Recorder, uuid: string): string[] {
  let known: VpnProfile | undefined;
  const out: string[] = [];
  for (const s of events.seen) {
    if (s.event !== 'vpn.changed' || (s.payload as VpnProfile).uuid !== uuid) continue;
    const t = vpnTransition(known, s.payload as VpnProfile);
    known = s.payload as VpnProfile;
    if (t) out.push(`${t.title}${t.body ? `: ${t.body}` : ''}`);
  }
  return out;
}
