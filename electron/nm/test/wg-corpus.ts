// The WireGuard .conf files of the import differential test (wg-import.nm.test.ts): together they
// use every key NetworkManager's importer reads (libnm's nm_conn_wireguard_import) in the forms it
// reads them (any case, spaces anywhere, comments, CRLF, C integers, several lines of one key, a
// later peer with the same key), and files it refuses. Each is a name (the file is NAME.conf,
// and NAME the interface) and its lines.

type Corpus = Array<[string, string[]]>;

/** A valid key (32 bytes in base64), different for each n. */
export const wgKey = (n: number): string => Buffer.alloc(32, n).toString('base64');

const iface = (...lines: string[]) => ['[Interface]', `PrivateKey = ${wgKey(1)}`, ...lines];
const peer = (n: number, ...lines: string[]) => ['[Peer]', `PublicKey = ${wgKey(n)}`, ...lines];

export const wgCorpus: Corpus = [
  ['wgbasic', [...iface('Address = 10.66.0.2/24', 'ListenPort = 51820'), ...peer(2, 'AllowedIPs = 0.0.0.0/0', 'Endpoint = 192.0.2.1:51820')]],
  ['wgfull', [
    '# a provider\'s file, with comments and odd spacing',
    '[Interface]  # the local end',
    `PrivateKey=${wgKey(3)}`,
    'address = 10.66.1.2/24, fd00:66::2/64',
    'Address=10.66.2.2',
    'DNS = 10.66.1.1, fd00:66::1, corp.example, lab.example',
    'MTU = 1420',
    'ListenPort = 41000',
    'FwMark = 0x1f',
    'Table = 1234',
    'PreUp = echo up',
    'PostUp = iptables -A FORWARD -i %i -j ACCEPT',
    'PreDown = echo down',
    'PostDown = iptables -D FORWARD -i %i -j ACCEPT',
    'SaveConfig = false',
    '',
    ...peer(4, `PresharedKey = ${wgKey(5)}`, 'AllowedIPs = 10.66.0.0/16, fd00:66::/48', 'AllowedIPs = 192.0.2.0/25', 'Endpoint = [2001:db8::1]:51820', 'PersistentKeepalive = 25'),
    ...peer(6, 'allowedips = 10.67.0.1', 'endpoint = vpn.example.com:443', 'persistentkeepalive = off'),
    ...peer(7, 'AllowedIPs = ::/0, 0.0.0.0/0', 'Endpoint = 198.51.100.7:1'),
  ]],
  ['wgcrlf', [...iface('Address = 10.66.3.2/32', 'DNS = 1.1.1.1'), ...peer(2, 'AllowedIPs = 0.0.0.0/0')].map((l) => `${l}\r`)],
  // a name server for IPv6 without an IPv6 address is dropped; "~" sends every name to the servers
  ['wgdnsonly', [...iface('Address = 10.66.4.2/24', 'DNS = 10.66.4.1, 2001:db8::53'), ...peer(2, 'AllowedIPs = 10.66.4.0/24')]],
  ['wgsearch', [...iface('Address = fd00:5::2/64', 'DNS = only.example'), ...peer(2, 'AllowedIPs = fd00:5::/64')]],
  ['wgnoaddr', [...iface('DNS = 10.9.9.9', 'ListenPort = 0'), ...peer(2, 'AllowedIPs = 10.9.0.0/16')]],
  ['wgtableoff', [...iface('Address = 10.66.5.2/24', 'Table = off'), ...peer(2, 'AllowedIPs = 0.0.0.0/0')]],
  ['wgtablelast', [...iface('Address = 10.66.5.3/24', 'Table = off', 'Table = 0x10'), ...peer(2, 'AllowedIPs = 0.0.0.0/0')]],
  // C integers: hex, octal, a sign; "off"
  ['wgnumbers', [...iface('Address = 10.66.6.2/+24', 'MTU = 0x500', 'FwMark = off', 'Table = 010', 'ListenPort = +0051820'), ...peer(2, 'AllowedIPs = 10.66.6.0/24', 'PersistentKeepalive = 007')]],
  // a repeated address or server is kept once; a later peer with the same public key replaces the earlier
  ['wgdups', [...iface('Address = 10.66.7.2/24, 10.66.7.2/24', 'DNS = 10.66.7.1, 10.66.7.1'), ...peer(2, 'AllowedIPs = 10.1.0.0/16'), ...peer(8, 'AllowedIPs = 10.8.0.0/16'), ...peer(2, 'AllowedIPs = 10.2.0.0/16')]],
  ['wgnokey', ['[Interface]', 'Address = 10.66.8.2/24', ...peer(2, 'AllowedIPs = 10.66.8.0/24')]],
  ['wgtwoiface', [...iface('Address = 10.66.9.2/24', 'MTU = 1300'), ...peer(2, 'AllowedIPs = 10.66.9.0/24'), '[Interface]', 'MTU = 1280', `PrivateKey = ${wgKey(9)}`]],
  ['wgnopeer', iface('Address = 10.66.10.2/24')],
  ['wgv6', [...iface('Address = 2001:db8:0:0::2/64', 'DNS = 2001:db8::53, v6.example'), ...peer(2, 'AllowedIPs = 2001:db8:0::/64', 'Endpoint = [fe80::1]:51820'), ...peer(10, 'AllowedIPs = 2001:DB8:1::1/128', 'Endpoint = fd00::9:51820')]],
  ['wgtrail', [...iface('Address = 10.66.11.2/24,', 'DNS = 10.66.11.1,'), ...peer(2, 'AllowedIPs = 10.66.11.0/24,')]],
  ['wgspace', [' [ Inter face ] ', `Private Key = ${wgKey(1)}`, 'A d d r e s s = 10.66.12.2 / 24', ' [Peer]', `Public\tKey = ${wgKey(2)}`, 'AllowedIPs = 10.66.12.0 / 24']],
];

/** Files both refuse (nothing is added). */
export const wgRefusals: Corpus = [
  ['wgbefore', [`PrivateKey = ${wgKey(1)}`, '[Interface]', 'Address = 10.0.0.2/24']],
  ['wgunknown', [...iface('Address = 10.0.0.2/24', 'Foo = bar')]],
  ['wgwrongsect', [...iface(), ...peer(2, 'Address = 10.0.0.2/24')]],
  ['wgnoequals', [...iface('Address')]],
  ['wgbadaddr', [...iface('Address = 10.0.0.300/24')]],
  ['wgbadprefix', [...iface('Address = 10.0.0.2/33')]],
  ['wgemptyword', [...iface('Address = 10.0.0.2/24,,10.0.0.3/24')]],
  ['wgzone', [...iface('Address = fe80::1%eth0/64')]],
  ['wgleadzero', [...iface('Address = 010.0.0.2/24')]],
  ['wgmtu', [...iface('MTU = 1420a')]],
  ['wgmtuneg', [...iface('MTU = -1')]],
  ['wgport', [...iface('ListenPort = 65536')]],
  ['wgporthex', [...iface('ListenPort = 0x10')]],
  ['wgfwmark', [...iface('FwMark = 0x80000000')]],
  ['wgtable', [...iface('Table = main')]],
  ['wgsave', [...iface('SaveConfig = yes')]],
  ['wgprivshort', ['[Interface]', 'PrivateKey = AAAA']],
  ['wgprivnopad', ['[Interface]', `PrivateKey = ${wgKey(1).slice(0, -1)}`]],
  ['wgprivbits', ['[Interface]', `PrivateKey = ${wgKey(1).slice(0, 42)}B=`]],
  ['wgpub', [...iface(), '[Peer]', 'PublicKey = not-a-key']],
  ['wgpsk', [...iface(), ...peer(2, 'PresharedKey = short=')]],
  ['wgnoport', [...iface(), ...peer(2, 'Endpoint = 192.0.2.1')]],
  ['wgport0', [...iface(), ...peer(2, 'Endpoint = 192.0.2.1:0')]],
  ['wgbracket', [...iface(), ...peer(2, 'Endpoint = [2001:db8::1]')]],
  ['wgemptyhost', [...iface(), ...peer(2, 'Endpoint = []:51820')]],
  ['wgallowed', [...iface(), ...peer(2, 'AllowedIPs = 10.0.0.0/40')]],
  ['wgkeepalive', [...iface(), ...peer(2, 'PersistentKeepalive = 70000')]],
  ['wgpeernokey', [...iface(), '[Peer]', 'AllowedIPs = 10.0.0.0/8']],
  ['wgpeernokey2', [...iface(), '[Peer]', 'AllowedIPs = 10.0.0.0/8', ...peer(2)]],
];
