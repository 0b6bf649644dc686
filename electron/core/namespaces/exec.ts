// Running a command inside a namespace and collecting its output.
import type { MethodOutput } from '../../../shared/contract';
import { StudioError } from '../../../shared/result';
import type { NsHandle } from '../net/ns-handle';
import { spawnInNamespace, trampolineArgv } from './trampoline';

/** Output beyond this is cut (the result says so at its end) so a chatty command cannot fill memory. */
const MAX_OUTPUT = 8 * 1024 * 1024;

export type ExecResult = MethodOutput<'exec.run'>;

/**
 * Runs argv in the namespace and returns its exit status and output. Equals
 * `ip netns exec NAME CMD...` (a private mount namespace, /sys for the namespace, the files of
 * /etc/netns/NAME bound over /etc). `name` is the namespace's name, if any, for the /etc binds.
 * When timeoutMs passes the command is killed (SIGKILL) and timedOut is true.
 */
export function execInNamespace(handle: NsHandle, name: string | null, argv: string[], timeoutMs = 30_000): Promise<ExecResult> {
  if (argv.length === 0 || !argv[0]) throw new StudioError('invalid-input', 'argv: a command needs at least a program name', { field: 'argv' });
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also kills what it started in the background (which
    // would otherwise hold the pipes open and keep us waiting).
    const child = spawnInNamespace(handle, trampolineArgv(name, argv), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let timedOut = false;
    let truncated = false;
    child.stdout!.on('data', (b: Buffer) => {
      if (outLen < MAX_OUTPUT) out.push(b);
      else truncated = true;
      outLen += b.length;
    });
    child.stderr!.on('data', (b: Buffer) => {
      if (errLen < MAX_OUTPUT) err.push(b);
      else truncated = true;
      errLen += b.length;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already; the child itself, if still there
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new StudioError('failed', `cannot run ${argv[0]} in ${handle.label}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      if (truncated) stderr += '\n[netns-studio: output cut at 8 MiB]\n';
      resolve({ exitCode: code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr, timedOut });
    });
  });
}
