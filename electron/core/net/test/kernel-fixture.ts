// Helpers for kernel tests: namespaces made by `ip netns add` (so the tests also prove interop),
// handles opened on them, and `ip -json` to compare with. Only ever used inside the sandbox.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { NsHandle } from '../ns-handle';

export const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
if (!inSandbox) console.log('kernel tests skipped: run them through scripts/sandbox.sh (NETNS_STUDIO_KERNEL=sandbox), never on the host');

// ip's complaints go into the thrown error, not onto the test run's output.
export const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** An `ip` command expected to be refused: its error text (kept off the test output); throws if it succeeded. */
export function ipRefusal(...args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status === 0) throw new Error(`ip ${args.join(' ')} succeeded`);
  return r.stderr;
}
export const ipJson = <T = unknown>(...args: string[]): T => JSON.parse(ip('-json', ...args) || '[]') as T;
/** `ip ARGS -batch -` with these lines on its input. */
export const ipBatch = (lines: string[], ...args: string[]): string =>
  execFileSync('ip', [...args, '-batch', '-'], { encoding: 'utf8', input: lines.join('\n') + '\n', stdio: ['pipe', 'pipe', 'pipe'] });

const opened: NsHandle[] = [];
let counter = 0;

/** `ip netns add` a fresh namespace and open a handle to it. */
export function freshNamespace(prefix = 'ns'): NsHandle & { name: string } {
  const name = `${prefix}${process.pid % 1000}x${counter++}`;
  ip('netns', 'add', name);
  const fd = openSync(`/run/netns/${name}`, 'r');
  const h = { id: String(fstatSync(fd).ino), fd, label: `namespace ${name}`, name };
  opened.push(h);
  return h;
}

/** The sandbox's own namespace (the tests' "main" namespace). */
export function ownNamespace(): NsHandle & { name: null } {
  const fd = openSync('/proc/thread-self/ns/net', 'r');
  const h = { id: String(fstatSync(fd).ino), fd, label: 'the main namespace', name: null };
  opened.push(h);
  return h;
}

/** Deletes every namespace made here and closes the handles. */
export function cleanup(): void {
  for (const h of opened.splice(0)) {
    closeSync(h.fd);
    const name = (h as { name?: string | null }).name;
    if (name) ip('netns', 'del', name);
  }
}

export interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  link_type?: string;
  address?: string;
  master?: string;
  link_index?: number;
  link_netnsid?: number;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
  addr_info?: { local: string; prefixlen: number }[];
}
export const ipLinks = (ns: string | null): IpLink[] => ipJson<IpLink[]>(...(ns ? ['-n', ns] : []), '-d', 'addr', 'show');

/** What find gives once it gives something, checked every 20 ms; an error naming `what` after ms. */
export async function until<T>(find: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = find();
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
