// systemd-nspawn machines for tests, inside scripts/sandbox.sh only: the host's own tree booted
// volatile (`-D / --volatile=yes`, so no image is needed and nothing is written), a private network
// namespace, and no registration (the sandbox has no system bus: --register=no --keep-unit).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';

export const nspawn = ['/usr/bin/systemd-nspawn', '/bin/systemd-nspawn'].find((p) => existsSync(p));

/** Starts a machine running `sleep`; resolves with its payload's namespace id once it runs. */
export async function startMachine(name: string): Promise<{ child: ChildProcess; nsId: string; payload: number }> {
  const child = spawn(nspawn!, ['-q', '-D', '/', '--volatile=yes', '--private-network', '--register=no', '--keep-unit', '-M', name, '/bin/sleep', '600'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const own = readlinkSync('/proc/self/ns/net');
  for (let i = 0; i < 200; i++) {
    // The payload is nspawn's child (or grandchild); wait until it runs sleep in its own namespace.
    const out = spawnSync('pgrep', ['-x', 'sleep'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
    for (const pid of out) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const net = readlinkSync(`/proc/${pid}/ns/net`);
        if (ppid === child.pid && net !== own) return { child, nsId: net.slice(5, -1), payload: pid };
      } catch {
        // gone meanwhile
      }
    }
    if (child.exitCode !== null) throw new Error(`systemd-nspawn ended: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`systemd-nspawn did not start ${name}: ${stderr}`);
}

/** Ends a machine (nspawn kills its payload) and waits until it is gone. */
export async function stopMachine(m: { child: ChildProcess }): Promise<void> {
  if (m.child.exitCode !== null || m.child.signalCode !== null) return;
  const gone = new Promise((r) => m.child.once('exit', r));
  m.child.kill('SIGTERM');
  await gone;
}
