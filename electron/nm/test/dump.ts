// A profile as NetworkManager reports it, every setting and secret, read with nmcli (not with our
// client): `nmcli --show-secrets -t -f all connection show UUID`. vpn.data and vpn.secrets are
// split into one entry per key, so a change to one key shows as that key alone.
import type { NmFixture } from './fixture';

export type Dump = Record<string, string>;

/** Splits "k1 = v1, k2 = v2" (nmcli's form of a string dict; "," and "\\" in a value come escaped). */
function dictEntries(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of text.split(/(?<!\\), /)) {
    const i = part.indexOf(' = ');
    if (i > 0) out.push([part.slice(0, i), part.slice(i + 3).replace(/\\(.)/g, '$1')]);
  }
  return out;
}

const NMD = 'org.freedesktop.NetworkManager';

/** The profile's D-Bus path, from busctl. */
export async function profilePath(fx: NmFixture, uuid: string): Promise<string> {
  const out = await fx.busctl('call', NMD, '/org/freedesktop/NetworkManager/Settings', `${NMD}.Settings`, 'GetConnectionByUuid', 's', uuid);
  return /"([^"]+)"/.exec(out)![1]!;
}

/**
 * The secrets NetworkManager holds for the profile (busctl GetSecrets of its vpn or wireguard
 * setting), under the dump's keys. Its D-Bus answer is made from the profile NetworkManager keeps,
 * so it is what is really stored.
 */
async function heldSecrets(fx: NmFixture, uuid: string): Promise<Dump> {
  const path = await profilePath(fx, uuid);
  type Settings = Record<string, Record<string, { data: unknown }>>;
  const call = async (...args: string[]) => (JSON.parse(await fx.busctl('--json=short', 'call', NMD, path, `${NMD}.Settings.Connection`, ...args)) as { data: Settings[] }).data[0]!;
  const settings = await call('GetSettings');
  const held: Dump = {};
  for (const name of ['vpn', 'wireguard'].filter((n) => settings[n])) {
    // a profile with nothing stored has NetworkManager ask the agents, and there may be none
    const secrets = await call('GetSecrets', 's', name).catch((e: Error) => (/No agents were available/.test(e.message) ? ({} as Settings) : Promise.reject(e)));
    const s = secrets[name] ?? {};
    if (name === 'vpn') for (const [k, v] of Object.entries((s.secrets?.data ?? {}) as Record<string, string>)) held[`vpn.secrets.${k}`] = v;
    else if (typeof s['private-key']?.data === 'string') held['wireguard.private-key'] = s['private-key'].data;
  }
  return held;
}

/**
 * The dump, read again while it lacks a secret NetworkManager holds (at most 30 reads). nmcli
 * (libnm 1.42) merges the secrets it asked for into its cached copy of the profile, but every
 * GetSecrets makes NetworkManager signal `Updated` just before it answers, and libnm answers that
 * signal by fetching the settings again and replacing its copy: when the fetch lands before nmcli
 * prints, the dump shows no secrets at all (about 1 read in 60 here). A secret really lost is not
 * held either, so it stays missing and the comparison that follows fails.
 */
export async function profileDump(fx: NmFixture, uuid: string): Promise<Dump> {
  const held = await heldSecrets(fx, uuid);
  let dump = await readDump(fx, uuid);
  for (let i = 1; i < 30 && Object.entries(held).some(([k, v]) => dump[k] !== v); i++) dump = await readDump(fx, uuid);
  return dump;
}

async function readDump(fx: NmFixture, uuid: string): Promise<Dump> {
  const text = await fx.nmcli('--show-secrets', '-t', '-f', 'all', 'connection', 'show', uuid);
  const dump: Dump = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const key = line.slice(0, i);
    // terse mode escapes ":" and "\\" with a backslash
    const value = line.slice(i + 1).replace(/\\([:\\])/g, '$1');
    // the time of the last activation, changed by connecting, not by editing
    if (key === 'connection.timestamp') continue;
    if (key === 'vpn.data' || key === 'vpn.secrets') for (const [k, v] of dictEntries(value)) dump[`${key}.${k}`] = v;
    else dump[key] = value;
  }
  return dump;
}

/** The keys whose values differ, each with [before, after] (undefined where one side lacks it). */
export function dumpDiff(before: Dump, after: Dump): Record<string, [string | undefined, string | undefined]> {
  const diff: Record<string, [string | undefined, string | undefined]> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) if (before[k] !== after[k]) diff[k] = [before[k], after[k]];
  return diff;
}
