// Starts and stops nm-fixture.sh from vitest: a real NetworkManager and OpenVPN servers on a
// private bus, in throwaway namespaces inside scripts/sandbox.sh.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, 'nm-fixture.sh');

/** Why the NetworkManager tests cannot run here, or null when they can. */
export function nmSkipReason(): string | null {
  if (process.env.NETNS_STUDIO_KERNEL !== 'sandbox') {
    return 'not inside the sandbox: run `bash scripts/sandbox.sh npx vitest run --project nm` (as root)';
  }
  if (!existsSync('/usr/sbin/NetworkManager')) return 'NetworkManager is not installed (Debian package network-manager)';
  if (!existsSync('/usr/lib/NetworkManager/nm-openvpn-service')) return 'the OpenVPN plugin is not installed (Debian package network-manager-openvpn)';
  if (!existsSync('/usr/sbin/openvpn')) return 'openvpn is not installed (Debian package openvpn)';
  return null;
}

export interface NmFixture {
  /** The KEY=VALUE lines the fixture printed (DBUS_SYSTEM_BUS_ADDRESS, NMSB_VPN_REMOTE...). */
  env: Record<string, string>;
  busAddress: string;
  /** A private directory for the test's own files (HOME for nmcli, cert dir). */
  scratch: string;
  stopNm(): void;
  startNm(): void;
  stop(): void;
  /** `ip -json` inside NetworkManager's namespace. */
  ipJson(...args: string[]): unknown;
  /**
   * busctl against the fixture's bus; returns its stdout. Asynchronous on purpose: NetworkManager
   * may call our secret agent, in this same process, before it answers busctl.
   */
  busctl(...args: string[]): Promise<string>;
  /** nmcli against the fixture's NetworkManager (another program changing things behind our back). */
  nmcli(...args: string[]): Promise<string>;
}

export function startNmFixture(): NmFixture {
  const dir = mkdtempSync(join(tmpdir(), 'netns-studio-nm-'));
  const env = { ...process.env, NMSB_DIR: dir };
  const runScript = (cmd: string) => execFileSync('bash', [script, cmd], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  let out: string;
  try {
    out = runScript('start');
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const vars = Object.fromEntries(
    out
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const scratch = join(dir, 'scratch');
  execFileSync('mkdir', ['-p', scratch]);
  const busAddress = vars.DBUS_SYSTEM_BUS_ADDRESS ?? '';
  return {
    env: vars,
    busAddress,
    scratch,
    stopNm: () => void runScript('nm-stop'),
    startNm: () => void runScript('nm-start'),
    stop: () => {
      try {
        runScript('stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    ipJson: (...args) => JSON.parse(execFileSync('ip', ['-json', '-n', vars.NMSB_NETNS_NM ?? '', ...args], { encoding: 'utf8' }) || 'null'),
    nmcli: (...args) =>
      new Promise((resolve, reject) =>
        execFile('nmcli', args, { encoding: 'utf8', env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: busAddress, HOME: scratch } }, (err, stdout, stderr) =>
          err ? reject(new Error(`nmcli ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout),
        ),
      ),
    busctl: (...args) =>
      new Promise((resolve, reject) =>
        execFile('busctl', [`--address=${busAddress}`, '--timeout=20', ...args], { encoding: 'utf8' }, (err, stdout, stderr) =>
          err ? reject(new Error(`busctl ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout),
        ),
      ),
  };
}
