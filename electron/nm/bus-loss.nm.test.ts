// The system bus itself going away and coming back (a dbus-daemon of our own on a private socket,
// no NetworkManager): a state in words, then recovery without any call from the user.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NmStatus } from '../../shared/vpn';
import { createNmClient } from './client';
import { nmSkipReason } from './test/fixture';

const skip = nmSkipReason() ?? (existsSync('/usr/bin/dbus-daemon') ? null : 'dbus-daemon is not installed (Debian package dbus-daemon)');
if (skip) console.warn(`bus loss tests skipped: ${skip}`);

describe.skipIf(skip)('NetworkManager client when the bus goes away', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netns-studio-bus-'));
  const socket = join(dir, 'bus.sock');
  const config = join(dir, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=${socket}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/></policy></busconfig>`,
  );
  let daemon: ChildProcess | null = null;
  const startBus = async () => {
    rmSync(socket, { force: true });
    daemon = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
  };
  const stopBus = async () => {
    const d = daemon;
    daemon = null;
    if (!d || d.exitCode !== null) return;
    const gone = new Promise((r) => d.once('exit', r));
    d.kill('SIGTERM'); // our own child, by its PID
    await gone;
  };
  afterAll(async () => {
    await stopBus();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the lost bus and reconnects by itself when it is back', async () => {
    await startBus();
    const client = createNmClient({ busAddress: `unix:path=${socket}` });
    const statuses: NmStatus[] = [];
    const next = (pred: (s: NmStatus) => boolean) =>
      new Promise<NmStatus>((resolve) => {
        const off = client.subscribe((event, payload) => {
          if (event === 'vpn.status' && pred(payload as NmStatus)) {
            off();
            resolve(payload as NmStatus);
          }
        });
      });
    client.subscribe((event, payload) => event === 'vpn.status' && statuses.push(payload as NmStatus));
    try {
      expect(await client.call('vpn.status', {})).toEqual({ running: false, version: null, message: 'NetworkManager is not running' });
      const lost = next((s) => /system bus/.test(s.message ?? ''));
      await stopBus();
      expect((await lost).message).toBe('the connection to the system bus was lost');
      const back = next((s) => s.message === 'NetworkManager is not running');
      await startBus();
      await back; // no call from us: the client tried again on its own
      // (between the two, "the system bus is not reachable" for each retry that came too early)
      expect(statuses.slice(0, 2).map((s) => s.message)).toEqual(['NetworkManager is not running', 'the connection to the system bus was lost']);
      expect(statuses.at(-1)?.message).toBe('NetworkManager is not running');
    } finally {
      await client.close();
    }
  }, 30_000);
});
