// NetworkManager has no D-Bus import or export: its plugins' importers run inside the client
// (libnm's nm_vpn_plugin_info / nm_vpn_wireguard_import). So we run nmcli as the calling user, the
// way an administrator would, on a copy of the file in a private temporary directory. Used for
// exports; imports are converted by us (ovpn-import.ts, wg-import.ts), because nmcli's import
// cannot make a profile owned by the user.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { StudioError } from '../../shared/result';
import type { PluginChoice } from './plugin-choice';

export interface NmcliOptions {
  nmcli: string;
  busAddress: string;
  /** HOME for nmcli: the OpenVPN importer writes inline certificates to ~/.cert/nm-openvpn/. */
  home: string | undefined;
}

function run(opts: NmcliOptions, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: opts.busAddress, LC_ALL: 'C', LANG: 'C' };
    if (opts.home) env.HOME = opts.home;
    execFile(opts.nmcli, args, { env, timeout: 30_000, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new StudioError('unsupported', `${opts.nmcli} was not found: install the Debian package network-manager (it provides nmcli)`));
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), code });
    });
  });
}

/** A file name safe to put in our temp dir; nmcli names the profile after it (without the extension). */
export function safeFileName(fileName: string): string {
  const base = basename(fileName.replace(/\\/g, '/'));
  const cleaned = base.replace(/[^A-Za-z0-9._+@-]/g, '_').replace(/^\.+/, '');
  return cleaned || 'vpn.conf';
}

/** nmcli's error text without its "Error: failed to import 'F': " prefix, with our temp path replaced by the file name. */
export function importErrorText(stderr: string, tmpPath: string, fileName: string): string {
  let text = stderr.trim().split('\n').filter(Boolean).pop() ?? 'nmcli failed without a message';
  text = text.replace(/^Error:\s*failed to import '[^']*':\s*/i, '').replace(/^Error:\s*/i, '');
  text = text.split(tmpPath).join(fileName).replace(/[\u2018\u2019\u201c\u201d]/g, "'").replace(/\.$/, '');
  return `${fileName}: ${text}`;
}

/** `nmcli connection import type T file F`; returns the new profile's uuid. */
export async function nmcliImport(opts: NmcliOptions, plugin: PluginChoice, fileName: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'netns-studio-import-'));
  const file = join(dir, safeFileName(fileName));
  try {
    await writeFile(file, content, { mode: 0o600 });
    const r = await run(opts, ['connection', 'import', 'type', plugin.nmcliType, 'file', file]);
    if (r.code !== 0) {
      const text = importErrorText(r.stderr || r.stdout, file, fileName);
      if (/plugin|not installed|unknown VPN/i.test(text) && plugin.pluginNameFile) {
        throw new StudioError('unsupported', `${text} (is the ${plugin.label} plugin installed? It is in the Debian package ${plugin.debianPackage})`);
      }
      throw new StudioError('invalid-input', text, { field: 'content' });
    }
    const uuid = /\(([0-9a-fA-F-]{36})\)/.exec(r.stdout)?.[1];
    if (!uuid) throw new StudioError('failed', `nmcli imported ${fileName} but printed no uuid: ${r.stdout.trim()}`);
    return uuid;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `nmcli connection export UUID F`: the plugin's own file format. */
export async function nmcliExport(opts: NmcliOptions, uuid: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'netns-studio-export-'));
  const file = join(dir, 'export');
  try {
    const r = await run(opts, ['connection', 'export', uuid, file]);
    if (r.code !== 0) {
      const text = (r.stderr || r.stdout).trim().replace(/^Error:\s*/i, '');
      throw new StudioError('unsupported', `this profile cannot be exported: ${text}`);
    }
    return await readFile(file, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
