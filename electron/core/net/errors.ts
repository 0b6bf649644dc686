// Kernel errors in words. A refused netlink request knows only an errno and sometimes a short
// text; the operation knows what it was doing to what. Together they make a sentence that names
// the object: "an interface named veth0 already exists in namespace blue".
import { StudioError, type ErrorCode } from '../../../shared/result';
import { E, errnoName } from '../sys/errno';
import { SysError } from '../sys/libc';

/** What an operation was acting on, for the sentence. */
export type Subject =
  | { what: 'link'; name: string; ns: string }
  | { what: 'address'; address: string; link: string; ns: string }
  | { what: 'route'; destination: string; ns: string; gateway?: string; link?: string }
  | { what: 'master'; link: string; master: string; ns: string }
  | { what: 'move'; link: string; from: string; to: string; name?: string }
  | { what: 'parent'; link: string; ns: string }
  | { what: 'namespace'; ns: string };

/** A kernel refusal as a StudioError that still carries the operation, errno name and kernel text. */
export class KernelError extends StudioError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly op: string,
    readonly errnoNumber: number,
    readonly kernelMessage: string | undefined,
  ) {
    super(code, message, { errno: errnoName(errnoNumber) });
    this.name = 'KernelError';
  }
}

function codeFor(errno: number): ErrorCode {
  switch (errno) {
    case E.EEXIST:
      return 'exists';
    case E.ENODEV:
    case E.ENOENT:
    case E.ESRCH:
    case E.EADDRNOTAVAIL:
      return 'not-found';
    case E.EBUSY:
      return 'busy';
    case E.EPERM:
    case E.EACCES:
      return 'permission';
    case E.EOPNOTSUPP:
    case E.EAFNOSUPPORT:
    case E.EPROTONOSUPPORT:
      return 'unsupported';
    default:
      return 'kernel';
  }
}

function sentence(errno: number, s: Subject, kernel?: string): string {
  switch (s.what) {
    case 'link':
      if (errno === E.EEXIST) return `an interface named ${s.name} already exists in ${s.ns}`;
      if (errno === E.ENODEV) return `no interface named ${s.name} in ${s.ns}`;
      if (errno === E.EBUSY) return `interface ${s.name} in ${s.ns} is busy`;
      if (errno === E.EOPNOTSUPP && kernel?.includes('Unknown device type')) return `${s.ns} cannot make interfaces of that kind (the kernel module is missing)`;
      if (errno === E.EOPNOTSUPP) return `interface ${s.name} in ${s.ns} does not support this`;
      if (errno === E.EINVAL && kernel) return `interface ${s.name} in ${s.ns}: ${kernel}`;
      break;
    case 'address':
      if (errno === E.EEXIST) return `address ${s.address} is already on ${s.link} in ${s.ns}`;
      if (errno === E.EADDRNOTAVAIL) return `address ${s.address} is not on ${s.link} in ${s.ns}`;
      if (errno === E.ENODEV) return `no interface named ${s.link} in ${s.ns}`;
      break;
    case 'route': {
      const to = s.destination === 'default' ? 'a default route' : `a route to ${s.destination}`;
      if (errno === E.EEXIST) return `${to} already exists in ${s.ns}`;
      if (errno === E.ESRCH) return `there is no ${to.slice(2)} like that in ${s.ns}`;
      if (errno === E.ENETUNREACH) return `the gateway ${s.gateway ?? ''} cannot be reached from ${s.ns}: no interface there is on its network`.replace('  ', ' ');
      if (errno === E.ENODEV) return `no interface named ${s.link ?? '?'} in ${s.ns}`;
      break;
    }
    case 'master':
      if (errno === E.EOPNOTSUPP) return `interface ${s.master} in ${s.ns} is not a bridge`;
      if (errno === E.ENODEV) return `no interface named ${s.master} in ${s.ns}`;
      if (errno === E.EBUSY) return `interface ${s.link} in ${s.ns} is already a port of another bridge`;
      if (errno === E.ELOOP) return `interface ${s.link} in ${s.ns} cannot be a port of itself`;
      break;
    case 'move':
      if (errno === E.EEXIST) return `an interface named ${s.name ?? s.link} already exists in ${s.to}`;
      if (errno === E.EINVAL) return `interface ${s.link} in ${s.from} cannot move to another namespace${kernel ? ` (${kernel})` : ' (loopback, bridge ports of some kinds and netns-local devices stay put)'}`;
      break;
    case 'parent':
      if (errno === E.ENODEV) return `no interface ${s.link} in ${s.ns} to be the parent`;
      if (errno === E.EINVAL && kernel) return `interface ${s.link} in ${s.ns} cannot be a parent: ${kernel}`;
      break;
    case 'namespace':
      if (errno === E.ENOENT || errno === E.EBADF) return `${s.ns} no longer exists`;
      break;
  }
  return '';
}

/**
 * Turns an error from a netlink call into a KernelError in words. Non-kernel errors pass through.
 * op is the core operation ("link.add"), kept for programs and the activity log.
 */
export function kernelError(e: unknown, op: string, subject: Subject): unknown {
  if (!(e instanceof SysError)) return e;
  const kernel = (e as SysError & { kernelMessage?: string }).kernelMessage;
  const name = errnoName(e.errno);
  let words = sentence(e.errno, subject, kernel);
  if (!words) {
    words = `${subjectName(subject)}: ${kernel ?? e.message.replace(/^[^:]*: /, '')}`;
  }
  const extra = kernel && !words.includes(kernel) ? ` (kernel: ${kernel})` : '';
  return new KernelError(codeFor(e.errno), `${words}${extra} [${op}: ${name}]`, op, e.errno, kernel);
}

function subjectName(s: Subject): string {
  switch (s.what) {
    case 'link':
      return `interface ${s.name} in ${s.ns}`;
    case 'address':
      return `address ${s.address} on ${s.link} in ${s.ns}`;
    case 'route':
      return `route ${s.destination} in ${s.ns}`;
    case 'master':
      return `setting the master of ${s.link} to ${s.master} in ${s.ns}`;
    case 'move':
      return `moving ${s.link} from ${s.from} to ${s.to}`;
    case 'parent':
      return `parent ${s.link} in ${s.ns}`;
    case 'namespace':
      return s.ns;
  }
}

/** A StudioError for things we look up before asking the kernel. */
export const notFound = (message: string): StudioError => new StudioError('not-found', message, { errno: 'ENODEV' });

/** A refusal we decide ourselves before asking the kernel (the name is taken...), worded the same way. */
export function refuse(op: string, errno: number, subject: Subject): Error {
  return kernelError(new SysError(op, errno), op, subject) as Error;
}
