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

/**
 * The dump once the saved secrets given (vpn.secrets key → value) read back, for at most 5 s:
 * NetworkManager has answered --show-secrets without a secret just set (seen in full runs). A
 * secret really lost stays missing, and the comparison that follows fails.
 */
export async function profileDump(fx: NmFixture, uuid: string, secrets: Record<string, string> = {}): Promise<Dump> {
  let dump = await readDump(fx, uuid);
  for (let i = 0; i < 50 && Object.entries(secrets).some(([k, v]) => dump[`vpn.secrets.${k}`] !== v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    dump = await readDump(fx, uuid);
  }
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
