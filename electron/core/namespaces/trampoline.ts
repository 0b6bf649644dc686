// Starting a process inside a namespace the way `ip netns exec` does. The network namespace is
// entered by the calling thread (setns → spawn → setns back: libuv forks on this thread, so the
// child is born inside). The mount part cannot be done that way: setns/unshare(CLONE_NEWNS) fail
// on Node's multi-threaded main thread. So the child starts as util-linux `unshare --mount
// --propagation slave`, which gives it a private mount namespace, and a short sh script then
// remounts /sys for the target namespace and binds /etc/netns/NAME/* over /etc/* before exec'ing
// the command, the same steps as iproute2's netns_switch() and bind_etc().
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { NsHandle } from '../net/ns-handle';
import * as libc from '../sys/libc';

// $1 and $2 are mount and umount by absolute path, $3 the namespace name ('' for none); the
// command follows. Every failure of the set-up ends
// with exit 126 after a line on stderr, like a shell that cannot run a command.
const SCRIPT = [
  'mount=$1 umount=$2 name=$3; shift 3',
  '"$umount" -l /sys 2>/dev/null',
  '"$mount" -t sysfs "${name:-sysfs}" /sys || { echo "netns-studio: cannot mount /sys for the namespace" >&2; exit 126; }',
  'if [ -n "$name" ] && [ -d "/etc/netns/$name" ]; then',
  '  for f in "/etc/netns/$name"/* "/etc/netns/$name"/.[!.]* "/etc/netns/$name"/..?*; do',
  '    [ -e "$f" ] || continue',
  '    "$mount" --bind "$f" "/etc/${f##*/}" || { echo "netns-studio: cannot bind $f over /etc/${f##*/}" >&2; exit 126; }',
  '  done',
  'fi',
  'exec "$@"',
].join('\n');

/**
 * A system program by absolute path: the core runs as root, so it does not let PATH choose
 * which `unshare` or `setsid` runs.
 */
export function systemProgram(name: string): string {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return name; // not installed: spawn's ENOENT will say so
}

/** The argv that runs `argv` through the trampoline for namespace `name` (null: no /etc binds). */
export function trampolineArgv(name: string | null, argv: string[]): string[] {
  return [systemProgram('setpriv'), '--pdeathsig', 'KILL', systemProgram('unshare'), '--mount', '--propagation', 'slave', systemProgram('sh'), '-c', SCRIPT, 'netns-studio', systemProgram('mount'), systemProgram('umount'), name ?? '', ...argv];
}

/**
 * spawn() with the child born in the namespace: setns(target) → spawn → setns(back), all
 * synchronous on this thread, so nothing else runs while the thread is away.
 */
export function spawnInNamespace(handle: NsHandle, argv: string[], options: SpawnOptions): ChildProcess {
  const home = libc.open('/proc/thread-self/ns/net', libc.O_RDONLY);
  try {
    libc.setns(handle.fd, libc.CLONE_NEWNET, handle.label);
    try {
      return spawn(argv[0]!, argv.slice(1), options);
    } finally {
      libc.setns(home, libc.CLONE_NEWNET, "the core's own namespace");
    }
  } finally {
    libc.close(home);
  }
}
