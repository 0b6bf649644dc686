// The resolver and hosts file of a named namespace. `ip netns exec NAME` (and our exec and
// terminal, trampoline.ts) bind every file of /etc/netns/NAME over /etc, so commands there read
// /etc/netns/NAME/resolv.conf and hosts when they exist, else the host's own. We show which one
// they see, write ours atomically (a temporary file renamed over), and remove only what we wrote.
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { parseIp } from '../../../shared/ip';
import type { DnsConfig, HostEntry } from '../../../shared/netns-config';
import { StudioError } from '../../../shared/result';
import { namedMountPoints } from './discover';

export const ETC_NETNS = '/etc/netns';
/** The first line of every file we write: how we know it is ours (reset removes nothing else). */
export const HEADER = '# Written by Netns Studio';
/** A resolv.conf or hosts file is small; a bigger one is read up to here and said so. */
const MAX_READ = 1024 * 1024;
const MAX_PROBLEMS = 20;

export interface ParsedResolv {
  nameservers: string[];
  search: string[];
  options: string[];
  problems: string[];
}

/** An address as resolv.conf and hosts take it (an IPv6 one may carry a %zone). */
const isIp = (s: string): boolean => parseIp(s.replace(/%[\w.-]+$/, '')) !== null;

/** resolv.conf(5) as glibc reads it: nameserver, search/domain (the last one wins), options, sortlist. */
export function parseResolvConf(text: string): ParsedResolv {
  const out: ParsedResolv = { nameservers: [], search: [], options: [], problems: [] };
  const problem = (s: string) => out.problems.length < MAX_PROBLEMS && out.problems.push(s);
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*([#;]|$)/.test(line)) return;
    const [keyword, ...args] = line.trim().split(/\s+/);
    switch (keyword) {
      case 'nameserver':
        if (args.length === 1 && isIp(args[0]!)) out.nameservers.push(args[0]!);
        else problem(`line ${i + 1}: "nameserver" needs one IP address, not "${args.join(' ')}"`);
        return;
      case 'search':
      case 'domain':
        out.search = args;
        return;
      case 'options':
        out.options.push(...args);
        return;
      case 'sortlist':
        return;
      default:
        problem(`line ${i + 1}: "${line.slice(0, 40)}" is not a resolv.conf line (ignored by the resolver)`);
    }
  });
  return out;
}

/** hosts(5): ADDRESS NAME [ALIAS...], "#" starts a comment. */
export function parseHosts(text: string): { entries: HostEntry[]; problems: string[] } {
  const entries: HostEntry[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const [address, ...names] = line.split(/\s+/);
    if (!isIp(address!) || names.length === 0) {
      if (problems.length < MAX_PROBLEMS) problems.push(`line ${i + 1}: "${raw.slice(0, 40)}" is not ADDRESS NAME...`);
      return;
    }
    entries.push({ address: address!, names });
  });
  return { entries, problems };
}

/** resolv.conf text we write. */
export function resolvConfText(name: string, nameservers: string[], search: string[]): string {
  const lines = [`${HEADER} for namespace ${name}; netns-ctl dns ${name} reset removes it.`];
  if (search.length) lines.push(`search ${search.join(' ')}`);
  for (const ns of nameservers) lines.push(`nameserver ${ns}`);
  return `${lines.join('\n')}\n`;
}

/** hosts text we write: localhost kept (the file replaces /etc/hosts whole), then the extra lines. */
export function hostsText(name: string, extra: HostEntry[]): string {
  const lines = [`${HEADER} for namespace ${name}; netns-ctl dns ${name} reset removes it.`, '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback'];
  for (const h of extra) lines.push(`${h.address}\t${h.names.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** A file's text, or null when it does not exist; problems say what else went wrong. */
function readSmall(path: string, problems: string[]): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problems.push(`cannot read ${path} (${code})`);
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) {
      problems.push(`${path} is not a file`);
      return '';
    }
    const buf = Buffer.alloc(MAX_READ);
    const n = readSync(fd, buf, 0, MAX_READ, 0);
    if (n === MAX_READ) problems.push(`${path} is larger than 1 MiB: only its beginning was read`);
    const text = buf.toString('utf8', 0, n);
    if (text.includes('\0')) problems.push(`${path} holds binary data`);
    return text;
  } finally {
    closeSync(fd);
  }
}

function requireNamed(name: string): void {
  if (!namedMountPoints().has(name))
    throw new StudioError('not-found', `no namespace named ${name}: resolv.conf and hosts belong to named namespaces (ip netns exec binds /etc/netns/NAME)`, { field: 'namespace' });
}

/** What commands in namespace `name` see. Equals `ip netns exec NAME cat /etc/resolv.conf /etc/hosts`. */
export function readDns(name: string): DnsConfig {
  requireNamed(name);
  const file = (f: 'resolv.conf' | 'hosts') => {
    const problems: string[] = [];
    const mine = `${ETC_NETNS}/${name}/${f}`;
    let text = readSmall(mine, problems);
    const own = text !== null;
    if (text === null) text = readSmall(`/etc/${f}`, problems) ?? '';
    return { path: own ? mine : `/etc/${f}`, own, ours: own && text.startsWith(HEADER), problems, text };
  };
  const r = file('resolv.conf');
  const h = file('hosts');
  const resolv = parseResolvConf(r.text);
  const hosts = parseHosts(h.text);
  return {
    namespace: name,
    resolv: { path: r.path, own: r.own, ours: r.ours, problems: [...r.problems, ...resolv.problems], nameservers: resolv.nameservers, search: resolv.search, options: resolv.options },
    hosts: { path: h.path, own: h.own, ours: h.ours, problems: [...h.problems, ...hosts.problems], entries: hosts.entries },
  };
}

/** Writes path through a temporary file in the same directory and rename(2): never half a file. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.netns-studio-${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

function ourDir(name: string): string {
  const dir = `${ETC_NETNS}/${name}`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  } catch (e) {
    throw new StudioError('failed', `cannot make ${dir}: ${(e as NodeJS.ErrnoException).code}`);
  }
  if (!statSync(dir).isDirectory()) throw new StudioError('failed', `${dir} is not a directory`);
  return dir;
}

const isOurs = (path: string): boolean => {
  try {
    return readFileSync(path, 'utf8').startsWith(HEADER);
  } catch {
    return false;
  }
};

/**
 * Writes resolv.conf (and hosts when extra lines are given; an empty list removes our hosts).
 * Equals `mkdir -p /etc/netns/NAME && printf 'nameserver IP\n...' > /etc/netns/NAME/resolv.conf`.
 */
export function writeDns(name: string, nameservers: string[], search: string[], hosts: HostEntry[]): DnsConfig {
  requireNamed(name);
  const dir = ourDir(name);
  writeAtomically(`${dir}/resolv.conf`, resolvConfText(name, nameservers, search));
  if (hosts.length) writeAtomically(`${dir}/hosts`, hostsText(name, hosts));
  else if (isOurs(`${dir}/hosts`)) unlinkSync(`${dir}/hosts`);
  return readDns(name);
}

/** Removes the files we wrote (others are left and said so). Equals `rm /etc/netns/NAME/{resolv.conf,hosts}`. */
export function resetDns(name: string): DnsConfig {
  requireNamed(name);
  const dir = `${ETC_NETNS}/${name}`;
  for (const f of ['resolv.conf', 'hosts']) if (isOurs(`${dir}/${f}`)) unlinkSync(`${dir}/${f}`);
  try {
    rmdirSync(dir);
  } catch {
    // not empty (someone else's files) or not there: both fine
  }
  const after = readDns(name);
  for (const f of [after.resolv, after.hosts]) if (f.own && !f.ours) f.problems.unshift(`${f.path} was not written by Netns Studio: left as it is`);
  return after;
}
