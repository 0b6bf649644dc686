// netns-ctl: the scripting companion. Runs as root and drives the core in-process (no helper
// process needed: the CLI is already privileged). Exit 0 on success; otherwise one clear line on
// stderr and exit 1 (operation failed) or 2 (usage).
import { methods, type MethodName } from '../../shared/contract';
import type { NamespaceSummary } from '../../shared/model';
import type { DnsConfig, SysctlEntry } from '../../shared/netns-config';
import { ownerLabel } from '../../shared/owners';
import { toErrorInfo, zodErrorInfo } from '../../shared/result';
import { createCoreService } from '../core/service';
import { parseCommand, usage, UsageError, type Call } from './parse';

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
/** One clear line on stderr; the process ends with `code` once main() is done. */
const fail = (message: string, code: number): void => {
  process.stderr.write(`netns-ctl: ${message}\n`);
  process.exitCode = code;
};

/**
 * Ends the process as soon as stdout and stderr have taken everything written: exiting at once
 * skips V8 taking a big heap down piece by piece (~15 ms after a snapshot of 1000 namespaces),
 * but a pipe may still hold back part of a large write, which process.exit() would drop.
 */
function leave(): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit();
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

function describeNamespace(ns: NamespaceSummary): string {
  const name = ns.names.length ? ns.names.join(',') : ns.current ? '(current)' : '(anonymous)';
  const procs = ns.processes.slice(0, 3).map((p) => `${p.pid}:${p.command}`).join(' ');
  const more = ns.pids.length > 3 ? ` +${ns.pids.length - 3}` : '';
  const owner = ns.owner ? ownerLabel(ns.owner) : '-';
  return `${ns.id.padEnd(12)} ${name.padEnd(20)} ${String(ns.nsid ?? '-').padEnd(5)} ${owner.padEnd(28)} ${procs}${more}`;
}

function describeDns(d: DnsConfig): string {
  const whose = (f: { own: boolean; ours: boolean }) => (f.ours ? 'written by Netns Studio' : f.own ? 'the namespace\'s own, not ours' : 'the host\'s: none of its own');
  const lines = [`resolv.conf: ${d.resolv.path} (${whose(d.resolv)})`];
  for (const n of d.resolv.nameservers) lines.push(`  nameserver ${n}`);
  if (d.resolv.search.length) lines.push(`  search ${d.resolv.search.join(' ')}`);
  if (d.resolv.options.length) lines.push(`  options ${d.resolv.options.join(' ')}`);
  for (const p of d.resolv.problems) lines.push(`  problem: ${p}`);
  lines.push(`hosts: ${d.hosts.path} (${whose(d.hosts)})`);
  for (const h of d.hosts.entries) lines.push(`  ${h.address} ${h.names.join(' ')}`);
  for (const p of d.hosts.problems) lines.push(`  problem: ${p}`);
  return lines.join('\n');
}

function print(call: Call, value: unknown): void {
  if (call.json) return out(JSON.stringify(value, null, call.method === 'snapshot' ? 0 : 2));
  switch (call.method) {
    case 'namespace.list':
      out(`${'ID'.padEnd(12)} ${'NAME'.padEnd(20)} ${'NSID'.padEnd(5)} ${'OWNER'.padEnd(28)} PROCESSES`);
      for (const ns of value as NamespaceSummary[]) out(describeNamespace(ns));
      return;
    case 'namespace.delete': {
      const v = value as { name: string; heldBy: number[] };
      if (v.heldBy.length) process.stderr.write(`netns-ctl: the name ${v.name} is gone, but processes ${v.heldBy.join(', ')} still hold the namespace\n`);
      return;
    }
    case 'sysctl.get':
    case 'sysctl.set':
      // As sysctl(8) prints them; a missing file (IPv6 off) says so.
      for (const e of value as SysctlEntry[]) if (!call.only || e.key === call.only) out(`${e.key} = ${e.value ?? '(not available)'}`);
      return;
    case 'dns.get':
    case 'dns.set':
    case 'dns.reset':
      return out(describeDns(value as DnsConfig));
    case 'exec.run': {
      const v = value as { stdout: string; stderr: string; exitCode: number | null; signal: string | null; timedOut: boolean };
      process.stdout.write(v.stdout);
      process.stderr.write(v.stderr);
      if (v.timedOut) return fail('the command timed out and was killed', 124);
      if (v.signal) return fail(`the command was killed by ${v.signal}`, 128);
      process.exitCode = v.exitCode ?? 1;
      return;
    }
    default:
      if (value && typeof value === 'object' && Object.keys(value).length) out(JSON.stringify(value, null, 2));
  }
}

/** Runs the command; true when the process must stay (monitor). */
async function main(): Promise<boolean | void> {
  let command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message, 2);
    throw e;
  }
  if (command.kind === 'help') return out(usage);
  if (command.kind === 'vpn') {
    const { runVpnCommand } = await import('./vpn');
    process.exitCode = await runVpnCommand(command.args, { stdout: process.stdout, stderr: process.stderr });
    return;
  }
  const core = createCoreService();
  if (command.kind === 'monitor') {
    core.subscribe((event, payload) => out(JSON.stringify({ event, payload })));
    // On stderr, so stdout stays pure JSON lines; scripts can wait for it before changing things.
    process.stderr.write('netns-ctl: watching; events follow as JSON lines (Ctrl-C ends)\n');
    const stop = () => {
      core.close();
      process.exitCode = 0;
      leave();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return true; // stay: events until interrupted
  }
  const spec = methods[command.method as MethodName];
  if (spec.side !== 'privileged') return fail(`${command.method} is not served by the core`, 2);
  const parsed = spec.input.safeParse(command.input);
  if (!parsed.success) return fail(zodErrorInfo(parsed.error).message, 2);
  try {
    const value = await core.call(command.method as never, parsed.data as never);
    print(command, value);
  } catch (e) {
    fail(toErrorInfo(e).message, 1);
  } finally {
    core.close();
  }
}

main().then(
  (stay) => {
    if (!stay) leave();
  },
  (e) => {
    fail(`internal error: ${e instanceof Error ? e.stack : String(e)}`, 70);
    leave();
  },
);
