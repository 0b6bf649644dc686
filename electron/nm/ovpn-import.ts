// An OpenVPN .ovpn file converted to NetworkManager settings by us, so the import can be added
// over D-Bus owned by the desktop user (connection.permissions user:NAME needs only polkit's
// settings.modify.own; `nmcli connection import` cannot set permissions, and its profile is
// system-wide). The result equals what NetworkManager's OpenVPN importer makes (network-manager-
// openvpn 1.10, properties/import-export.c, do_import): the same options read the same way, the
// same vpn.data keys and values, the same refusals; unknown options are skipped as it skips them.
// Proved against `nmcli connection import` on a corpus by ovpn-import.nm.test.ts.
//
// Where we differ, on purpose:
// - a relative path (ca ca.crt) is refused in words: the importer resolves it against the file's
//   folder, which an imported file's text does not carry (nmcli would point at a temporary copy);
// - a file the profile names that does not exist is refused in words (the importer lets it
//   through, and the connection fails later "for an unknown reason");
// - inline blocks (<ca>...</ca>) go to files named by the caller (the profile's uuid), not
//   ~/.cert/nm-openvpn/NAME-ca.pem, which a second file of the same name would overwrite.
// Pure: the caller gives the files' bytes (`look`) and the inline blocks' paths (`blockPath`).
import { isIPv4, isIPv6 } from 'node:net';
import { StudioError } from '../../shared/result';
import { isEncryptedKey, isPkcs12, type FileLook } from './ovpn-import-files';
import { isSpace, ovpnWords } from './ovpn-import-words';

/** An ipv4.routes entry (route-data over D-Bus). */
export interface ImportedRoute {
  dest: string;
  prefix: number;
  nextHop: string | null;
  metric: number | null;
}

export interface ImportedOvpn {
  /** connection.id: the file's name without its extension, as nmcli names an import. */
  id: string;
  data: Record<string, string>;
  secrets: Record<string, string>;
  routes: ImportedRoute[];
  /** Inline blocks the profile uses, to be written (0600) before the profile is added. */
  files: Array<{ path: string; content: Buffer; block: string }>;
}

export interface OvpnImportIo {
  /** The bytes of a file the .ovpn names (absolute paths only). */
  look(path: string): FileLook;
  /** Where an inline block's content goes, by block name (ca, cert, pkcs12...). */
  blockPath(block: string): string;
}

// vpn.data keys (network-manager-openvpn's NM_OPENVPN_KEY_*) of options that take a file.
const fileOptions: Record<string, string> = {
  ca: 'ca', cert: 'cert', 'extra-certs': 'extra-certs', key: 'key', secret: 'static-key', 'tls-auth': 'ta', 'tls-crypt': 'tls-crypt', 'tls-crypt-v2': 'tls-crypt-v2',
};
// Inline blocks the importer reads, and the key each sets (pkcs12 sets ca, cert and key).
const blockKeys: Record<string, string[]> = {
  ca: ['ca'], cert: ['cert'], key: ['key'], pkcs12: ['ca', 'cert', 'key'], 'extra-certs': ['extra-certs'], 'crl-verify': ['crl-verify-file'],
  'tls-crypt': ['tls-crypt'], 'tls-crypt-v2': ['tls-crypt-v2'], 'tls-auth': ['ta'], secret: ['static-key'],
};
const flagOptions: Record<string, string> = {
  float: 'float', 'remote-random': 'remote-random', 'remote-random-hostname': 'remote-random-hostname', 'allow-pull-fqdn': 'allow-pull-fqdn',
  'tun-ipv6': 'tun-ipv6', 'push-peer-info': 'push-peer-info', 'http-proxy-retry': 'proxy-retry', 'socks-proxy-retry': 'proxy-retry',
};
const textOptions: Record<string, string> = {
  cipher: 'cipher', 'data-ciphers': 'data-ciphers', 'tls-cipher': 'tls-cipher', 'tls-remote': 'tls-remote', auth: 'auth', 'tls-version-max': 'tls-version-max',
};
const INT_MAX = 2 ** 31 - 1;
const numberOptions: Record<string, [string, number, number]> = {
  'tun-mtu': ['tunnel-mtu', 0, 0xffff], fragment: ['fragment-size', 0, 0xffff], 'connect-timeout': ['connect-timeout', 0, INT_MAX],
  'server-poll-timeout': ['connect-timeout', 0, INT_MAX], 'reneg-sec': ['reneg-seconds', 0, INT_MAX], 'max-routes': ['max-routes', 0, 100_000_000],
  port: ['port', 1, 65535], rport: ['port', 1, 65535], ping: ['ping', 0, INT_MAX], 'ping-exit': ['ping-exit', 0, INT_MAX],
  'ping-restart': ['ping-restart', 0, INT_MAX], keysize: ['keysize', 1, 65535],
};
const choiceOptions: Record<string, [string, string[]]> = {
  'dev-type': ['dev-type', ['tun', 'tap']], 'mtu-disc': ['mtu-disc', ['no', 'maybe', 'yes']], 'allow-compression': ['allow-compression', ['yes', 'no', 'asym']],
  'ns-cert-type': ['ns-cert-type', ['client', 'server']], 'remote-cert-tls': ['remote-cert-tls', ['client', 'server']],
};
/** A table's own entry only ("toString" is no option). */
const entry = <T>(table: Record<string, T>, name: string): T | undefined => (Object.hasOwn(table, name) ? table[name] : undefined);
const protocols = ['udp', 'udp4', 'udp6', 'tcp', 'tcp4', 'tcp6', 'tcp-client', 'tcp4-client', 'tcp6-client'];

/** The file's name without its extension (the importer names the profile so). */
export function importedName(fileName: string): string {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  return (dot >= 0 ? base.slice(0, dot) : base) || base || 'vpn';
}

/** libnm's escaping of a path in vpn.data (nm_utils_str_utf8safe_escape): a backslash is doubled. */
const escapePath = (p: string) => p.replace(/\\/g, '\\\\');

/** A decimal integer as GLib reads one (_nm_utils_ascii_str_to_int64): spaces around, a sign, digits. */
function integer(text: string, min: number, max: number): number | null {
  let s = text;
  while (s && isSpace(s[0])) s = s.slice(1);
  while (s && isSpace(s[s.length - 1])) s = s.slice(0, -1);
  if (!/^[+-]?\d+$/.test(s)) return null;
  const v = BigInt(s);
  return v < BigInt(min) || v > BigInt(max) ? null : Number(v);
}

/** The IPv4 netmask's prefix length as libnm counts it: 32 minus the mask's trailing zero bits. */
function maskPrefix(mask: string): number {
  const v = mask.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  if (v === 0) return 0;
  let zeros = 0;
  while (((v >>> zeros) & 1) === 0) zeros++;
  return 32 - zeros;
}

/**
 * The NetworkManager settings of an .ovpn file, or a StudioError (invalid-input, field content)
 * saying in words what cannot be imported and on which line.
 */
export function convertOvpn(fileName: string, content: string, io: OvpnImportIo): ImportedOvpn {
  const refuse = (text: string, line?: number): never => {
    throw new StudioError('invalid-input', `${fileName}${line === undefined ? ':' : ` line ${line}:`} ${text}`, { field: 'content' });
  };
  const data: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const routes: ImportedRoute[] = [];
  /** The last block of each name (a later one replaces it, as in the importer). */
  const blocks = new Map<string, { content: Buffer; path: string }>();
  /** Where each path-valued key was set, for the messages of the checks at the end. */
  const setAt = new Map<string, number>();
  let client = false;
  let remote = false;
  let pass = false;
  let staticKey = false;
  let haveCa = false;
  let haveCert = false;
  let haveKey = false;
  let pkcs12 = false;
  let taDirection: string | null = null;
  let secretDirection: string | null = null;
  let allowTaDirection = false;
  let allowSecretDirection = false;

  const lines = content.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    let w: string[] | null;
    try {
      w = ovpnWords(lines[i]!);
    } catch (e) {
      return refuse((e as Error).message, n);
    }
    if (!w) continue;
    // OpenVPN takes options written as on its command line too: --remote host
    const opt = w[0]!.startsWith('--') ? w[0]!.slice(2) : w[0]!;
    const args = w.slice(1);
    const fail = (text: string): never => refuse(text, n);
    const nargs = (min: number, max: number, usage = '') => {
      if (args.length >= min && args.length <= max) return;
      const want = min === max ? (min === 0 ? 'no argument' : min === 1 ? 'one argument' : `${min} arguments`) : `${min} to ${max} arguments`;
      fail(`${opt} takes ${want}${usage ? ` (${opt} ${usage})` : ''}, not ${args.length}`);
    };
    const nonEmpty = (k: number, what = 'its argument') => {
      if (args[k] === '') fail(`${opt}: ${what} is empty`);
      return args[k]!;
    };
    const number = (k: number, min: number, max: number) => integer(args[k]!, min, max) ?? fail(`${opt} wants a whole number from ${min} to ${max}, not "${args[k]}"`);
    const set = (key: string, value: string) => {
      data[key] = value;
      setAt.set(key, n);
    };
    const absolute = (file: string, what: string) => {
      if (!file.startsWith('/')) {
        fail(`${opt} names ${what} by a relative path ("${file}"); the folder of an imported file is not known here: write its full path, or put its content inline`);
      }
      return file;
    };

    if (opt === 'client' || opt === 'tls-client') {
      nargs(0, 0);
      client = true;
    } else if (opt === 'key-direction') {
      nargs(1, 1, '0|1');
      if (args[0] !== '0' && args[0] !== '1') fail(`key-direction is 0 or 1, not "${args[0]}"`);
      taDirection = secretDirection = args[0]!;
    } else if (opt === 'dev') {
      nargs(1, 1, 'NAME');
      set('dev', escapePath(nonEmpty(0)));
    } else if (opt === 'proto') {
      nargs(1, 1, 'udp|tcp');
      if (!protocols.includes(args[0]!)) fail(`proto is one of ${protocols.join(', ')}, not "${args[0]}"`);
      if (!args[0]!.startsWith('udp')) set('proto-tcp', 'yes');
    } else if (opt === 'mssfix') {
      nargs(0, 1, '[BYTES]');
      set('mssfix', args[0] === undefined ? 'yes' : String(number(0, 0, INT_MAX)));
    } else if (opt === 'crl-verify') {
      nargs(1, 2, 'FILE [dir]');
      const file = absolute(nonEmpty(0), 'its CRL');
      if (args[1] !== undefined && args[1] !== 'dir') fail(`crl-verify's second argument can only be "dir", not "${args[1]}"`);
      set(args[1] ? 'crl-verify-dir' : 'crl-verify-file', file);
    } else if (opt === 'comp-lzo') {
      nargs(0, 1, '[yes|no|adaptive]');
      const v = args[0] ?? 'adaptive';
      if (!['yes', 'no', 'adaptive'].includes(v)) fail(`comp-lzo is yes, no or adaptive, not "${v}"`);
      // the plugin's own word for an explicit "no" (old plasma-nm wrote "no" for unset)
      set('comp-lzo', v === 'no' ? 'no-by-default' : v);
    } else if (opt === 'compress') {
      nargs(0, 1, '[lzo|lz4|lz4-v2]');
      if (args[0] !== undefined && !['lzo', 'lz4', 'lz4-v2'].includes(args[0])) fail(`compress is lzo, lz4 or lz4-v2 (or nothing), not "${args[0]}"`);
      set('compress', args[0] ?? 'yes');
    } else if (opt === 'http-proxy' || opt === 'socks-proxy') {
      const http = opt === 'http-proxy';
      nargs(http ? 2 : 1, http ? 4 : 3, http ? 'SERVER PORT [AUTHFILE [METHOD]]' : 'SERVER [PORT [AUTHFILE]]');
      const server = nonEmpty(0, 'the server');
      let port: number | null = null;
      let user: string | null = null;
      let password: string | null = null;
      if (args[1] !== undefined) {
        port = integer(args[1], 1, 65535) ?? fail(`${opt}: the port is a number from 1 to 65535, not "${args[1]}"`);
        const auth = args[2];
        if (auth !== undefined && auth !== 'stdin' && auth !== 'auto') {
          const bytes = io.look(absolute(auth, 'its user name and password file'));
          if (typeof bytes === 'string') fail(`${opt}: the user name and password file ${auth} ${bytes === 'missing' ? 'does not exist' : 'cannot be read'}`);
          const [u, p] = (bytes as Buffer).toString('utf8').split(/[\r\n]/).filter((l) => l !== '').map((l) => l.trim());
          if (u === undefined || p === undefined) fail(`${opt}: ${auth} must hold a user name and a password, on two lines`);
          [user, password] = [u!, p!];
        }
      }
      set('proxy-type', http ? 'http' : 'socks');
      set('proxy-server', server);
      if (port !== null) set('proxy-port', String(port));
      if (user) set('http-proxy-username', user);
      if (password !== null) {
        secrets['http-proxy-password'] = password;
        // agent-owned, as the importer marks it: the desktop's keyring keeps it, not the profile
        set('http-proxy-password-flags', '1');
      }
    } else if (opt === 'remote') {
      nargs(1, 3, 'HOST [PORT [PROTO]]');
      const host = nonEmpty(0, 'the host');
      if (host.includes(' ')) fail('the remote host cannot contain a space');
      if (host.includes(',')) fail('the remote host cannot contain a comma');
      let entry = host.includes(':') && isIPv6(host) && !host.includes('%') ? `[${host}]` : host;
      if (args[1] !== undefined) {
        const port = integer(args[1], 1, 65535) ?? fail(`remote: the port is a number from 1 to 65535, not "${args[1]}"`);
        if (args[2] !== undefined && !protocols.includes(args[2])) fail(`remote: the protocol is one of ${protocols.join(', ')}, not "${args[2]}"`);
        entry += `:${port}${args[2] !== undefined ? `:${args[2]}` : host.includes(':') ? ':' : ''}`;
      } else if (host.includes(':')) {
        entry += '::';
      }
      set('remote', data.remote ? `${data.remote}, ${entry}` : entry);
      remote = true;
    } else if (opt === 'tls-version-min') {
      nargs(1, 2, 'VERSION [or-highest]');
      set('tls-version-min', nonEmpty(0));
      if (args[1] !== undefined) {
        if (args[1] !== 'or-highest') fail(`tls-version-min's second argument can only be "or-highest", not "${args[1]}"`);
        set('tls-version-min-or-highest', 'yes');
      }
    } else if (entry(fileOptions, opt) !== undefined || opt === 'pkcs12') {
      const direction = opt === 'secret' || opt === 'tls-auth';
      nargs(1, direction ? 2 : 1, direction ? 'FILE [0|1]' : 'FILE');
      const file = escapePath(absolute(nonEmpty(0), 'a file'));
      if (args[1] !== undefined && args[1] !== '0' && args[1] !== '1') fail(`${opt}: the key direction is 0 or 1, not "${args[1]}"`);
      if (opt === 'pkcs12') {
        // OpenVPN takes a PEM --ca beside --pkcs12: an earlier ca stays
        if (!haveCa) set('ca', file);
        set('cert', file);
        set('key', file);
        pkcs12 = true;
      } else {
        set(fileOptions[opt]!, file);
        if (opt === 'ca') haveCa = true;
        if (opt === 'cert') haveCert = true;
        if (opt === 'key') haveKey = true;
        if (opt === 'secret') {
          if (args[1] !== undefined) secretDirection = args[1];
          allowSecretDirection = staticKey = true;
        }
        if (opt === 'tls-auth') {
          if (args[1] !== undefined) taDirection = args[1];
          allowTaDirection = true;
        }
      }
    } else if (opt === 'keepalive') {
      nargs(2, 2, 'INTERVAL TIMEOUT');
      const [ping, restart] = [number(0, 0, INT_MAX), number(1, 0, INT_MAX)];
      set('ping', String(ping));
      set('ping-restart', String(restart));
    } else if (opt === 'verify-x509-name') {
      nargs(1, 2, 'NAME [subject|name|name-prefix]');
      const name = nonEmpty(0);
      const type = args[1] ?? 'subject';
      if (!['subject', 'name', 'name-prefix'].includes(type)) fail(`verify-x509-name's type is subject, name or name-prefix, not "${type}"`);
      set('verify-x509-name', `${type}:${name}`);
    } else if (opt === 'ifconfig') {
      nargs(2, 2, 'LOCAL REMOTE');
      set('local-ip', nonEmpty(0, 'the local address'));
      set('remote-ip', nonEmpty(1, 'the remote address'));
    } else if (opt === 'auth-user-pass') {
      nargs(0, 1, '[FILE]');
      pass = true;
    } else if (opt === 'route') {
      nargs(1, 4, 'NETWORK [NETMASK [GATEWAY [METRIC]]]');
      const address = (k: number, what: string, extended: boolean) => {
        const a = args[k]!;
        if (isIPv4(a)) return a;
        if (extended && ['vpn_gateway', 'net_gateway', 'remote_host'].includes(a)) fail(`route: ${what} "${a}" cannot be written in a NetworkManager profile`);
        if (extended && a.length <= 255 && /^[A-Za-z0-9.-]+$/.test(a)) fail(`route: ${what} "${a}" looks like a host name; only an IPv4 address can be imported`);
        return fail(`route: ${what} must be an IPv4 address, not "${a}"`);
      };
      const dest = address(0, 'the network', true);
      let prefix = 32;
      let nextHop: string | null = null;
      let metric: number | null = null;
      if (args[1] !== undefined) {
        prefix = maskPrefix(address(1, 'the netmask', false));
        if (args[2] !== undefined) {
          nextHop = address(2, 'the gateway', true);
          if (args[3] !== undefined) metric = integer(args[3], 0, 0xffffffff) ?? fail(`route: the metric is a number from 0 to 4294967295, not "${args[3]}"`);
        }
      }
      // the default route is no route in a profile: ipv4.never-default stays no, as it is
      if (!(prefix === 0 && dest === '0.0.0.0')) routes.push({ dest, prefix, nextHop, metric });
    } else if (entry(flagOptions, opt) !== undefined) {
      nargs(0, 0);
      set(flagOptions[opt]!, 'yes');
    } else if (entry(textOptions, opt) !== undefined) {
      nargs(1, 1, 'VALUE');
      set(textOptions[opt]!, nonEmpty(0));
    } else if (entry(numberOptions, opt) !== undefined) {
      const [key, min, max] = numberOptions[opt]!;
      nargs(1, 1, 'NUMBER');
      set(key, String(number(0, min, max)));
    } else if (entry(choiceOptions, opt) !== undefined) {
      const [key, choices] = choiceOptions[opt]!;
      nargs(1, 1, choices.join('|'));
      if (!choices.includes(args[0]!)) fail(`${opt} is ${choices.join(' or ')}, not "${args[0]}"`);
      set(key, args[0]!);
    } else if (opt.startsWith('<') && opt.endsWith('>') && opt.length >= 2) {
      const block = opt.slice(1, -1);
      const keys = entry(blockKeys, block) ?? fail(`the <${block}> block cannot be imported: NetworkManager's OpenVPN plugin has no setting for it`);
      // its lines up to </block>, leading spaces dropped, each with its newline (as the importer writes them)
      const end = `</${block}>`;
      let body = '';
      let j = i + 1;
      for (; j < lines.length; j++) {
        let l = lines[j]!;
        while (l && isSpace(l[0])) l = l.slice(1);
        if (l.startsWith(end)) break;
        body += `${l}${j < lines.length - 1 ? '\n' : ''}`;
      }
      if (j >= lines.length) fail(`the <${block}> block is never closed (no ${end})`);
      const path = io.blockPath(block);
      blocks.set(block, { content: block === 'pkcs12' ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'), path });
      for (const k of keys) set(k, path);
      if (block === 'ca') haveCa = true;
      if (block === 'cert') haveCert = true;
      if (block === 'key') haveKey = true;
      if (block === 'pkcs12') pkcs12 = true;
      if (block === 'tls-auth') allowTaDirection = true;
      if (block === 'secret') allowSecretDirection = true;
      i = j;
    }
    // any other option is skipped, as the importer skips it (route-nopull, verb, persist-key...)
  }

  if (allowSecretDirection && secretDirection !== null) data['static-key-direction'] = secretDirection;
  if (allowTaDirection && taDirection !== null) data['ta-dir'] = taDirection;

  if (!client && !staticKey) refuse('this is not an OpenVPN client configuration (no client, tls-client or secret line)');
  if (!remote) refuse('this OpenVPN configuration names no server (no remote line)');

  // An inline block is not a file yet while the importer checks (it writes them last).
  const blockPaths = new Set([...blocks.values()].map((b) => b.path));
  const bytesOf = (key: string): Buffer | null => {
    const path = data[key];
    if (path === undefined || blockPaths.has(path)) return null;
    const got = io.look(path.replace(/\\\\/g, '\\'));
    return typeof got === 'string' ? null : got;
  };
  const isP12 = (key: string) => {
    const b = bytesOf(key);
    return b !== null && isPkcs12(b);
  };
  if (client && pkcs12) {
    if (haveCert || haveKey) refuse('pkcs12 cannot be used together with cert or key');
    if (haveCa && isP12('ca')) refuse('the ca file cannot be a PKCS#12 file');
  } else if (client) {
    if (!haveCa) refuse('a client configuration needs a CA certificate (a ca line or a <ca> block)');
    if (haveCert !== haveKey) refuse(haveCert ? 'a cert is given without its key' : 'a key is given without its cert');
    if (isP12('cert')) refuse('the cert file cannot be a PKCS#12 file (use pkcs12 for it)');
    if (isP12('key')) refuse('the key file cannot be a PKCS#12 file (use pkcs12 for it)');
  }

  data['connection-type'] = pass ? (haveCert || pkcs12 ? 'password-tls' : haveCa ? 'password' : 'tls') : haveCert || pkcs12 ? 'tls' : staticKey ? 'static-key' : 'tls';
  // asked for, and agent-owned by default, as the importer sets them
  if (pass) data['password-flags'] = '1';
  if (client && !pkcs12 && haveKey) {
    const key = bytesOf('key');
    if (key && isEncryptedKey(key)) data['cert-pass-flags'] = '1';
  }

  // the blocks still used (a later line may have replaced one)
  const used = new Set(Object.values(data));
  const files = [...blocks.entries()].filter(([, b]) => used.has(b.path)).map(([block, b]) => ({ path: b.path, content: b.content, block }));

  // Every file named must exist (one we may not read is NetworkManager's to read, as root).
  for (const key of ['ca', 'cert', 'key', 'extra-certs', 'static-key', 'ta', 'tls-crypt', 'tls-crypt-v2', 'crl-verify-file', 'crl-verify-dir']) {
    const path = data[key];
    if (path === undefined || blockPaths.has(path)) continue;
    if (io.look(path.replace(/\\\\/g, '\\')) === 'missing') refuse(`the file ${path} does not exist`, setAt.get(key));
  }

  return { id: importedName(fileName), data, secrets, routes, files };
}
