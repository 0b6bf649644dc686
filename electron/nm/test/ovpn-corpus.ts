// The .ovpn files of the import differential test (ovpn-import.nm.test.ts): together they use
// every option and inline block network-manager-openvpn's importer reads (import-export.c,
// do_import), in the forms it reads them (quotes, comments, --options, BOM, CRLF, a later line
// replacing an earlier one), and files it refuses. Each is a name and its lines.
import { readFileSync } from 'node:fs';

/** The files the corpus names (made by the test in the fixture's scratch directory). */
export interface CorpusFiles {
  ca: string;
  cert: string;
  key: string;
  remote: string;
  ta: string;
  tlsCryptV2: string;
  encryptedKey: string;
  pkcs12: string;
  otherCa: string;
  proxyAuth: string;
  crlDir: string;
}

type Corpus = Array<[string, string[]]>;

// Before the fixture runs the names are all a test needs: the files are stand-ins.
const standIn: CorpusFiles = {
  ca: '/ca', cert: '/cert', key: '/key', remote: '192.0.2.1', ta: '/ta', tlsCryptV2: '/tc2', encryptedKey: '/enc', pkcs12: '/p12', otherCa: '/other', proxyAuth: '/auth', crlDir: '/crl',
};

/** A file's text as the lines of an inline block; `indent` as some providers write them. */
function block(name: string, file: string | null, indent = ''): string[] {
  const text = file ? readFileSync(file, 'utf8').trim() : '-----BEGIN X-----\n-----END X-----';
  return [`<${name}>`, ...text.split('\n').map((l) => indent + l), `</${name}>`];
}

/** A PKCS#12 file as the base64 lines of a <pkcs12> block. */
function base64Block(file: string | null): string[] {
  const b64 = file ? readFileSync(file).toString('base64') : 'AAAA';
  return ['<pkcs12>', ...(b64.match(/.{1,64}/g) ?? []), '</pkcs12>'];
}

/** Files the importer takes, with what each shows. */
export function ovpnCorpus(files: CorpusFiles | null): Corpus {
  const f = files ?? standIn;
  const real = files !== null;
  const pem = (p: string) => (real ? p : null);
  return [
    ['everything', [
      '# a provider file with every option the importer reads (password with certificates)',
      'client', 'dev tun', 'dev-type tun', 'proto tcp-client',
      `remote ${f.remote} 1194`, 'remote vpn.example.com 1195 tcp4', 'remote 2001:db8::1 443 udp', 'remote fe80::1', 'remote a:b 443',
      'remote-random', 'remote-random-hostname', 'allow-pull-fqdn', 'tun-ipv6', 'push-peer-info', 'port 1196',
      `ca ${f.ca}`, `cert ${f.cert}`, `key ${f.key}`, `extra-certs ${f.otherCa}`, `tls-auth ${f.ta} 1`,
      'remote-cert-tls server', 'ns-cert-type server', "verify-x509-name 'CN=server, O=Lab' subject", 'tls-remote server',
      'tls-version-min 1.2 or-highest', 'tls-version-max 1.3', 'tls-cipher TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384',
      'cipher AES-256-CBC', 'data-ciphers AES-256-GCM:AES-128-GCM', 'auth SHA256', 'keysize 256',
      'tun-mtu 1400', 'fragment 1300', 'mssfix 1200', 'mtu-disc yes', 'float', 'ping 10', 'ping-exit 120', 'ping-restart 60',
      'reneg-sec 3600', 'connect-timeout 20', `http-proxy 10.0.0.9 3128 ${f.proxyAuth} basic`, 'http-proxy-retry',
      'compress lz4-v2', 'allow-compression asym', 'max-routes 50', `crl-verify ${f.ca}`,
      'route 10.77.0.0 255.255.0.0', 'route 10.78.1.5 255.0.255.0 10.0.0.9 7', 'route 192.0.2.99', 'route 0.0.0.0 0.0.0.0',
      'auth-user-pass', 'nobind', 'persist-key', 'verb 3',
    ]],
    ['static-key', [
      '; a point-to-point static key: no client line', 'dev tap0', 'dev tun\\\\0', 'proto udp6', `remote ${f.remote}`, 'rport 1197',
      `secret ${f.ta} 0`, 'ifconfig 10.9.0.2 10.9.0.1', 'keepalive 10 60', 'socks-proxy 10.0.0.8 1080', 'socks-proxy-retry',
      'comp-lzo', 'server-poll-timeout 15', 'tun-mtu 01400', 'ping +10', 'mtu-disc maybe',
    ]],
    ['password', [
      'client', `remote ${f.remote} 1194 udp`, `ca ${f.ca}`, 'auth-user-pass /etc/openvpn/credentials.txt', 'comp-lzo no', 'compress',
      'verify-x509-name server name', 'mssfix', `crl-verify ${f.crlDir} dir`, 'mtu-disc no', 'allow-compression no',
    ]],
    ['pkcs12', [
      'tls-client', `remote ${f.remote}`, `pkcs12 ${f.pkcs12}`, 'verify-x509-name server name-prefix', 'comp-lzo yes', 'compress lzo',
      'allow-compression yes', 'proto tcp6-client',
    ]],
    ['pkcs12-with-ca', ['client', `remote ${f.remote}`, `ca ${f.ca}`, `pkcs12 ${f.pkcs12}`, 'auth-user-pass', 'compress lz4', 'socks-proxy 10.0.0.8']],
    ['inline', [
      '\uFEFF# inline blocks, comments and quoting', 'client', `--remote "${f.remote}" 1194   # a comment after the words`, '  ; an indented comment',
      "dev 'tun'", 'remote-cert-tls server', 'key-direction 1',
      ...block('ca', pem(f.ca), '  '), ...block('cert', pem(f.cert)), ...block('key', pem(f.key)), ...block('tls-auth', pem(f.ta)),
      ...block('tls-crypt', pem(f.ta)), ...block('extra-certs', pem(f.otherCa)), ...block('crl-verify', null),
    ]],
    ['inline-crlf', [
      'client', `remote ${f.remote}`, ...block('ca', pem(f.otherCa)),
      // the later block wins; a later cert line replaces the <cert> block, which is then not written
      ...block('ca', pem(f.ca)), ...block('cert', pem(f.cert)), `cert ${f.cert}`, `key ${f.key}`,
    ].map((l) => `${l}\r`)],
    ['inline-pkcs12', ['client', `remote ${f.remote}`, ...block('ca', pem(f.ca)), ...base64Block(pem(f.pkcs12)), ...block('tls-crypt-v2', pem(f.tlsCryptV2))]],
    // an inline <secret> does not make a static-key configuration of a file without client (the importer's way)
    ['inline-secret', ['client', `remote ${f.remote} 1194`, `ca ${f.ca}`, 'key-direction 0', ...block('secret', pem(f.ta)), 'ifconfig 10.9.0.2 10.9.0.1']],
    ['encrypted-key', ['client', `remote ${f.remote}`, `ca ${f.ca}`, `cert ${f.cert}`, `key ${f.encryptedKey}`, `tls-crypt-v2 ${f.tlsCryptV2}`, `tls-crypt ${f.ta}`]],
  ];
}

/** Files the importer refuses: each is valid but for its last line, or for what it lacks. */
export function ovpnRefusals(files: CorpusFiles | null): Corpus {
  const f = files ?? standIn;
  const ok = ['client', `remote ${f.remote}`, `ca ${f.ca}`];
  return [
    ['no-remote', ['client', `ca ${f.ca}`]],
    ['not-a-client', [`remote ${f.remote}`, `ca ${f.ca}`]],
    ['no-ca', ['client', `remote ${f.remote}`]],
    ['inline-secret-alone', [`remote ${f.remote}`, '<secret>', ...(files ? readFileSync(f.ta, 'utf8').trim().split('\n') : []), '</secret>']],
    ['cert-without-key', [...ok, `cert ${f.cert}`]],
    ['pkcs12-and-cert', ['client', `remote ${f.remote}`, `pkcs12 ${f.pkcs12}`, `cert ${f.cert}`]],
    ['cert-is-pkcs12', [...ok, `cert ${f.pkcs12}`, `key ${f.key}`]],
    ['route-net-gateway', [...ok, 'route 10.0.0.0 255.0.0.0 net_gateway']],
    ['route-host-name', [...ok, 'route vpn.example.com']],
    ['route-bad-mask', [...ok, 'route 10.0.0.0 255.0.0']],
    ['open-quote', [...ok, 'dev "tun']],
    ['trailing-backslash', [...ok, 'dev tun\\']],
    ['dh-block', [...ok, '<dh>', '-----BEGIN DH PARAMETERS-----', 'MIIBCAKCAQEA', '-----END DH PARAMETERS-----', '</dh>']],
    ['proto-sctp', [...ok, 'proto sctp']],
    ['remote-comma', [...ok, "remote 'a,b'"]],
    ['remote-space', [...ok, "remote 'a b'"]],
    ['port-zero', [...ok, 'port 0']],
    ['mssfix-word', [...ok, 'mssfix big']],
    ['key-direction-2', [...ok, 'key-direction 2']],
    ['tls-version-min-word', [...ok, 'tls-version-min 1.2 or-lowest']],
    ['verify-x509-type', [...ok, 'verify-x509-name server cn']],
    ['compress-word', [...ok, 'compress zstd']],
    ['comp-lzo-word', [...ok, 'comp-lzo maybe']],
    ['tls-auth-direction', [...ok, `tls-auth ${f.ta} 2`]],
    ['http-proxy-no-port', [...ok, 'http-proxy 10.0.0.9']],
    ['proxy-auth-missing', [...ok, 'http-proxy 10.0.0.9 3128 /nonexistent/auth.txt']],
    ['empty-dev', [...ok, 'dev ""']],
    ['client-with-argument', [...ok, 'client yes']],
    ['keepalive-one', [...ok, 'keepalive 10']],
  ];
}
