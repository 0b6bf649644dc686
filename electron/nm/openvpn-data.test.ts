import { describe, expect, it } from 'vitest';
import { openVpnFields } from '../../shared/vpn';
import { fieldsToVpnData, parseRemote, vpnDataToFields } from './openvpn-data';

const tls = openVpnFields.parse({ name: 'office', remote: 'vpn.example.org', connectionType: 'tls', ca: '/etc/ca.pem', cert: '/etc/c.pem', key: '/etc/k.pem', keyPassword: 'kp', tlsAuth: '/etc/ta.key', tlsAuthDirection: 1 });
const pw = openVpnFields.parse({ name: 'home', remote: '192.0.2.7', port: 443, protocol: 'tcp', connectionType: 'password', ca: '/etc/ca.pem', username: 'ann', password: 'pw', passwordFlag: 'ask' });

describe('form fields to vpn.data of the openvpn plugin', () => {
  it('maps a TLS profile to the plugin keys, with its key pass phrase as a saved secret', () => {
    expect(fieldsToVpnData(tls)).toEqual({
      data: {
        remote: 'vpn.example.org', port: '1194', 'connection-type': 'tls', dev: 'tun', ca: '/etc/ca.pem', cert: '/etc/c.pem', key: '/etc/k.pem',
        'cert-pass-flags': '0', 'remote-cert-tls': 'server', ta: '/etc/ta.key', 'ta-dir': '1',
      },
      secrets: { 'cert-pass': 'kp' },
    });
  });
  it('never stores a password that is asked every time (flag 2)', () => {
    const { data, secrets } = fieldsToVpnData(pw);
    expect(data).toMatchObject({ 'proto-tcp': 'yes', port: '443', username: 'ann', 'password-flags': '2' });
    expect(secrets).toEqual({});
  });
  it('keeps the keys the form does not own (tls-version-min, verify-x509-name...) on an edit', () => {
    const { data } = fieldsToVpnData(pw, { 'tls-version-min': '1.2', 'verify-x509-name': 'name:server', cert: '/old/cert.pem', 'remote-cert-tls': 'server' });
    expect(data).toMatchObject({ 'tls-version-min': '1.2', 'verify-x509-name': 'name:server' });
    expect(data.cert).toBeUndefined(); // the password type has no client certificate
  });
  it('reads the fields back from vpn.data', () => {
    const back = vpnDataToFields('home', false, fieldsToVpnData(pw).data);
    expect(openVpnFields.parse(back)).toEqual({ ...pw, password: undefined, keyPasswordFlag: 'saved' });
    expect(vpnDataToFields('x', false, { 'connection-type': 'tls' })).toBeNull(); // no remote
  });
});

describe('the remote of vpn.data', () => {
  it('reads host, host:port, host:port:proto, lists and bracketed IPv6', () => {
    expect(parseRemote({ remote: 'a.example' })).toEqual({ host: 'a.example', port: 1194, protocol: 'udp' });
    expect(parseRemote({ remote: 'a.example', port: '443', 'proto-tcp': 'yes' })).toEqual({ host: 'a.example', port: 443, protocol: 'tcp' });
    expect(parseRemote({ remote: '172.31.250.1:1195' })).toEqual({ host: '172.31.250.1', port: 1195, protocol: 'udp' });
    expect(parseRemote({ remote: 'a:443:tcp-client, b:1194:udp' })).toEqual({ host: 'a', port: 443, protocol: 'tcp' });
    expect(parseRemote({ remote: '[2001:db8::1]:1194:udp6' })).toEqual({ host: '2001:db8::1', port: 1194, protocol: 'udp' });
    expect(parseRemote({})).toBeNull();
  });
});

describe('an edit writes the remote as the profile had it', () => {
  const keep = { remote: '192.0.2.7:443:tcp, 198.51.100.2:1194', 'connection-type': 'password', 'password-flags': '1' };
  it('keeps remote, port keys and flags untouched when the server is unchanged', () => {
    const { data } = fieldsToVpnData({ ...pw, passwordFlag: 'saved' }, keep);
    expect(data).toMatchObject({ remote: keep.remote, 'password-flags': '1' });
    expect(data).not.toHaveProperty('port');
    expect(data).not.toHaveProperty('proto-tcp');
  });
  it('rewrites only the first server, in its host:port:proto style, keeping the others', () => {
    const { data } = fieldsToVpnData({ ...pw, remote: '203.0.113.9', port: 1443 }, keep);
    expect(data.remote).toBe('203.0.113.9:1443:tcp, 198.51.100.2:1194');
    expect(data).not.toHaveProperty('port');
  });
});

describe('the advanced settings in vpn.data', () => {
  const adv = openVpnFields.parse({
    name: 'a', remote: 'vpn.example.org', connectionType: 'password', ca: '/etc/ca.pem', username: 'u', cipher: 'AES-256-CBC', dataCiphers: 'AES-256-GCM:AES-128-GCM',
    auth: 'SHA256', tunnelMtu: 1400, fragmentSize: 1300, mssfix: 1200, compression: 'lz4-v2', proxyType: 'socks', proxyServer: '10.0.0.9', proxyPort: 1080,
    remoteRandom: true, ping: 10, pingRestart: 60,
  });
  it('writes each as the plugin key of its name', () => {
    expect(fieldsToVpnData(adv).data).toMatchObject({
      cipher: 'AES-256-CBC', 'data-ciphers': 'AES-256-GCM:AES-128-GCM', auth: 'SHA256', 'tunnel-mtu': '1400', 'fragment-size': '1300', mssfix: '1200',
      compress: 'lz4-v2', 'proxy-type': 'socks', 'proxy-server': '10.0.0.9', 'proxy-port': '1080', 'remote-random': 'yes', ping: '10', 'ping-restart': '60',
    });
  });
  it('reads them back to the same fields', () => {
    expect(openVpnFields.parse(vpnDataToFields('a', false, fieldsToVpnData(adv).data))).toEqual({ ...adv, password: undefined });
  });
  it('keeps a value as written while the form reads it the same ("no", a value the form cannot show)', () => {
    const keep = { ...fieldsToVpnData(pw).data, 'remote-random': 'no', compress: 'migrate', mssfix: 'yes' };
    const fields = openVpnFields.parse(vpnDataToFields('home', false, keep));
    expect(fields).toMatchObject({ mssfix: 'yes' });
    expect(fields).not.toHaveProperty('remoteRandom'); // "no" is the default, left out
    expect(fields).not.toHaveProperty('compression');
    expect(fieldsToVpnData(fields, keep).data).toMatchObject({ 'remote-random': 'no', compress: 'migrate', mssfix: 'yes' });
  });
  it('clears one the person emptied, and writes a switched-off boolean as absent', () => {
    const keep = fieldsToVpnData(adv).data;
    const { data } = fieldsToVpnData({ ...adv, cipher: undefined, remoteRandom: false }, keep);
    expect(data).not.toHaveProperty('cipher');
    expect(data).not.toHaveProperty('remote-random');
    expect(data).toMatchObject({ auth: 'SHA256' });
  });
});

describe('the settings added for administrators (compression, tls-crypt-v2, proxy login, ping-exit, connect-timeout)', () => {
  const more = openVpnFields.parse({
    name: 'm', remote: 'vpn.example.org', connectionType: 'password', ca: '/etc/ca.pem', username: 'u', compression: 'lzo', allowCompression: 'yes', compLzo: 'adaptive',
    tlsCryptV2: '/etc/tc2.key', proxyType: 'http', proxyServer: 'proxy.example', proxyPort: 3128, proxyUsername: 'pu', proxyPassword: 'pp', proxyRetry: true,
    pingExit: 120, connectTimeout: 20,
  });
  it('writes each as the plugin key of its name, the proxy password as a saved secret', () => {
    expect(fieldsToVpnData(more)).toMatchObject({
      data: {
        compress: 'lzo', 'allow-compression': 'yes', 'comp-lzo': 'adaptive', 'tls-crypt-v2': '/etc/tc2.key', 'http-proxy-username': 'pu', 'http-proxy-password-flags': '0',
        'proxy-retry': 'yes', 'ping-exit': '120', 'connect-timeout': '20',
      },
      secrets: { 'http-proxy-password': 'pp' },
    });
  });
  it('reads them back to the same fields', () => {
    expect(openVpnFields.parse(vpnDataToFields('m', false, fieldsToVpnData(more).data))).toEqual({ ...more, password: undefined, proxyPassword: undefined });
  });
  it('never stores a proxy password asked every time (flag 2)', () => {
    const { data, secrets } = fieldsToVpnData({ ...more, proxyPasswordFlag: 'ask' });
    expect(data['http-proxy-password-flags']).toBe('2');
    expect(secrets).not.toHaveProperty('http-proxy-password');
    expect(vpnDataToFields('m', false, data)).toMatchObject({ proxyPasswordFlag: 'ask' });
  });
  it('keeps an imported proxy password flag (1, agent-owned) and one without a user name, as written', () => {
    const imported = { ...fieldsToVpnData(more).data, 'http-proxy-password-flags': '1' };
    expect(fieldsToVpnData(openVpnFields.parse(vpnDataToFields('m', false, imported)), imported).data['http-proxy-password-flags']).toBe('1');
    const bare = { ...fieldsToVpnData(pw).data, 'http-proxy-password-flags': '0' };
    expect(fieldsToVpnData(pw, bare).data['http-proxy-password-flags']).toBe('0');
    // removing the user name removes its flag with it
    expect(fieldsToVpnData({ ...more, proxyUsername: undefined }, imported).data).not.toHaveProperty('http-proxy-password-flags');
  });
  it('reads proxy-retry as the plugin does: any value is on ("no" too), and switching it off removes the key', () => {
    const keep = { ...fieldsToVpnData(pw).data, 'proxy-retry': 'no' };
    const fields = openVpnFields.parse(vpnDataToFields('home', false, keep));
    expect(fields.proxyRetry).toBe(true);
    expect(fieldsToVpnData(fields, keep).data['proxy-retry']).toBe('no');
    expect(fieldsToVpnData({ ...fields, proxyRetry: false }, keep).data).not.toHaveProperty('proxy-retry');
  });
  it('reads a value the contract refuses as absent, and keeps it while the form leaves it so', () => {
    const keep = { ...fieldsToVpnData(pw).data, 'allow-compression': 'maybe', 'comp-lzo': 'no', 'ping-exit': 'soon' };
    const fields = openVpnFields.parse(vpnDataToFields('home', false, keep));
    expect(fields).not.toHaveProperty('allowCompression');
    expect(fields).not.toHaveProperty('compLzo');
    expect(fields).not.toHaveProperty('pingExit');
    expect(fieldsToVpnData(fields, keep).data).toMatchObject({ 'allow-compression': 'maybe', 'comp-lzo': 'no', 'ping-exit': 'soon' });
  });
});
