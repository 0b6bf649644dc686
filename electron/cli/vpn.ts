// netns-ctl vpn: the NetworkManager client for scripts. list | import FILE | up NAME | down NAME |
// delete NAME, with --json for machines. NAME is a profile's name or uuid. `up` answers a password
// request from --password-file (never from the command line, where `ps` would show it) and
// otherwise refuses it, saying so. Exit 0 on success, 1 when the operation failed, 2 on bad usage.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { toErrorInfo } from '../../shared/result';
import type { SecretRequest, VpnProfile } from '../../shared/vpn';
import { createNmClient, type NmClient, type NmClientOptions } from '../nm/client';

export interface VpnIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export const vpnUsage = `usage: netns-ctl vpn list [--json]
       netns-ctl vpn import FILE [--json]          an OpenVPN .ovpn or WireGuard .conf
       netns-ctl vpn up NAME [--password-file F] [--timeout SECONDS] [--json]
       netns-ctl vpn down NAME [--json]
       netns-ctl vpn delete NAME
NAME is a profile's name or uuid.`;

class Usage extends Error {}

interface Parsed {
  verb: 'list' | 'import' | 'up' | 'down' | 'delete';
  target: string | null;
  json: boolean;
  passwordFile: string | null;
  timeoutMs: number;
}

export function parseVpnArgs(args: string[]): Parsed {
  const words: string[] = [];
  let json = false;
  let passwordFile: string | null = null;
  let timeoutMs = 60_000;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--password-file') {
      passwordFile = args[++i] ?? null;
      if (!passwordFile) throw new Usage('--password-file needs a file name');
    } else if (a === '--timeout') {
      const s = Number(args[++i]);
      if (!Number.isInteger(s) || s < 1 || s > 300) throw new Usage('--timeout is a whole number of seconds from 1 to 300');
      timeoutMs = s * 1000;
    } else if (a.startsWith('--')) throw new Usage(`unknown option ${a}`);
    else words.push(a);
  }
  const [verb, target, ...extra] = words;
  if (!verb) throw new Usage('a vpn command is missing');
  if (!['list', 'import', 'up', 'down', 'delete'].includes(verb)) throw new Usage(`unknown vpn command "${verb}"`);
  if (verb === 'list' && target !== undefined) throw new Usage('vpn list takes no argument');
  if (verb !== 'list' && target === undefined) throw new Usage(`vpn ${verb} needs ${verb === 'import' ? 'a FILE' : 'a NAME'}`);
  if (extra.length) throw new Usage(`unexpected "${extra.join(' ')}"`);
  if (passwordFile && verb !== 'up') throw new Usage('--password-file goes with vpn up');
  return { verb: verb as Parsed['verb'], target: target ?? null, json, passwordFile, timeoutMs };
}

function describe(p: VpnProfile): string {
  const state = p.active ? p.active.state : 'down';
  const addr = p.active?.ipv4?.addresses[0] ?? '';
  return `${p.name.padEnd(24)} ${p.type.padEnd(10)} ${state.padEnd(12)} ${(p.remote ?? '').padEnd(20)} ${addr.padEnd(18)} ${p.uuid}`;
}

/** A profile by uuid or by name; a name shared by several profiles must be given as a uuid. */
async function find(client: NmClient, target: string): Promise<VpnProfile> {
  const all = await client.call('vpn.list', {});
  const byUuid = all.find((p) => p.uuid.toLowerCase() === target.toLowerCase());
  if (byUuid) return byUuid;
  const named = all.filter((p) => p.name === target);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new Error(`${named.length} VPN profiles are named "${target}": give the uuid (${named.map((p) => p.uuid).join(', ')})`);
  throw new Error(`no VPN profile named "${target}" (netns-ctl vpn list shows them)`);
}

export async function runVpnCommand(args: string[], io: VpnIo, options: NmClientOptions = {}): Promise<number> {
  const out = (s: string) => void io.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const err = (s: string) => void io.stderr.write(`netns-ctl: ${s}\n`);
  let cmd: Parsed;
  try {
    cmd = parseVpnArgs(args);
  } catch (e) {
    err(e instanceof Error ? e.message : String(e));
    io.stderr.write(`${vpnUsage}\n`);
    return 2;
  }
  const client = createNmClient({ agentId: 'netns-studio.cli', ...options, agent: cmd.verb === 'up' });
  try {
    const st = await client.call('vpn.status', {});
    if (!st.running) throw new Error(st.message ?? 'NetworkManager is not running');
    switch (cmd.verb) {
      case 'list': {
        const all = await client.call('vpn.list', {});
        if (cmd.json) return out(JSON.stringify(all, null, 2)), 0;
        out(`${'NAME'.padEnd(24)} ${'TYPE'.padEnd(10)} ${'STATE'.padEnd(12)} ${'REMOTE'.padEnd(20)} ${'ADDRESS'.padEnd(18)} UUID`);
        for (const p of all) out(describe(p));
        return 0;
      }
      case 'import': {
        const file = cmd.target!;
        let content: string;
        try {
          content = await readFile(file, 'utf8');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          throw new Error(code === 'ENOENT' ? `cannot import ${file}: no such file` : code === 'EISDIR' ? `cannot import ${file}: it is a directory` : `cannot read ${file}: ${(e as Error).message}`);
        }
        const p = await client.call('vpn.import', { fileName: basename(file), content });
        if (cmd.json) out(JSON.stringify(p, null, 2));
        else out(`imported ${p.name} (${p.uuid})`);
        return 0;
      }
      case 'up': {
        const p = await find(client, cmd.target!);
        const password = cmd.passwordFile ? (await readFile(cmd.passwordFile, 'utf8')).replace(/\r?\n$/, '') : null;
        let answered = false;
        client.subscribe((event, payload) => {
          if (event !== 'vpn.secrets.requested') return;
          const r = payload as SecretRequest;
          if (r.uuid !== p.uuid) return;
          const keys = r.fields.map((f) => f.key);
          // answer once: a second request means the server refused the password
          if (password !== null && !answered && keys.length === 1 && keys[0] === 'password') {
            answered = true;
            void client.call('vpn.secrets.answer', { requestId: r.requestId, secrets: { password }, save: false }).catch(() => {});
          } else {
            const prompt = r.fields.find((f) => f.prompt)?.prompt;
            if (answered && prompt) err(`${p.name} asks for a second factor ("${prompt}"), which netns-ctl cannot answer`);
            else if (!answered) err(`${p.name} asks for ${keys.join(', ') || 'secrets'}${password === null ? ': give the password with --password-file FILE' : ', which --password-file cannot answer'}`);
            void client.call('vpn.secrets.cancel', { requestId: r.requestId }).catch(() => {});
          }
        });
        const up = await client.call('vpn.connect', { uuid: p.uuid, timeoutMs: cmd.timeoutMs });
        if (cmd.json) out(JSON.stringify(up, null, 2));
        else out(`${up.name} is up${up.active?.ipv4?.addresses.length ? `: ${up.active.ipv4.addresses.join(', ')}` : ''}`);
        return 0;
      }
      case 'down': {
        const p = await find(client, cmd.target!);
        const down = await client.call('vpn.disconnect', { uuid: p.uuid });
        if (cmd.json) out(JSON.stringify(down, null, 2));
        else out(`${down.name} is down`);
        return 0;
      }
      case 'delete': {
        const p = await find(client, cmd.target!);
        await client.call('vpn.delete', { uuid: p.uuid });
        if (cmd.json) out(JSON.stringify({ deleted: p.uuid }));
        else out(`deleted ${p.name} (${p.uuid})`);
        return 0;
      }
    }
  } catch (e) {
    err(e instanceof Error && !('info' in e) ? e.message : toErrorInfo(e).message);
    return 1;
  } finally {
    await client.close();
  }
}
