// The per-namespace sysctls of shared/netns-config.ts, read and written through the namespace's
// own /proc/sys/net: /proc/sys/net shows the network namespace of the thread that opens a file
// there, so the core's thread enters the namespace (setns), opens and reads or writes, and comes
// back (netlink/socket.ts inNamespace), all synchronously. No process is started.
import { readFileSync, writeFileSync } from 'node:fs';
import { sysctlKeys, sysctlPath, type SysctlEntry, type SysctlKey } from '../../../shared/netns-config';
import { StudioError } from '../../../shared/result';
import type { NsHandle } from '../net/ns-handle';
import { inNamespace } from '../netlink/socket';

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/** One key's value in the current thread's namespace; null when the file is not there (IPv6 off). */
function readHere(key: SysctlKey): number | null {
  try {
    const n = Number(readFileSync(sysctlPath(key), 'ascii').trim());
    return Number.isInteger(n) ? n : null;
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw e;
  }
}

/** Every supported key. Equals `ip netns exec NS sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding ...`. */
export function readSysctls(h: NsHandle): SysctlEntry[] {
  return inNamespace(h.fd, () => sysctlKeys.map((key) => ({ key, value: readHere(key) })), h.label);
}

/** Whether the namespace forwards IPv4 / IPv6 (for the picture's router badge). */
export function readForwarding(h: NsHandle): { ipv4: boolean; ipv6: boolean } {
  return inNamespace(h.fd, () => ({ ipv4: readHere('net.ipv4.ip_forward') === 1, ipv6: readHere('net.ipv6.conf.all.forwarding') === 1 }), h.label);
}

/** Sets one key. Equals `ip netns exec NS sysctl -w KEY=VALUE`. The range is checked by the contract. */
export function writeSysctl(h: NsHandle, key: SysctlKey, value: number): void {
  inNamespace(
    h.fd,
    () => {
      try {
        writeFileSync(sysctlPath(key), `${value}\n`);
      } catch (e) {
        const errno = errnoOf(e);
        if (errno === 'ENOENT') throw new StudioError('unsupported', `${h.label} has no ${key} (is IPv6 disabled there?)`, { field: 'key', errno });
        if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS')
          throw new StudioError('permission', `the kernel refused to set ${key} in ${h.label} (${errno}): /proc/sys is read-only or we lack CAP_NET_ADMIN there`, { errno });
        if (errno === 'EINVAL') throw new StudioError('invalid-input', `the kernel refused ${value} for ${key} (EINVAL)`, { field: 'value', errno });
        throw e;
      }
    },
    h.label,
  );
}
