// Which NetworkManager importer reads a VPN file: chosen from the file's name and content, the way
// an administrator would, never by trying every plugin (a wrong plugin can half-import a file).
import { StudioError } from '../../shared/result';
import { pemProblem, type PemKind } from './pem-check';

export interface PluginChoice {
  /** The `type` argument of `nmcli connection import`. */
  nmcliType: 'openvpn' | 'wireguard';
  /** The plugin's .name file (in /usr/lib/NetworkManager/VPN) that must exist, or null when NetworkManager itself reads the format. */
  pluginNameFile: string | null;
  /** The Debian package that provides it. */
  debianPackage: string;
  label: string;
}

const openvpnPlugin: PluginChoice = {
  nmcliType: 'openvpn',
  pluginNameFile: 'nm-openvpn-service.name',
  debianPackage: 'network-manager-openvpn',
  label: 'OpenVPN',
};
// NetworkManager reads WireGuard .conf files itself (libnm's nm_vpn_wireguard_import), no plugin.
const wireguardPlugin: PluginChoice = { nmcliType: 'wireguard', pluginNameFile: null, debianPackage: 'network-manager', label: 'WireGuard' };

// OpenVPN directives that only an OpenVPN config has (at the start of a line, maybe inline blocks).
const openvpnDirective = /^\s*(client|remote|dev|proto|ca|cert|key|auth-user-pass|tls-client|<ca>|<cert>|<key>|<tls-auth>|<tls-crypt>|pkcs12|secret|remote-cert-tls|nobind)\b/m;
const wireguardSection = /^\s*\[(Interface|Peer)\]\s*$/im;

/** Chooses the importer for a file, or throws a StudioError saying why the file is not a VPN file we know. */
export function choosePlugin(fileName: string, content: string): PluginChoice {
  const ext = (/\.([^./]+)$/.exec(fileName)?.[1] ?? '').toLowerCase();
  // Control characters (other than tab and line ends) or bytes that were not UTF-8 (U+FFFD after decoding):
  // a binary file, which no importer reads.
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(content)) {
    throw new StudioError('invalid-input', `${fileName} is not a text file (it has binary bytes): expected an OpenVPN .ovpn or a WireGuard .conf`, { field: 'content' });
  }
  if (!content.trim()) throw new StudioError('invalid-input', `${fileName} is empty`, { field: 'content' });
  const looksWireguard = wireguardSection.test(content);
  const looksOpenvpn = openvpnDirective.test(content);
  if (ext === 'ovpn') {
    if (looksOpenvpn) return openvpnPlugin;
    throw new StudioError('invalid-input', `${fileName} has no OpenVPN directive (client, remote, dev, ca...): it is not an OpenVPN configuration`, { field: 'content' });
  }
  if (ext === 'conf') {
    if (looksWireguard && !looksOpenvpn) return wireguardPlugin;
    if (looksOpenvpn && !looksWireguard) return openvpnPlugin;
    throw new StudioError('invalid-input', `${fileName} is neither an OpenVPN configuration (client, remote...) nor a WireGuard one ([Interface], [Peer])`, { field: 'content' });
  }
  throw new StudioError('invalid-input', `${fileName}: the file name must end in .ovpn (OpenVPN) or .conf (OpenVPN or WireGuard)`, { field: 'fileName' });
}

/** What each inline block must hold, for pem-check.ts. */
const blockKinds: Record<string, PemKind> = {
  ca: 'certificate', cert: 'certificate', 'extra-certs': 'certificate', key: 'private key', 'tls-auth': 'static key', 'tls-crypt': 'static key', secret: 'static key',
};

// Inline blocks of an .ovpn whose content is PEM text (-----BEGIN ...-----); pkcs12 is base64, not PEM.
const pemBlocks = ['ca', 'cert', 'key', 'extra-certs', 'tls-auth', 'tls-crypt', 'tls-crypt-v2', 'secret', 'dh'];

/**
 * Checks what the OpenVPN importer lets through although OpenVPN would refuse it later: every
 * inline <ca>, <cert>, <key>... block must be closed and hold PEM text. Throws a StudioError naming
 * the block and its line.
 */
export function checkOpenvpnInlineBlocks(fileName: string, content: string): void {
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*<([a-z0-9-]+)>\s*$/i.exec(lines[i] ?? '');
    if (!open) continue;
    const tag = (open[1] ?? '').toLowerCase();
    const end = lines.findIndex((l, j) => j > i && l.trim().toLowerCase() === `</${tag}>`);
    if (end < 0) throw new StudioError('invalid-input', `${fileName} line ${i + 1}: the <${tag}> block is never closed (no </${tag}>)`, { field: 'content' });
    // leading spaces dropped, as OpenVPN and the importer drop them (some providers indent blocks)
    const body = lines.slice(i + 1, end).map((l) => l.trimStart()).join('\n');
    if (pemBlocks.includes(tag) && !/-----BEGIN [A-Za-z0-9 -]+-----[\s\S]+-----END [A-Za-z0-9 -]+-----/.test(body)) {
      throw new StudioError('invalid-input', `${fileName} line ${i + 1}: the <${tag}> block is not PEM text (no -----BEGIN ...----- / -----END ...----- lines)`, { field: 'content' });
    }
    // parsed as OpenVPN will: a damaged or expired certificate is said now, not at connect
    const kind = blockKinds[tag];
    const problem = kind ? pemProblem(body, kind) : null;
    if (problem) throw new StudioError('invalid-input', `${fileName} line ${i + 1}: the <${tag}> block ${problem}`, { field: 'content' });
    i = end;
  }
}
