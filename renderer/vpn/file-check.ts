// Whether a file may be sent to vpn.import: a VPN file, within the contract's size limit.
import { methods } from '../../shared/contract';

/** The contract's limit on a VPN file's text (vpn.import's content), in bytes read as characters. */
export const VPN_FILE_LIMIT = methods['vpn.import'].input.shape.content.maxLength ?? 1_000_000;

const megabytes = (n: number) => `${Number((n / 1_000_000).toFixed(1))} MB`;

/** Why this file cannot be imported, or null when it can be sent. */
export function vpnFileProblem(file: { name: string; size: number }): string | null {
  if (!/\.(ovpn|conf)$/i.test(file.name)) return `${file.name} is not an OpenVPN or WireGuard file: import an OpenVPN .ovpn or a WireGuard .conf`;
  if (file.size > VPN_FILE_LIMIT) return `${file.name} is too large to import: ${megabytes(file.size)}, the limit is ${megabytes(VPN_FILE_LIMIT)}`;
  if (file.size === 0) return `${file.name} is empty`;
  return null;
}
